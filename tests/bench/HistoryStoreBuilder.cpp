#include "HistoryStoreBuilder.h"

#include "hubsim/SyntheticHistory.h"
#include "store/EventStore.h"
#include "store/EventUpsert.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>

namespace {

constexpr int EventsPerTransaction = 250000;
const char *const ConnectionName = "bench-history-build";

bool exec(QSqlDatabase &database, const QString &sql)
{
    QSqlQuery query(database);
    if (query.exec(sql))
        return true;
    std::fprintf(stderr, "%s: %s\n", qPrintable(sql), qPrintable(query.lastError().text()));
    return false;
}

// Every index the store's schema created (not those SQLite makes for a PRIMARY KEY), by
// name, with the SQL that creates it again.
QList<QPair<QString, QString>> secondaryIndexes(QSqlDatabase &database)
{
    QList<QPair<QString, QString>> indexes;
    QSqlQuery query(database);
    query.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"));
    while (query.next())
        indexes.append({query.value(0).toString(), query.value(1).toString()});
    return indexes;
}

bool load(QSqlDatabase &database, qint64 events, qint64 stepMs)
{
    const QList<QPair<QString, QString>> indexes = secondaryIndexes(database);
    for (const auto &index : indexes) {
        if (!exec(database, QStringLiteral("DROP INDEX %1").arg(index.first)))
            return false;
    }
    QElapsedTimer clock;
    clock.start();
    hubsim::SyntheticHistory history(QDateTime::currentMSecsSinceEpoch() - events * stepMs, stepMs);
    store::EventUpsert upsert(database);
    while (history.lastSeqId() < events) {
        if (!database.transaction())
            return false;
        for (int i = 0; i < EventsPerTransaction && history.lastSeqId() < events; i += 10000) {
            for (const eventhub::Event &event : history.next(int(std::min<qint64>(10000, events - history.lastSeqId())))) {
                QString error;
                if (!upsert.write(event, error)) {
                    std::fprintf(stderr, "insert: %s\n", qPrintable(error));
                    return false;
                }
            }
        }
        if (!database.commit())
            return false;
        std::printf("  %lld events, %.0f s\n", history.lastSeqId(), clock.elapsed() / 1000.0);
        std::fflush(stdout);
    }
    // What the app's writer saves with its events: the cursor, and that the history is
    // whole from the start.
    if (!exec(database,
              QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('cursor', %1), ('covered_from', 0)").arg(events)))
        return false;
    for (const auto &index : indexes) {
        QElapsedTimer indexClock;
        indexClock.start();
        if (!exec(database, index.second))
            return false;
        std::printf("  %s: %.0f s\n", qPrintable(index.first), indexClock.elapsed() / 1000.0);
        std::fflush(stdout);
    }
    return true;
}

} // namespace

bool buildHistoryStore(const QString &path, qint64 events, qint64 stepMs)
{
    const QString building = path + QStringLiteral(".building");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".lock")})
        QFile::remove(building + suffix);
    {
        // The app's store creates the file, with its current schema.
        store::EventStore store;
        QString error;
        if (!store.open(building, error)) {
            std::fprintf(stderr, "store %s: %s\n", qPrintable(building), qPrintable(error));
            return false;
        }
    }
    QElapsedTimer clock;
    clock.start();
    bool loaded = false;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QLatin1String(ConnectionName));
        database.setDatabaseName(building);
        // A rollback journal (nothing to journal when appending pages), no fsync, and a
        // page cache that holds the EventId index: only this build's speed, not the
        // store's (WAL again at the end, as the app keeps it).
        loaded = database.open() && exec(database, QStringLiteral("PRAGMA journal_mode=DELETE"))
                 && exec(database, QStringLiteral("PRAGMA synchronous=OFF"))
                 && exec(database, QStringLiteral("PRAGMA cache_size=-1000000")) && load(database, events, stepMs)
                 && exec(database, QStringLiteral("PRAGMA journal_mode=WAL"));
        database.close();
    }
    QSqlDatabase::removeDatabase(QLatin1String(ConnectionName));
    QFile::remove(building + QStringLiteral(".lock"));
    if (!loaded)
        return false;
    QFile::remove(path);
    if (!QFile::rename(building, path)) {
        std::fprintf(stderr, "cannot rename %s to %s\n", qPrintable(building), qPrintable(path));
        return false;
    }
    std::printf("built in %.0f s\n", clock.elapsed() / 1000.0);
    return true;
}
