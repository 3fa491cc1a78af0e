#pragma once

#include <QSqlDatabase>
#include <QString>

namespace store::StoreSchema {

// The store's layout, in PRAGMA user_version. 0 is the first layout (events with one
// index on seq_id, and meta); 1 added the history's indexes, its full-text index and the
// strategies; 2 keys the full-text index by EventSeqId; 3 indexes the words' prefixes.
// Older layouts are migrated in place, their events kept; their words are indexed after
// the migration, in the background (TextIndexBackfill.h).
constexpr int CurrentVersion = 3;

// The meta key of the words not indexed yet: the events whose rowid is below its value
// (indexed newest first, the key deleted when all are). No key: every event is indexed.
constexpr const char *TextBacklogKey = "text_backlog_below";
// Its first value (for the progress shown), deleted with it.
constexpr const char *TextBacklogFromKey = "text_backlog_from";
// The full-text index of an older layout, renamed by the migration (dropping it took seconds
// for millions of events) and dropped in the background by TextIndexBackfill.
constexpr const char *RetiredTextTable = "events_text_retired";
// How much of the backlog is indexed (0 to 1), from the values of those keys.
double textIndexedPart(qint64 below, qint64 from);

// The longest word beginnings the full-text index holds as words of their own (its prefix
// option, StoreSchema.cpp).
constexpr int LongestIndexedPrefix = 4;

enum class Result { Ready, NewerVersion, Failed };

// Creates the current layout in an empty file, or migrates an older one, in one
// transaction (a migration cut short leaves the old layout whole). `error` has SQLite's
// message when Failed (its native code tells a damaged file from a busy one).
Result prepare(QSqlDatabase &database, QSqlError &error);
// For a read-only connection, which cannot migrate: Ready for the current layout or an
// older one (whose events read the same), NewerVersion for a layout this build cannot read.
Result checkReadable(QSqlDatabase &database, QSqlError &error);
// The stored version, -1 when it cannot be read.
int version(QSqlDatabase &database, QSqlError &error);

} // namespace store::StoreSchema
