#pragma once

#include <QSqlDatabase>
#include <QString>

namespace store::StoreSchema {

// The store's layout, in PRAGMA user_version. 0 is the first layout (events with one
// index on seq_id, and meta); 1 added the history's indexes, its full-text index and the
// strategies; 2 keys the full-text index by EventSeqId. Older layouts are migrated in
// place, their events kept.
constexpr int CurrentVersion = 2;

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
