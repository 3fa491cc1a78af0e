#pragma once

// Runs mesolive-events (or another program) as a script would, for the CLI tests: a real
// process, while this thread's event loop keeps serving the in-process simulator, proxy or
// peer it talks to. The including target defines MESOLIVE_EVENTS_BIN.

#include "EventLoopWait.h"

#include <QByteArray>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace cli_test {

// A run longer than this is killed and reported with exit code -1 (runs against the .NET
// reference hub take up to 15 s).
constexpr int RunTimeoutMs = 30000;

struct Run
{
    int exitCode = -1; // -2: the process crashed
    QByteArray out;
    QByteArray err;
};

// The system's environment without what would change where the tool connects (MESOLIVE_*,
// the proxy variables), plus `extra`.
inline QProcessEnvironment cleanEnvironment(const QMap<QString, QString> &extra = {})
{
    QProcessEnvironment clean = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"MESOLIVE_INSTANCE", "MESOLIVE_API_KEY", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
                             "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"})
        clean.remove(QLatin1String(name));
    for (auto it = extra.begin(); it != extra.end(); ++it)
        clean.insert(it.key(), it.value());
    return clean;
}

// Runs `program` in `process` (set up by the caller: its output files, say) with `stdinData`
// on its standard input and cleanEnvironment(environment); `whileRunning` is called once it
// started (to act on the hub it talks to).
inline Run run(QProcess &process, const QString &program, const QStringList &arguments, const QByteArray &stdinData = {},
               const QMap<QString, QString> &environment = {}, const std::function<void()> &whileRunning = {})
{
    process.setProcessEnvironment(cleanEnvironment(environment));
    process.start(program, arguments);
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (whileRunning && process.waitForStarted(5000))
        whileRunning();
    Run result;
    if (!waitUntil([&] { return process.state() == QProcess::NotRunning; }, RunTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// Runs mesolive-events.
inline Run run(const QStringList &arguments, const QByteArray &stdinData = {}, const QMap<QString, QString> &environment = {})
{
    QProcess process;
    return run(process, QStringLiteral(MESOLIVE_EVENTS_BIN), arguments, stdinData, environment);
}

} // namespace cli_test
