#pragma once

// mesolive-events run against a reference hub as a script runs it (tests/cli/CliRun.h):
// its exit code and output.

#include "CliRun.h"
#include "ReferenceSupport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

namespace reference {

using CliRun = cli_test::Run;

// Runs the tool on `hub` with `key`; `whileRunning` acts on the hub while it runs (e.g.
// emits events).
inline CliRun runCli(const ReferenceHub &hub, const QStringList &arguments, const QByteArray &key = ReferenceHub::ApiKey,
                     const std::function<void()> &whileRunning = {})
{
    QProcess process;
    return cli_test::run(process, QStringLiteral(MESOLIVE_EVENTS_BIN),
                         arguments
                             + QStringList{QStringLiteral("--instance"), hub.baseUrl().toString(), QStringLiteral("--api-key"),
                                           QString::fromLatin1(key)},
                         {}, {}, whileRunning);
}

// The output's lines, without empty ones.
inline QList<QByteArray> outputLines(const QByteArray &out)
{
    QList<QByteArray> all = out.split('\n');
    all.removeAll(QByteArray());
    return all;
}

// The EventSeqId of each JSONL envelope printed (history, dump), in order.
inline QList<qint64> printedSeqIds(const QByteArray &out)
{
    QList<qint64> ids;
    for (const QByteArray &line : outputLines(out)) {
        const QJsonObject envelope = QJsonDocument::fromJson(line).object();
        ids.append(envelope.value(envelope.value(QLatin1String("Kind")).toString())[QLatin1String("EventSeqId")].toInteger());
    }
    return ids;
}

} // namespace reference
