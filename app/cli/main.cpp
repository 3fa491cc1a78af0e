// mesolive-events: the Event Hub from the command line (dump, history, latest).

#include "CliArguments.h"
#include "DumpCommand.h"
#include "HistoryCommand.h"
#include "LatestCommand.h"
#include "StandardOutput.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace cli {
namespace {

std::atomic_bool interrupted{false};

void onInterrupt(int)
{
    interrupted = true;
}

std::unique_ptr<HubCommand> makeCommand(const CliArguments &arguments)
{
    switch (arguments.command) {
    case CliArguments::Command::Dump: return std::make_unique<DumpCommand>(arguments);
    case CliArguments::Command::History: return std::make_unique<HistoryCommand>(arguments);
    case CliArguments::Command::Latest: return std::make_unique<LatestCommand>(arguments);
    }
    return nullptr;
}

} // namespace
} // namespace cli

int main(int argc, char *argv[])
{
    using namespace cli;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mesolive-events"));

    CliArguments arguments;
    const bool valid = arguments.parse(QCoreApplication::arguments());
    if (arguments.helpRequested || arguments.versionRequested) {
        std::fprintf(valid ? stdout : stderr, "%s\n", qUtf8Printable(arguments.message.trimmed()));
        return valid ? ExitOk : ExitUsage;
    }
    if (!valid) {
        printError(arguments.message);
        return ExitUsage;
    }
    for (const QString &warning : std::as_const(arguments.warnings))
        printError(warning);

    std::unique_ptr<HubCommand> command = makeCommand(arguments);
    QString error;
    if (!command->prepare(error)) {
        printError(error);
        return ExitFailure;
    }

    // Ctrl-C ends a dump as its time running out does (HubCommand::interrupt). The handler
    // only sets a flag (all a signal handler may safely do); the event loop polls it.
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    // A reader that went away (`dump | head`) comes back as a failed write, so that the
    // command ends cleanly with its store at what was printed, instead of being killed.
    StandardOutput::ignoreBrokenPipeSignal();
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, command.get(), [&command] {
        if (interrupted)
            command->interrupt();
    });
    interruptPoll.start(100);

    if (arguments.seconds) {
        // CliArguments keeps --seconds within what a QTimer's int of milliseconds holds.
        QTimer::singleShot(static_cast<int>(*arguments.seconds * 1000), command.get(), [&command] { command->finishAsAsked(); });
    }
    command->start();
    return app.exec();
}
