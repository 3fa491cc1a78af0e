#pragma once

#include "EventUpsert.h"
#include "eventhub/Event.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace store {

// The event store's worker: owns the SQLite connection on the store's own thread, batches
// upserts into transactions (bounded latency), and keeps what it could not write in
// memory to retry, so a full disk loses nothing. Only EventStore talks to it.
// What the writer's queue holds, read from the caller's thread without waiting for the
// writer's: how many events wait to be committed, and whether writes are failing.
struct StoreQueueState
{
    std::atomic<qsizetype> queuedEvents{0};
    std::atomic_bool failing{false};

    // Wakes whoever waits for the queue to shrink (EventStore::waitUntilQueuedBelow),
    // after a change to either field. Taking the mutex first means a waiter that checked
    // the fields just before the change is already waiting, and is woken.
    void notifyChanged()
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
        }
        changed.notify_all();
    }
    std::mutex mutex;
    std::condition_variable changed;
};

class StoreWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    static constexpr int MaxBatchLatencyMs = 100;
    // In a flood, one commit per 10,000 events: each commit writes the ends of every index
    // and a new segment of the full-text index, whatever the number of events in it.
    static constexpr int MaxBatchSize = 10000;

    explicit StoreWriter(std::shared_ptr<StoreQueueState> queueState, QObject *parent = nullptr);
    ~StoreWriter() override;

    enum class OpenStatus {
        Opened,
        Damaged,   // SQLITE_CORRUPT, SQLITE_NOTADB or a failed integrity check: worth moving aside
        Busy,      // SQLITE_BUSY or SQLITE_LOCKED: another program holds it; leave it alone
        Unusable,  // anything else (read-only, cannot open, ...): leave it alone
    };
    // Opens (and if needed creates) the database. Runs on the worker thread. A read-only
    // store is never created or written (browsing a store another process owns).
    OpenStatus open(const QString &path, bool readOnly, QString &error);
    std::optional<qint64> storedCursor() const { return m_committedCursor; }
    std::optional<qint64> coveredFrom() const { return m_coveredFrom; }
    qint64 backfilledTo() const { return m_backfilledTo; }

    void setMaximumSize(qint64 bytes);
    void append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom);
    void appendBackfill(const QList<eventhub::Event> &events, qint64 backfilledTo);
    // Commits what is pending now. Returns false when the write failed (kept for retry).
    bool commitPending();
    QList<eventhub::Event> readAfter(qint64 afterSeqId, int limit, QString &error);
    void close();

signals:
    void committed(qint64 cursor, qint64 coveredFrom, qint64 backfilledTo);
    void writeFailed(const QString &message);
    void writeRecovered();

private:
    void scheduleCommit();
    bool writeBatch(QString &error);

    const std::shared_ptr<StoreQueueState> m_queueState;
    QString m_connectionName;
    QSqlDatabase m_database;
    std::unique_ptr<EventUpsert> m_upsert;
    QList<eventhub::Event> m_pending;
    std::optional<qint64> m_pendingCursor;
    std::optional<qint64> m_committedCursor;
    std::optional<qint64> m_pendingCoveredFrom;
    std::optional<qint64> m_coveredFrom;
    std::optional<qint64> m_pendingBackfilledTo;
    qint64 m_backfilledTo = 0;
    QTimer m_batchTimer;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    bool m_failing = false;
};

} // namespace store
