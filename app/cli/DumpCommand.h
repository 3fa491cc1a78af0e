#pragma once

#include "HubCommand.h"

#include <QFile>
#include <QSet>

#include <memory>

namespace feed {
class EventFeed;
}
namespace store {
class EventStore;
}

// mesolive-events dump: prints live events, one per line, until --seconds pass or the
// user interrupts. The EventFeed underneath replays from --since (and, after every
// reconnect, from the last printed event) before subscribing, so that across disconnects
// each event is printed once and none is missed. With --store it also keeps every event
// in the local store and a restarted dump starts after the stored cursor (events printed
// but not yet committed when a process is killed are printed again after the restart).
class DumpCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit DumpCommand(const CliArguments &arguments, QObject *parent = nullptr);
    ~DumpCommand() override;

    // Opens the store when asked for and sets the feed's starting point.
    bool prepare(QString &error) override;

private:
    void print(const QList<eventhub::Event> &events);
    void reportFailedSubscriptions();

    QFile m_stdout;
    std::unique_ptr<store::EventStore> m_store;
    feed::EventFeed *m_feed = nullptr;
    QSet<qint64> m_reportedFailures;
};
