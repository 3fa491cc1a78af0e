#pragma once

#include "eventhub/Event.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <functional>
#include <optional>

namespace store {

// The event store's worker: owns the SQLite connection on the store's own thread, batches
// upserts into transactions (bounded latency), and keeps what it could not write in
// memory to retry, so a full disk loses nothing. Only EventStore talks to it.
class StoreWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    static constexpr int MaxBatchLatencyMs = 100;
    static constexpr int MaxBatchSize = 2000;

    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    // Opens (and if needed creates) the database. Runs on the worker thread.
    bool open(const QString &path, QString &error);
    std::optional<qint64> storedCursor() const { return m_committedCursor; }
    std::optional<qint64> coveredFrom() const { return m_coveredFrom; }

    void setMaximumSize(qint64 bytes);
    void append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom);
    // Commits what is pending now. Returns false when the write failed (kept for retry).
    bool commitPending();
    QList<eventhub::Event> readAfter(qint64 afterSeqId, int limit, QString &error);
    void close();

signals:
    void committed(qint64 cursor, qint64 coveredFrom);
    void writeFailed(const QString &message);
    void writeRecovered();

private:
    bool writeBatch(QString &error);

    QString m_connectionName;
    QSqlDatabase m_database;
    QList<eventhub::Event> m_pending;
    std::optional<qint64> m_pendingCursor;
    std::optional<qint64> m_committedCursor;
    std::optional<qint64> m_pendingCoveredFrom;
    std::optional<qint64> m_coveredFrom;
    QTimer m_batchTimer;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    bool m_failing = false;
};

} // namespace store
