#pragma once

#include "HubCommand.h"

#include <QFile>
#include <QSet>

#include <optional>

// mesolive-events dump: prints live events, one per line, until --seconds pass or the
// user interrupts. With --since, and after every reconnect, it first replays the history
// from its cursor (live events arriving meanwhile wait, then merge), so that nothing is
// missed; an EventId is printed once.
class DumpCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit DumpCommand(const CliArguments &arguments, QObject *parent = nullptr);

protected:
    void onConnected() override;

private:
    void onLiveEvent(const eventhub::Event &event);
    void print(const eventhub::Event &event);
    void replayThenSubscribe(qint64 fromSeqId);
    void subscribe();

    QFile m_stdout;
    QSet<QString> m_printedIds;
    std::optional<qint64> m_cursor;
    bool m_replaying = false;
    QList<eventhub::Event> m_heldDuringReplay;
};
