#include "TextIndexBackfill.h"

#include "EventSearchText.h"
#include "StoreSchema.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace store {

namespace {

struct CloseDatabase
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement
{
    void operator()(sqlite3_stmt *statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Statement prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    return Statement(statement);
}

QString columnText(sqlite3_stmt *statement, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
                             sqlite3_column_bytes(statement, column));
}

std::optional<qint64> metaValue(sqlite3 *db, const char *key)
{
    Statement query = prepare(db, "SELECT value FROM meta WHERE key = ?");
    if (!query)
        return std::nullopt;
    sqlite3_bind_text(query.get(), 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(query.get()) != SQLITE_ROW)
        return std::nullopt;
    return sqlite3_column_int64(query.get(), 0);
}

// How much is indexed (0 to 1), nothing when all is.
std::optional<double> indexedPart(sqlite3 *db)
{
    const std::optional<qint64> below = metaValue(db, StoreSchema::TextBacklogKey);
    if (!below)
        return std::nullopt;
    return StoreSchema::textIndexedPart(*below, metaValue(db, StoreSchema::TextBacklogFromKey).value_or(*below));
}

bool hasRetiredIndex(sqlite3 *db)
{
    Statement query = prepare(db, "SELECT 1 FROM sqlite_master WHERE name = ?");
    if (!query)
        return false;
    sqlite3_bind_text(query.get(), 1, StoreSchema::RetiredTextTable, -1, SQLITE_STATIC);
    return sqlite3_step(query.get()) == SQLITE_ROW;
}

// Drops the older layout's full-text index a few MB per write transaction (one DROP held
// the live writer off for seconds): its blocks first, then the table. Rowids up to 10 are
// FTS5's own records (its structure), which the DROP reads.
bool dropRetiredIndex(sqlite3 *db, const std::atomic<bool> &stopping)
{
    const QByteArray table = StoreSchema::RetiredTextTable;
    const QByteArray deleteBlocks =
        "DELETE FROM " + table + "_data WHERE rowid IN (SELECT rowid FROM " + table + "_data WHERE rowid > 10 LIMIT 1000)";
    const auto inTransaction = [db](const QByteArray &sql) {
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
            return false;
        if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr) == SQLITE_OK
            && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK)
            return true;
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    };
    do {
        if (stopping)
            return true;
        if (!inTransaction(deleteBlocks))
            return false;
    } while (sqlite3_changes(db) > 0);
    return inTransaction("DROP TABLE " + table);
}

