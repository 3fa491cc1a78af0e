#include "HubCommand.h"

#include "signalr/HubProtocols.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace cli {

void printError(const QString &message)
{
    std::fprintf(stderr, "mesolive-events: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

namespace {

signalr::HubConnectionOptions optionsFor(const CliArguments &arguments)
{
    signalr::HubConnectionOptions options = eventhub::EventHubClient::connectionOptions(arguments.settings);
    // A script wants an answer, not a hang: a first connection that fails is reported at once.
    options.retryInitialConnection = false;
    // Validated by CliArguments.
    signalr::applyHubProtocolChoice(arguments.protocol, options);
    return options;
}

} // namespace

HubCommand::HubCommand(const CliArguments &arguments, QObject *parent)
    : QObject(parent)
    , m_arguments(arguments)
    , m_client(optionsFor(arguments))
{
    signalr::HubConnection &connection = m_client.connection();
    connect(&connection, &signalr::HubConnection::connected, this, [this] {
        if (!m_finished)
            onConnected();
    });
    connect(&connection, &signalr::HubConnection::reconnectScheduled, this,
            [](int attempt, const QDateTime &at, const signalr::ConnectionError &error) {
                printError(QStringLiteral("connection lost (%1); reconnect attempt %2 in %3 s")
                               .arg(error.message)
                               .arg(attempt)
                               .arg(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at)) / 1000.0, 0, 'f', 1));
            });
    connect(&connection, &signalr::HubConnection::transportSwitched, this,
            [](const signalr::ConnectionError &why) { printError(why.message); });
    connect(&connection, &signalr::HubConnection::closed, this, [this](const signalr::ConnectionError &error) {
        if (!m_finished)
            finish(exitCodeFor(error), error.message);
    });
}

void HubCommand::start()
{
    m_client.start();
}

void HubCommand::finishAsAsked()
{
    const signalr::HubConnection &connection = m_client.connection();
    const signalr::ConnectionError lost = connection.lastError();
    if (connection.state() != signalr::HubConnection::State::Connected && lost.isError()) {
        const ExitCode code = exitCodeFor(lost);
        finish(code == ExitOk ? ExitProtocolOrServer : code,
               QStringLiteral("ended with the connection lost: %1").arg(lost.message));
    } else {
        finish(ExitOk);
    }
}

void HubCommand::finish(ExitCode code, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    QString finalMessage = message;
    settle(code, finalMessage);
    m_exitCode = code;
    if (!finalMessage.isEmpty())
        printError(finalMessage);
    m_client.stop();
    QTimer::singleShot(0, qApp, [code] { QCoreApplication::exit(code); });
}

} // namespace cli
