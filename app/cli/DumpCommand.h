#pragma once

#include "HubCommand.h"
#include "StandardOutput.h"

#include <QSet>

#include <memory>

namespace feed {
class EventFeed;
}
namespace store {
class EventStore;
}

namespace cli {

// mesolive-events dump: prints live events, one per line, until --seconds pass or the
// user interrupts. The EventFeed underneath replays from --since (and, after every
// reconnect, from the last printed event) before subscribing, so that across disconnects
// each event is printed once and none is missed. With --store it also keeps every event
// in the local store and a restarted dump starts after the stored cursor (events printed
// but not yet committed when a process is killed are printed again after the restart).
// The store never moves past an event that was not printed: a failed write to stdout ends
// the command (exit 1, or quietly with 0 when the reader went away, as `dump | head` does)
// with the store at the last event that got out.
class DumpCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit DumpCommand(const CliArguments &arguments, QObject *parent = nullptr);
    ~DumpCommand() override;

    // Opens the store when asked for and sets the feed's starting point.
    bool prepare(QString &error) override;

private:
    void settle(ExitCode &code, QString &message) override;
    void print(const QList<eventhub::Event> &events);
    // Stores the first `count` events of a batch, with a cursor that does not pass the rest.
    void storePrinted(const QList<eventhub::Event> &events, qsizetype count);
    void reportProblem(const QString &message);
    void reportFailedSubscriptions();

    StandardOutput m_stdout;
    QByteArray m_lines;
    QList<qsizetype> m_lineEnds;
    qint64 m_printed = 0;
    // Problems reported (hub errors, malformed callbacks): a dump that printed nothing
    // because of them has failed, whatever else happened.
    qint64 m_problems = 0;
    std::unique_ptr<store::EventStore> m_store;
    feed::EventFeed *m_feed = nullptr;
    QSet<qint64> m_reportedFailures;
};

} // namespace cli