// One batch, in one write transaction: the events below `below`, newest first, indexed, and
// the new bound saved (the key deleted with its companion when none is left). Returns the
// new bound, 0 when done, nothing on an error.
std::optional<qint64> indexBatch(sqlite3 *db, qint64 below)
{
    // IMMEDIATE: the write lock first, so that a busy writer is waited for (busy_timeout)
    // rather than failing this transaction half-way.
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::nullopt;
    const auto rollback = [db]() -> std::optional<qint64> {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return std::nullopt;
    };
    Statement rows = prepare(db, "SELECT rowid, seq_id, kind, strategy_name, payload FROM events WHERE rowid < ?"
                                 " ORDER BY rowid DESC LIMIT ?");
    Statement index = prepare(db, "INSERT INTO events_text (rowid, text) VALUES (?, ?)");
    if (!rows || !index)
        return rollback();
    sqlite3_bind_int64(rows.get(), 1, below);
    sqlite3_bind_int(rows.get(), 2, TextIndexBackfill::BatchEvents);
    qint64 lowest = 0;
    int step;
    while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) {
        lowest = sqlite3_column_int64(rows.get(), 0);
        eventhub::Event event;
        event.kindName = columnText(rows.get(), 2);
        event.kind = eventhub::kindFromName(event.kindName);
        event.strategyName = columnText(rows.get(), 3);
        event.setPayloadJson(
            QByteArray(static_cast<const char *>(sqlite3_column_blob(rows.get(), 4)), sqlite3_column_bytes(rows.get(), 4)));
        const QByteArray text = searchableText(event);
        sqlite3_reset(index.get());
        sqlite3_bind_int64(index.get(), 1, sqlite3_column_int64(rows.get(), 1));
        sqlite3_bind_text(index.get(), 2, text.constData(), int(text.size()), SQLITE_STATIC);
        if (sqlite3_step(index.get()) != SQLITE_DONE)
            return rollback();
    }
    if (step != SQLITE_DONE)
        return rollback();
    const bool done = lowest <= 1;
    Statement save = prepare(db, done ? "DELETE FROM meta WHERE key IN (?, ?)" : "UPDATE meta SET value = ? WHERE key = ?");
    if (!save)
        return rollback();
    if (done) {
        sqlite3_bind_text(save.get(), 1, StoreSchema::TextBacklogKey, -1, SQLITE_STATIC);
        sqlite3_bind_text(save.get(), 2, StoreSchema::TextBacklogFromKey, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(save.get(), 1, lowest);
        sqlite3_bind_text(save.get(), 2, StoreSchema::TextBacklogKey, -1, SQLITE_STATIC);
    }
    if (sqlite3_step(save.get()) != SQLITE_DONE || sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return rollback();
    return done ? 0 : lowest;
}

// Merges the index's segments a few MB per write transaction until FTS5 has nothing left
// to merge: each batch committed one small segment, and thousands of them made every
// later write pay FTS5's automatic merging (the flood's store CPU per event 34-48 us after
// a backfill of 1M events, 28 us once merged: docs/benchmarks.md).
void mergeSegments(sqlite3 *db, const std::atomic<bool> &stopping)
{
    while (!stopping) {
        const int changesBefore = sqlite3_total_changes(db);
        // A negative number of pages: segments of every level are merged (towards one).
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
            return;
        if (sqlite3_exec(db, "INSERT INTO events_text (events_text, rank) VALUES ('merge', -500)", nullptr, nullptr, nullptr)
                != SQLITE_OK
            || sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return;
        }
        // The command's own row counts as one change; FTS5's documented test of "no work".
        if (sqlite3_total_changes(db) - changesBefore < 2)
            return;
    }
}

} // namespace

TextIndexBackfill::TextIndexBackfill(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("text-index"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

TextIndexBackfill::~TextIndexBackfill()
{
    m_stopping = true;
    m_thread.quit();
    m_thread.wait();
}

double TextIndexBackfill::start(const QString &path)
{
    sqlite3 *handle = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    const Database db(handle);
    const std::optional<double> done = indexedPart(db.get());
    if (done || hasRetiredIndex(db.get()))
        QMetaObject::invokeMethod(m_worker, [this, path] { run(path); });
    return done.value_or(1);
}

void TextIndexBackfill::run(const QString &path)
{
    sqlite3 *handle = nullptr;
    const int opened = sqlite3_open_v2(path.toUtf8().constData(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(handle);
    const auto fail = [&] { emit failed(QString::fromUtf8(sqlite3_errmsg(db.get()))); };
    // The writer's settings (StoreWriter.cpp); waits up to 10 s for the live writer, whose
    // commits are short.
    if (opened != SQLITE_OK
        || sqlite3_exec(db.get(), "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384", nullptr,
                        nullptr, nullptr)
               != SQLITE_OK)
        return fail();
    // Its pages first: the new index reuses them instead of growing the file.
    if (hasRetiredIndex(db.get()) && !dropRetiredIndex(db.get(), m_stopping))
        return fail();
    std::optional<qint64> below = metaValue(db.get(), StoreSchema::TextBacklogKey);
    if (!below)
        return; // done meanwhile (by another start)
    while (!m_stopping && *below > 0) {
        below = indexBatch(db.get(), *below);
        if (!below)
            return fail();
        if (*below > 0)
            emit progress(indexedPart(db.get()).value_or(1));
    }
    if (*below == 0) {
        emit progress(1.0);
        mergeSegments(db.get(), m_stopping);
        emit finished();
    }
}

} // namespace store
