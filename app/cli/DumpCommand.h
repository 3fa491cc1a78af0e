#pragma once

#include "HubCommand.h"

#include <QFile>
#include <QSet>

namespace feed {
class EventFeed;
}

// mesolive-events dump: prints live events, one per line, until --seconds pass or the
// user interrupts. The EventFeed underneath replays from --since (and, after every
// reconnect, from the last printed event) before subscribing, so that across disconnects
// each event is printed once and none is missed.
class DumpCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit DumpCommand(const CliArguments &arguments, QObject *parent = nullptr);
    ~DumpCommand() override;

private:
    void print(const QList<eventhub::Event> &events);
    void reportFailedSubscriptions();

    QFile m_stdout;
    feed::EventFeed *m_feed;
    QSet<qint64> m_reportedFailures;
};
