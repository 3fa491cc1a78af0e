#pragma once

#include "CliArguments.h"
#include "ExitCode.h"
#include "eventhub/EventHubClient.h"

#include <QObject>

namespace cli {

// What every command shares: connect to the Event Hub, turn a failed connection into a
// readable message on stderr and the documented exit code, and end the event loop.
class HubCommand : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubCommand)

public:
    explicit HubCommand(const CliArguments &arguments, QObject *parent = nullptr);

    // Opens what the command needs before connecting. Returns false with `error` set.
    virtual bool prepare(QString &error)
    {
        Q_UNUSED(error)
        return true;
    }
    void start();
    // Ends the command: stops the connection, then quits the event loop with `code`.
    void finish(ExitCode code, const QString &message = {});
    // Ends the command when its time is up or the user interrupts it: 0, unless it ends
    // with its connection lost (the code of the last loss, 5 for a server's Close), so
    // that a script can tell; settle() may have the last word.
    void finishAsAsked();
    ExitCode exitCode() const { return m_exitCode; }
    // Ctrl-C or SIGTERM: by default the end a dump runs until (finishAsAsked).
    virtual void interrupt() { finishAsAsked(); }

protected:
    // The command's last word before it ends: it may change the exit code and message
    // (e.g. a store that could not keep what was printed).
    virtual void settle(ExitCode &code, QString &message)
    {
        Q_UNUSED(code)
        Q_UNUSED(message)
    }
    bool isFinished() const { return m_finished; }
    // Called on every (re)connection.
    virtual void onConnected() {}

    const CliArguments &m_arguments;
    eventhub::EventHubClient m_client;

private:
    ExitCode m_exitCode = ExitOk;
    bool m_finished = false;
};

void printError(const QString &message);

} // namespace cli
