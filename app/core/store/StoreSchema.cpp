#include "StoreSchema.h"

#include "eventhub/EventSeverity.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace store::StoreSchema {

namespace {

// Version 0: what the first releases wrote.
const char *const Version0Tables[] = {
    "CREATE TABLE IF NOT EXISTS events ("
    " event_id TEXT PRIMARY KEY,"
    " seq_id INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " time_ms INTEGER NOT NULL,"
    " strategy_id INTEGER,"
    " strategy_name TEXT,"
    " payload BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS events_by_seq ON events(seq_id)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
};

// Version 1: what the history pane filters and sorts by over millions of events, each
// index ending in seq_id so that a filtered list comes out in EventSeqId order without a
// sort, and pages by (key, seq_id) (keyset) instead of OFFSET.
const char *const Version1Additions[] = {
    "ALTER TABLE events ADD COLUMN severity INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX events_by_strategy ON events(strategy_id, kind, seq_id)",
    "CREATE INDEX events_by_kind ON events(kind, seq_id)",
    "CREATE INDEX events_by_time ON events(time_ms, seq_id)",
    "CREATE INDEX events_by_severity ON events(severity, seq_id)",
    "CREATE TABLE strategies (strategy_id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
};

// Version 2: the Strategy column sorts by name (NULL, no strategy, first).
const char *const Version2Additions[] = {
    "CREATE INDEX events_by_strategy_name ON events(strategy_name, seq_id)",
};

// The full-text index. Contentless (content=''): the text is not stored twice, only its
// tokens; detail=none keeps it at a few bytes per event (words and prefixes match, phrases
// do not), and columnsize=0 drops the per-event lengths only relevance ranking would use.
// Since version 2 its rowid is the event's EventSeqId (version 1 used the events table's
// rowid): the words alone give the matching events in EventSeqId order, counted without a
// look-up in the events table (seconds for a common word among millions of events).
// Since version 3 it also indexes every word's first 2, 3 and 4 letters (prefix=): a short
// word typed, such as "spx", is one list of events instead of the union of every word it
// begins (2,000 option symbols for "spx", merged again for every page read: 4 to 6 s on
// ten million events). That costs about 5 % of the store's size and of a write
// (docs/benchmarks.md). Longer words are looked up by HistoryReader (FullTextTerms).
const char *const FullTextTable =
    "CREATE VIRTUAL TABLE events_text USING fts5(text, content='', detail=none, columnsize=0, prefix='2 3 4')";

bool execAll(QSqlDatabase &database, const QStringList &statements, QSqlError &error)
{
    for (const QString &statement : statements) {
        QSqlQuery query(database);
        if (!query.exec(statement)) {
            error = query.lastError();
            return false;
        }
    }
    return true;
}

QStringList toStatements(const char *const *begin, const char *const *end)
{
    QStringList statements;
    for (auto it = begin; it != end; ++it)
        statements.append(QString::fromLatin1(*it));
    return statements;
}

// Severity, for a store of version 0 (which had none), computed from each stored event as
// new events get it.
bool computeSeverities(QSqlDatabase &database, QSqlError &error)
{
    QSqlQuery rows(database);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT rowid, kind, strategy_name, payload FROM events"))) {
        error = rows.lastError();
        return false;
    }
    QSqlQuery severity(database);
    severity.prepare(QStringLiteral("UPDATE events SET severity = ? WHERE rowid = ?"));
    while (rows.next()) {
        eventhub::Event event;
        event.kindName = rows.value(1).toString();
        event.kind = eventhub::kindFromName(event.kindName);
        event.strategyName = rows.value(2).toString();
        event.setPayloadJson(rows.value(3).toByteArray());
        severity.bindValue(0, int(eventhub::severityOf(event)));
        severity.bindValue(1, rows.value(0));
        if (!severity.exec()) {
            error = severity.lastError();
            return false;
        }
    }
    return true;
}

bool fillStrategies(QSqlDatabase &database, QSqlError &error)
{
    QSqlQuery strategies(database);
    if (!strategies.exec(QStringLiteral("INSERT OR REPLACE INTO strategies (strategy_id, name)"
                                        " SELECT strategy_id, COALESCE(strategy_name, '') FROM events"
                                        " WHERE strategy_id IS NOT NULL GROUP BY strategy_id"))) {
        error = strategies.lastError();
        return false;
    }
    return true;
}

bool migrate(QSqlDatabase &database, int stored, QSqlError &error)
{
    QStringList statements;
    if (stored == 0) {
        statements = toStatements(std::begin(Version0Tables), std::end(Version0Tables));
        statements += toStatements(std::begin(Version1Additions), std::end(Version1Additions));
    } else {
        statements.append(QStringLiteral("ALTER TABLE events_text RENAME TO %1").arg(QLatin1String(RetiredTextTable)));
    }
    if (stored < 2)
        statements += toStatements(std::begin(Version2Additions), std::end(Version2Additions));
    statements.append(QString::fromLatin1(FullTextTable));
    // The stored events' words are indexed afterwards, in the background (TextIndexBackfill):
    // millions of events took minutes, which the app waited for with nothing shown.
    for (const char *key : {TextBacklogKey, TextBacklogFromKey})
        statements.append(QStringLiteral("INSERT INTO meta (key, value) SELECT '%1', (SELECT max(rowid) FROM events) + 1"
                                         " WHERE EXISTS (SELECT 1 FROM events)")
                              .arg(QLatin1String(key)));
    return execAll(database, statements, error) && (stored > 0 || computeSeverities(database, error))
           && (stored > 0 || fillStrategies(database, error))
           && execAll(database, {QStringLiteral("PRAGMA user_version = %1").arg(CurrentVersion)}, error);
}

} // namespace

double textIndexedPart(qint64 below, qint64 from)
{
    // Rowids 1 to from - 1 were to index, from the highest down; `below` is the next bound.
    return from > 1 ? std::clamp(1.0 - double(below - 1) / double(from - 1), 0.0, 1.0) : 0.0;
}

int version(QSqlDatabase &database, QSqlError &error)
{
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        error = query.lastError();
        return -1;
    }
    return query.value(0).toInt();
}

Result checkReadable(QSqlDatabase &database, QSqlError &error)
{
    const int stored = version(database, error);
    if (stored < 0)
        return Result::Failed;
    return stored > CurrentVersion ? Result::NewerVersion : Result::Ready;
}

Result prepare(QSqlDatabase &database, QSqlError &error)
{
    const int stored = version(database, error);
    if (stored < 0)
        return Result::Failed;
    if (stored > CurrentVersion)
        return Result::NewerVersion;
    if (stored == CurrentVersion)
        return Result::Ready;
    if (!database.transaction()) {
        error = database.lastError();
        return Result::Failed;
    }
    const bool migrated = migrate(database, stored, error);
    if (!migrated || !database.commit()) {
        if (migrated)
            error = database.lastError();
        database.rollback();
        return Result::Failed;
    }
    return Result::Ready;
}

} // namespace store::StoreSchema
