#include "StoreWriter.h"

#include "EventSearchText.h"
#include "StoreSchema.h"
#include "eventhub/EventSeverity.h"

#include <QHash>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace store {

namespace {

constexpr int FirstRetryDelayMs = 1000;
constexpr int LongestRetryDelayMs = 30000;
constexpr qint64 MemoryMapBytes = 64 * 1024 * 1024;


// SQLite's primary result code (the low byte of an extended one) tells a damaged file
// from one that is only held or out of reach.
StoreWriter::OpenStatus statusOf(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return StoreWriter::OpenStatus::Unusable;
    switch (code) {
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return StoreWriter::OpenStatus::Damaged;
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return StoreWriter::OpenStatus::Busy;
    default: return StoreWriter::OpenStatus::Unusable;
    }
}

} // namespace

StoreWriter::StoreWriter(std::shared_ptr<StoreQueueState> queueState, QObject *parent)
    : QObject(parent)
    , m_queueState(std::move(queueState))
    , m_connectionName(QStringLiteral("mesolive-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    // Children, so that they move to the store's thread with the writer.
    , m_batchTimer(this)
    , m_retryTimer(this)
{
    m_batchTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_batchTimer, &QTimer::timeout, this, &StoreWriter::commitPending);
    connect(&m_retryTimer, &QTimer::timeout, this, &StoreWriter::commitPending);
}

StoreWriter::~StoreWriter()
{
    close();
}

StoreWriter::OpenStatus StoreWriter::open(const QString &path, bool readOnly, QString &error)
{
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_database.setDatabaseName(path);
    // No waiting while opening: a store another program holds (an sqlite3 shell, a backup
    // tool) is reported as busy at once instead of after SQLite's default 5 s.
    m_database.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=0;QSQLITE_OPEN_READONLY")
                                          : QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
    if (!m_database.open()) {
        error = m_database.lastError().text();
        return statusOf(m_database.lastError());
    }
    const auto failed = [&](const QSqlError &sqlError) {
        error = sqlError.text();
        return statusOf(sqlError);
    };
    // No PRAGMA quick_check here: it reads the whole file, seconds for a store of millions
    // of events, at every start. A torn or overwritten file still fails the first read of
    // its schema below with SQLITE_CORRUPT or SQLITE_NOTADB; the full check is
    // EventStore::checkIntegrity, on demand and at most daily in the background.
    // WAL: readers never block the writer; NORMAL: a committed transaction survives the
    // process being killed (not necessarily a power cut, which costs the last commits only).
    // Reads through a memory map of up to 64 MB instead of a pread per page: a third off
    // an export's time. Every mapped page that was touched counts in the process's
    // resident memory, and inserts touch pages all over the EventId index: a 256 MB map
    // made the app's RSS grow with the store (227 MB after a 300,000-event flood, 177 MB
    // of it the map; docs/benchmarks.md), so the map is kept small. Writes still go
    // through write() (SQLite's default build), and WAL maps its -shm file anyway. Once
    // open, a write waits up to 2 s for a reader that holds the file (a failed write is
    // kept and retried anyway).
    QStringList setup{QStringLiteral("PRAGMA mmap_size=%1").arg(MemoryMapBytes)};
    if (!readOnly) {
        // A 32 MB page cache: an insert touches six indexes, and with SQLite's default 2 MB
        // a store of millions of events rereads their pages at every commit.
        // A checkpoint every 10,000 WAL pages (40 MB) instead of SQLite's 1,000: a flood
        // rewrites the same pages (the ends of the indexes) at every commit, and a
        // checkpoint copies each page once however often the WAL holds it, and syncs once.
        setup += {QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=NORMAL"),
                  QStringLiteral("PRAGMA busy_timeout=2000"), QStringLiteral("PRAGMA cache_size=-32768"),
                  QStringLiteral("PRAGMA wal_autocheckpoint=10000")};
    }
    for (const QString &statement : std::as_const(setup)) {
        QSqlQuery query(m_database);
        if (!query.exec(statement))
            return failed(query.lastError());
    }
    QSqlError schemaError;
    const StoreSchema::Result schema =
        readOnly ? StoreSchema::checkReadable(m_database, schemaError) : StoreSchema::prepare(m_database, schemaError);
    if (schema == StoreSchema::Result::NewerVersion) {
        error = QStringLiteral("it was written by a newer version of this program");
        return OpenStatus::Unusable;
    }
    if (schema == StoreSchema::Result::Failed)
        return failed(schemaError);
    if (!readOnly) {
        m_upsert = std::make_unique<EventUpsert>(m_database);
        if (!m_upsert->isReady(error))
            return OpenStatus::Unusable;
    }
    QSqlQuery meta(m_database);
    if (!meta.exec(QStringLiteral("SELECT key, value FROM meta")))
        return failed(meta.lastError());
    while (meta.next()) {
        if (meta.value(0).toString() == QLatin1String("cursor"))
            m_committedCursor = meta.value(1).toLongLong();
        else if (meta.value(0).toString() == QLatin1String("covered_from"))
            m_coveredFrom = meta.value(1).toLongLong();
        else if (meta.value(0).toString() == QLatin1String("backfilled_to"))
            m_backfilledTo = meta.value(1).toLongLong();
    }
    return OpenStatus::Opened;
}

void StoreWriter::setMaximumSize(qint64 bytes)
{
    QSqlQuery pageSize(m_database);
    if (!pageSize.exec(QStringLiteral("PRAGMA page_size")) || !pageSize.next())
        return;
    // SQLite's own cap is in pages; a huge number means none.
    const qint64 pages = bytes > 0 ? std::max<qint64>(1, bytes / pageSize.value(0).toLongLong()) : 1073741823;
    QSqlQuery limit(m_database);
    limit.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
}

void StoreWriter::append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom)
{
    m_pending += events;
    m_pendingCursor = std::max(m_pendingCursor.value_or(cursor), cursor);
    // Where the unbroken part of the history starts is set once: every later session
    // starts at the stored cursor, so the range only grows upwards.
    if (!m_coveredFrom && !m_pendingCoveredFrom)
        m_pendingCoveredFrom = coveredFrom;
    scheduleCommit();
}

