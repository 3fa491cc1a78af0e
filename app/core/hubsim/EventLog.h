#pragma once

#include "eventhub/Event.h"
#include "eventhub/EventKind.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <deque>
#include <memory>

class QFile;

namespace hubsim {

// The simulated user's event log: the source of truth for callbacks, GetLatestEventSeqId
// and GetEventsSince. It stamps the common fields the real hub documents (EventId,
// EventSeqId, EventTime) and keeps every event in order.
//
// Optionally durable: an append-only JSONL file, one history envelope per line, so that a
// restarted simulator keeps its history and continues the numbering, as a real hub would.
//
// Not thread-safe: the simulator owns it from one thread.
class EventLog
{
public:
    EventLog();
    ~EventLog();
    Q_DISABLE_COPY_MOVE(EventLog)

    // Loads the events already in `path` (created when missing) and appends every later
    // event to it. Must be called before the first append. A torn last line (a crash in the
    // middle of a write) is dropped and cut from the file; any other unreadable line, or
    // EventSeqIds out of order, is an error and leaves the log empty and not durable.
    bool openDurable(const QString &path, QString &error);
    bool isDurable() const;
    QString durablePath() const;
    // Why the last append could not be written to the durable file; empty when all were.
    // The event is kept in memory either way.
    QString writeError() const;

    // Stamps and stores an event. `payload` holds the kind-specific fields only: EventId
    // (a new UUID without braces), EventSeqId (latestSeqId() + 1) and EventTime (`timeUtc`
    // as ISO-8601 UTC with milliseconds and a 'Z'; the current time when invalid) are added
    // here. `kind` must not be Unknown. The reference stays valid while the log lives.
    const eventhub::Event &append(eventhub::EventKind kind, QJsonObject payload, const QDateTime &timeUtc);

    // 0 while the log is empty.
    qint64 latestSeqId() const;
    qsizetype size() const { return qsizetype(m_events.size()); }
    bool isEmpty() const { return m_events.empty(); }
    const eventhub::Event &eventAt(qsizetype index) const { return m_events[size_t(index)]; }

    // Binary searches over EventSeqId: O(log n).
    const eventhub::Event *findBySeq(qint64 seqId) const;
    // The index of the first event with an EventSeqId greater than `seqId`; size() if none.
    qsizetype indexAfter(qint64 seqId) const;

    // "2026-11-25T09:52:36.123Z".
    static QString formatEventTime(const QDateTime &time);

private:
    bool load(QFile &file, QString &error);
    void store(eventhub::Event &&event);
    void writeDurable(const eventhub::Event &event);

    // A deque, not a vector: growing it never moves stored events, so references handed
    // out by append() and eventAt() stay valid, and no reallocation doubles the memory of a
    // million-event log for a moment.
    std::deque<eventhub::Event> m_events;
    // Every event of a strategy shares one copy of its name instead of one per event.
    QHash<QString, QString> m_strategyNames;
    std::unique_ptr<QFile> m_file;
    QString m_writeError;
};

} // namespace hubsim