void StoreWriter::appendBackfill(const QList<eventhub::Event> &events, qint64 backfilledTo)
{
    m_pending += events;
    m_pendingBackfilledTo = std::max({m_pendingBackfilledTo.value_or(0), m_backfilledTo, backfilledTo});
    scheduleCommit();
}

void StoreWriter::scheduleCommit()
{
    if (m_failing)
        return; // the retry timer decides
    if (m_pending.size() >= MaxBatchSize)
        commitPending();
    else if (!m_batchTimer.isActive())
        m_batchTimer.start(MaxBatchLatencyMs);
}

bool StoreWriter::commitPending()
{
    m_batchTimer.stop();
    if (m_pending.isEmpty() && (!m_pendingCursor || m_pendingCursor == m_committedCursor) && !m_pendingBackfilledTo)
        return true;
    QString error;
    if (!writeBatch(error)) {
        m_upsert->rolledBack();
        m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryDelayMs : std::min(LongestRetryDelayMs, m_retryDelayMs * 2);
        if (!m_failing) {
            m_failing = true;
            m_queueState->failing = true;
            m_queueState->notifyChanged();
            emit writeFailed(QStringLiteral("The event store cannot be written (%1). Events are kept in memory "
                                            "and written as soon as it works again.")
                                 .arg(error));
        }
        m_retryTimer.start(m_retryDelayMs);
        return false;
    }
    m_retryDelayMs = 0;
    m_queueState->failing = false;
    if (std::exchange(m_failing, false))
        emit writeRecovered();
    emit committed(m_committedCursor.value_or(0), m_coveredFrom.value_or(m_committedCursor.value_or(0)), m_backfilledTo);
    return true;
}

bool StoreWriter::writeBatch(QString &error)
{
    if (!m_database.transaction()) {
        error = m_database.lastError().text();
        return false;
    }
    for (const eventhub::Event &event : std::as_const(m_pending)) {
        if (!m_upsert->write(event, error)) {
            m_database.rollback();
            return false;
        }
    }
    const qint64 cursor = std::max(m_committedCursor.value_or(0), m_pendingCursor.value_or(0));
    QSqlQuery saveMeta(m_database);
    saveMeta.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"
                                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    QList<QPair<QString, qint64>> values{{QStringLiteral("cursor"), cursor}};
    if (m_pendingCoveredFrom)
        values.append({QStringLiteral("covered_from"), *m_pendingCoveredFrom});
    if (m_pendingBackfilledTo)
        values.append({QStringLiteral("backfilled_to"), *m_pendingBackfilledTo});
    for (const auto &[key, value] : values) {
        saveMeta.bindValue(0, key);
        saveMeta.bindValue(1, value);
        if (!saveMeta.exec()) {
            error = saveMeta.lastError().text();
            m_database.rollback();
            return false;
        }
    }
    if (!m_database.commit()) {
        error = m_database.lastError().text();
        m_database.rollback();
        return false;
    }
    if (m_pendingCoveredFrom)
        m_coveredFrom = std::exchange(m_pendingCoveredFrom, std::nullopt);
    if (m_pendingBackfilledTo)
        m_backfilledTo = *std::exchange(m_pendingBackfilledTo, std::nullopt);
    m_committedCursor = cursor;
    m_queueState->queuedEvents -= m_pending.size();
    m_queueState->notifyChanged();
    m_pending.clear();
    m_pendingCursor.reset();
    return true;
}

QList<eventhub::Event> StoreWriter::readAfter(qint64 afterSeqId, int limit, QString &error)
{
    QList<eventhub::Event> events;
    QSqlQuery query(m_database);
    // Forward only: QSqlQuery otherwise keeps every row for a backward step never taken.
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT event_id, seq_id, kind, time_ms, strategy_id, strategy_name, payload"
                                 " FROM events WHERE seq_id > ? ORDER BY seq_id LIMIT ?"));
    query.bindValue(0, afterSeqId);
    query.bindValue(1, limit);
    if (!query.exec()) {
        error = query.lastError().text();
        return events;
    }
    // The fields were parsed out of the payload and checked when the event was stored:
    // they are read back as columns, not parsed again (that was half of an export's time).
    // Kind and strategy names repeat: each distinct one is one shared string.
    QHash<QString, QString> names;
    const auto shared = [&names](const QString &name) {
        const auto found = names.constFind(name);
        return found != names.constEnd() ? *found : *names.insert(name, name);
    };
    while (query.next()) {
        eventhub::Event event;
        event.seqId = query.value(1).toLongLong();
        event.kindName = shared(query.value(2).toString());
        event.kind = eventhub::kindFromName(event.kindName);
        event.timeMs = query.value(3).toLongLong();
        const QVariant strategyId = query.value(4);
        event.strategyId = strategyId.isNull() ? -1 : strategyId.toLongLong();
        event.strategyName = shared(query.value(5).toString());
        event.setPayloadJson(query.value(6).toByteArray());
        event.setEventId(query.value(0).toString()); // after the payload, to share its bytes
        events.append(std::move(event));
    }
    return events;
}

void StoreWriter::close()
{
    if (!m_database.isValid())
        return;
    commitPending();
    m_upsert.reset();
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

} // namespace store
