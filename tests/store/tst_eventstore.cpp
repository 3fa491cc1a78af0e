#include "eventhub/Event.h"
#include "eventhub/EventSeverity.h"
#include "store/EventStore.h"
#include "store/HistoryReader.h"
#include "store/TextIndexBackfill.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using store::EventStore;

namespace {

eventhub::Event makeEvent(qint64 seqId, const QString &note = QStringLiteral("first"))
{
    eventhub::Event event;
    QString error;
    const QJsonObject payload{{"EventId", QStringLiteral("id-%1").arg(seqId)},
                              {"EventSeqId", seqId},
                              {"EventTime", "2026-11-25T10:00:00.000Z"},
                              {"StrategyId", 101},
                              {"StrategyName", "SPX"},
                              {"Note", note}};
    if (!eventhub::parseEvent("OrderUpdate", payload, event, error))
        qFatal("%s", qPrintable(error));
    return event;
}

QList<eventhub::Event> makeEvents(qint64 from, qint64 to)
{
    QList<eventhub::Event> events;
    for (qint64 seq = from; seq <= to; ++seq)
        events.append(makeEvent(seq));
    return events;
}

QList<eventhub::Event> readAll(EventStore &store, qint64 after = 0)
{
    QList<eventhub::Event> result;
    bool done = false;
    store.readAfter(after, 1000000, &store, [&](const QList<eventhub::Event> &events) {
        result = events;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        qFatal("readAfter did not answer");
    return result;
}

// A store as an older version wrote it: version 0 (the first layout) or 1 (the history's
// indexes, and its full-text index keyed by the events table's rowid, which is not the
// EventSeqId here). Events 1 "alpha", 2 "beta" and 3 "fatal" (an Error, Critical), cursor 3.
bool writeOldStore(const QString &path, int version)
{
    bool written = false;
    {
        QSqlDatabase old = QSqlDatabase::addDatabase("QSQLITE", "old-layout");
        old.setDatabaseName(path);
        QSqlQuery query(old);
        const auto exec = [&](const QString &sql) {
            if (query.exec(sql))
                return true;
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            return false;
        };
        // Version 2: as 1, with the full-text index keyed by EventSeqId, without prefixes.
        const qint64 textRowidBase = version == 2 ? 0 : 10;
        written = old.open()
                  && exec("CREATE TABLE events (event_id TEXT PRIMARY KEY, seq_id INTEGER NOT NULL, kind TEXT NOT NULL,"
                          " time_ms INTEGER NOT NULL, strategy_id INTEGER, strategy_name TEXT, payload BLOB NOT NULL)")
                  && exec("CREATE INDEX events_by_seq ON events(seq_id)")
                  && exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
                  && exec("INSERT INTO meta VALUES ('cursor', 3)");
        if (written && version >= 1) {
            written = exec("ALTER TABLE events ADD COLUMN severity INTEGER NOT NULL DEFAULT 0")
                      && exec("CREATE INDEX events_by_strategy ON events(strategy_id, kind, seq_id)")
                      && exec("CREATE INDEX events_by_kind ON events(kind, seq_id)")
                      && exec("CREATE INDEX events_by_time ON events(time_ms, seq_id)")
                      && exec("CREATE INDEX events_by_severity ON events(severity, seq_id)")
                      && exec("CREATE VIRTUAL TABLE events_text USING fts5(text, content='', detail=none, columnsize=0)")
                      && exec("CREATE TABLE strategies (strategy_id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                      && exec("INSERT INTO strategies VALUES (101, 'SPX')")
                      && exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        }
        if (written && version == 2)
            written = exec("CREATE INDEX events_by_strategy_name ON events(strategy_name, seq_id)");
        const QStringList notes{"alpha", "beta", "fatal"};
        for (qint64 seq = 1; written && seq <= 3; ++seq) {
            const eventhub::Event event = makeEvent(seq, notes.at(seq - 1));
            const bool isError = seq == 3;
            QByteArray payload = event.payloadJson();
            if (isError)
                payload.replace("\"Note\"", "\"Severity\":\"Critical\",\"Note\"");
            // Rowids 11, 12, 13: the old full-text index's keys are not EventSeqIds.
            query.prepare("INSERT INTO events (rowid, event_id, seq_id, kind, time_ms, strategy_id, strategy_name, payload)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (const QVariant &value :
                 {QVariant(seq + 10), QVariant(event.eventId()), QVariant(seq), QVariant(isError ? "Error" : "OrderUpdate"),
                  QVariant(event.timeMs), QVariant(event.strategyId), QVariant(event.strategyName), QVariant(payload)})
                query.addBindValue(value);
            written = query.exec();
            if (written && version >= 1) {
                query.prepare("UPDATE events SET severity = ? WHERE seq_id = ?");
                query.addBindValue(isError ? int(eventhub::Severity::Critical) : int(eventhub::Severity::Info));
                query.addBindValue(seq);
                query.exec();
                query.prepare("INSERT INTO events_text (rowid, text) VALUES (?, ?)");
                query.addBindValue(seq + textRowidBase);
                query.addBindValue(QString::fromLatin1(isError ? "Error SPX " : "OrderUpdate SPX ") + notes.at(seq - 1));
                written = query.exec();
            }
        }
        old.close();
    }
    QSqlDatabase::removeDatabase("old-layout");
    return written;
}

// A file with SQLite's header and nothing SQLite can read after it: a damaged store.
QByteArray damagedStoreBytes()
{
    return QByteArray("SQLite format 3").append('\0').append(QByteArray(8192, '\x5a'));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT

private slots:
    void anOlderStoreIsMigratedWithItsEvents_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("first layout (0)") << 0;
        QTest::newRow("words keyed by rowid (1)") << 1;
        QTest::newRow("words without prefixes (2)") << 2;
    }
    // A store written by an older release opens with every event and its cursor, and
    // gains what the history filters by: severity, the full-text index (keyed by
    // EventSeqId since version 2, with prefixes since 3; built in the background), the
    // strategies.
    void anOlderStoreIsMigratedWithItsEvents()
    {
        QFETCH(int, version);
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        QVERIFY(writeOldStore(path, version));

        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        QCOMPARE(store.cursor(), std::optional<qint64>(3));
        QCOMPARE(readAll(store).size(), 3);
        QVERIFY(QTest::qWaitFor([&] { return store.textIndexProgress() >= 1; }, 10000));

        store::HistoryReader reader;
        QVERIFY2(reader.open(path, error), qPrintable(error));
        const auto count = [&](const store::HistoryFilter &filter) {
            const auto scan = reader.scan(filter, {}, 256, {}, error);
            return scan ? scan->count : -1;
        };
        QCOMPARE(count({}), 3);
        store::HistoryFilter filter;
        filter.text = "alph";
        QCOMPARE(count(filter), 1);
        QList<eventhub::Event> found = reader.read(filter, {}, std::nullopt, 10, error);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().seqId, 1);
        filter.text = "fatal";
        filter.kinds = {"Error"};
        QCOMPARE(count(filter), 1);
        found = reader.read(filter, {}, std::nullopt, 10, error);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().seqId, 3);
        filter = {};
        filter.severities = {int(eventhub::Severity::Critical)};
        QCOMPARE(count(filter), 1);
        const QList<store::HistoryReader::Strategy> strategies = reader.strategies(error);
        QCOMPARE(strategies.size(), 1);
        QCOMPARE(strategies.first().name, QStringLiteral("SPX"));

        // A repeated EventId replaces its words in the full-text index too.
        store.append({makeEvent(2, "gamma")}, 3);
        QVERIFY(store.flush());
        filter = {};
        filter.text = "beta";
        QCOMPARE(count(filter), 0);
        filter.text = "gamma";
        QCOMPARE(count(filter), 1);
        QCOMPARE(count({}), 3);
    }

    void initTestCase()
    {
        // defaultPath() keeps an installation salt in the user's settings: not the real ones.
        QStandardPaths::setTestModeEnabled(true);
    }

    void keepsEventsAndCursorAcrossReopen()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        {
            EventStore store;
            QString error;
            QVERIFY2(store.open(path, error), qPrintable(error));
            QVERIFY(!store.cursor());
            QSignalSpy committed(&store, &EventStore::committed);
            store.append(makeEvents(1, 2500), 2500, 0);
            QVERIFY(committed.wait(5000));
            QVERIFY(store.flush());
            QCOMPARE(store.cursor(), 2500);
        }
        EventStore reopened;
        QString error;
        QVERIFY(reopened.open(path, error));
        QVERIFY(reopened.openNotice().isEmpty());
        QCOMPARE(reopened.cursor(), 2500);
        QVERIFY(reopened.covers(1) && reopened.covers(2500));
        QVERIFY(!reopened.covers(0) && !reopened.covers(2501));
        const QList<eventhub::Event> events = readAll(reopened, 2000);
        QCOMPARE(events.size(), 500);
        QCOMPARE(events.first().seqId, 2001);
        QCOMPARE(events.last().eventId(), QString("id-2500"));
        QCOMPARE(events.last().payload().value("Note").toString(), QString("first"));

        // The start of the unbroken range is kept from the first session.
        reopened.append(makeEvents(2501, 2600), 2600, 2500);
        QVERIFY(reopened.flush());
        QVERIFY(reopened.covers(1) && reopened.covers(2600));
    }

    // A big store of an older layout opens at once: its words are indexed afterwards, in
    // the background, resumed after a restart, with the events written meanwhile (a
    // repeated EventId among the not yet indexed ones too) matched once each.
    void aMigratedStoresWordsAreIndexedInTheBackground()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        constexpr int Events = 5 * store::TextIndexBackfill::BatchEvents + 123;
        QList<eventhub::Event> events;
        for (qint64 seq = 1; seq <= Events; ++seq)
            events.append(makeEvent(seq, seq % 10 == 0 ? QStringLiteral("rare") : QStringLiteral("first")));
        {
            EventStore store;
            QString error;
            QVERIFY2(store.open(path, error), qPrintable(error));
            store.append(events, Events, 0);
            QVERIFY(store.flush());
        }
        {
            // The layout of version 2: its full-text index without prefixes.
            QSqlDatabase old = QSqlDatabase::addDatabase("QSQLITE", "version-2");
            old.setDatabaseName(path);
            QVERIFY(old.open());
            QSqlQuery query(old);
            QVERIFY(query.exec("DROP TABLE events_text"));
            QVERIFY(query.exec("CREATE VIRTUAL TABLE events_text USING fts5(text, content='', detail=none, columnsize=0)"));
            QVERIFY(query.exec("INSERT INTO events_text (rowid, text) VALUES (1, 'OrderUpdate SPX first')"));
            QVERIFY(query.exec("PRAGMA user_version = 2"));
            old.close();
        }
        QSqlDatabase::removeDatabase("version-2");
        {
            // Stopped at once: the next start resumes.
            EventStore store;
            QString error;
            QVERIFY2(store.open(path, error), qPrintable(error));
            QCOMPARE(store.textIndexProgress(), 0.0);
        }
        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        store.append({makeEvent(1, "zebra"), makeEvent(Events + 1, "newcomer")}, Events + 1);
        QVERIFY(store.flush());
        QVERIFY(QTest::qWaitFor([&] { return store.textIndexProgress() >= 1; }, 30000));

        store::HistoryReader reader;
        QVERIFY2(reader.open(path, error), qPrintable(error));
        const auto count = [&](const QString &words) {
            store::HistoryFilter filter;
            filter.text = words;
            const auto scan = reader.scan(filter, {}, 256, {}, error);
            return scan ? scan->count : -1;
        };
        QCOMPARE(count({}), Events + 1);
        QCOMPARE(count("rare"), Events / 10);
        QCOMPARE(count("first"), Events - Events / 10 - 1);
        QCOMPARE(count("zebra"), 1);
        QCOMPARE(count("newcomer"), 1);
        QCOMPARE(count("spx"), Events + 1);
        const auto scan = reader.scan({}, {}, 256, {}, error);
        QVERIFY(scan);
        QCOMPARE(scan->textIndexed, 1.0);
        // The old index is gone, its place reused.
        QSqlDatabase check = QSqlDatabase::addDatabase("QSQLITE", "check");
        check.setDatabaseName(path);
        QVERIFY(check.open());
        QSqlQuery query(check);
        QVERIFY(query.exec("SELECT count(*) FROM sqlite_master WHERE name LIKE 'events_text_retired%'") && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec("SELECT count(*) FROM meta WHERE key LIKE 'text_backlog%'") && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        query = QSqlQuery();
        check.close();
        check = QSqlDatabase();
        QSqlDatabase::removeDatabase("check");
    }

    void upsertsByEventId()
    {
        QTemporaryDir directory;
        EventStore store;
        QString error;
        QVERIFY(store.open(directory.filePath("events.sqlite"), error));
        store.append({makeEvent(1), makeEvent(2)}, 2);
        store.append({makeEvent(2, "second")}, 2);
        QVERIFY(store.flush());
        const QList<eventhub::Event> events = readAll(store);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1).payload().value("Note").toString(), QString("second"));
    }

    void damagedFileIsMovedAsideAndANewStoreStarts()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        QVERIFY(writeFile(path, damagedStoreBytes()));

        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        QVERIFY2(store.openNotice().contains("damaged"), qPrintable(store.openNotice()));
        const QStringList aside = QDir(directory.path()).entryList({"events.sqlite.damaged-*"});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(QFileInfo(directory.filePath(aside.first())).size(), qint64(8192 + 16));
        store.append(makeEvents(1, 10), 10);
        QVERIFY(store.flush());
        QCOMPARE(readAll(store).size(), 10);
    }

    // A damaged store's -wal goes aside with it, byte for byte: left in place, SQLite would
    // replay it into the fresh store (or refuse it), and deleting it loses what a rescue needs.
    void aDamagedStoresWalGoesAsideWithIt()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        QVERIFY(writeFile(path, damagedStoreBytes()));
        const QByteArray wal = QByteArray("not a WAL a fresh store could use").repeated(100);
        QVERIFY(writeFile(path + "-wal", wal));

        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        const QStringList aside = QDir(directory.path()).entryList({"events.sqlite.damaged-*-wal"});
        QVERIFY2(aside.size() == 1, qPrintable(QDir(directory.path()).entryList(QDir::Files).join(' ')));
        QFile asideWal(directory.filePath(aside.first()));
        QVERIFY(asideWal.open(QIODevice::ReadOnly));
        QCOMPARE(asideWal.readAll(), wal);
        store.append(makeEvents(1, 10), 10);
        QVERIFY(store.flush());
        QCOMPARE(readAll(store).size(), 10);
    }

    void aStoreTheIntegrityCheckFoundDamagedIsMovedAsideAtTheNextOpen()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        {
            EventStore store;
            QString error;
            QVERIFY2(store.open(path, error), qPrintable(error));
            store.append(makeEvents(1, 5), 5);
            QVERIFY(store.flush());
        }
        QFile marker(EventStore::integrityFailedMarker(path));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.write("*** in database main ***\nPage 7: btreeInitPage() returns error code 11");
        marker.close();

        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        QVERIFY2(store.openNotice().contains("btreeInitPage"), qPrintable(store.openNotice()));
        QCOMPARE(QDir(directory.path()).entryList({"events.sqlite.damaged-*"}).size(), 1);
        QVERIFY(!QFile::exists(EventStore::integrityFailedMarker(path)));
        QCOMPARE(readAll(store).size(), 0);
    }

    // One process writes a store. A second one is refused, says who holds it, touches no
    // file, and may browse the store read-only.
    void aStoreInUseIsRefusedAndCanBeBrowsedReadOnly()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        EventStore owner;
        QString error;
        QVERIFY2(owner.open(path, error), qPrintable(error));
        owner.append(makeEvents(1, 5), 5);
        QVERIFY(owner.flush());

        EventStore second;
        QVERIFY(!second.open(path, error));
        QVERIFY(second.heldElsewhere());
        QVERIFY2(error.contains("in use by") && error.contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(error));
        QVERIFY(QDir(directory.path()).entryList({"*.damaged-*"}).isEmpty());

        EventStore browser;
        QVERIFY2(browser.open(path, error, EventStore::Access::ReadOnly), qPrintable(error));
        QCOMPARE(browser.cursor(), 5);
        QCOMPARE(readAll(browser).size(), 5);
        browser.append(makeEvents(6, 6), 6); // nothing: read-only
        QVERIFY(browser.flush());
        QCOMPARE(readAll(owner).size(), 5);
    }

    // Another program (an sqlite3 shell, a backup tool) holding the file's lock made the
    // store wait 6 s, call the file damaged, move it aside and delete its -wal and -shm,
    // losing that program's commit. Now: busy at once, and nothing touched.
    void aStoreLockedByAnotherProgramIsBusyNotDamaged()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        {
            QSqlDatabase holder = QSqlDatabase::addDatabase("QSQLITE", "holder");
            holder.setDatabaseName(path);
            QVERIFY(holder.open());
            QSqlQuery query(holder);
            QVERIFY(query.exec("CREATE TABLE other (value TEXT)"));
            QVERIFY(query.exec("BEGIN EXCLUSIVE"));
            QVERIFY(query.exec("INSERT INTO other VALUES ('kept')"));

            EventStore store;
            QString error;
            QElapsedTimer clock;
            clock.start();
            QVERIFY(!store.open(path, error));
            QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
            QVERIFY(store.heldElsewhere());
            QVERIFY2(error.contains("another program holds it"), qPrintable(error));
            QVERIFY(QDir(directory.path()).entryList({"*.damaged-*"}).isEmpty());

            QVERIFY(query.exec("COMMIT"));
            QVERIFY(query.exec("SELECT value FROM other"));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), QString("kept"));
            query.finish();
            holder.close();
        }
        QSqlDatabase::removeDatabase("holder");
        // Once the other program is done, the store opens as usual.
        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
    }

    void theStoreIsTheUsersAlone()
    {
        QTemporaryDir directory;
        const QString folder = directory.filePath("new-folder");
        const QString path = folder + "/events.sqlite";
        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        store.append(makeEvents(1, 3), 3);
        QVERIFY(store.flush());
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        QCOMPARE(QFile::permissions(folder)
                     & ~QFileDevice::Permissions(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        for (const QString &file : {path, path + "-wal", path + "-shm"}) {
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
            QCOMPARE(QFile::permissions(file) & ~QFileDevice::Permissions(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     ownerOnly);
        }
    }

    // A store an older version left readable by others is tightened when opened.
    void aReadableStoreIsTightened()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        {
            EventStore store;
            QString error;
            QVERIFY2(store.open(path, error), qPrintable(error));
        }
        QFile::setPermissions(path,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        EventStore store;
        QString error;
        QVERIFY2(store.open(path, error), qPrintable(error));
        QVERIFY(!(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
    }

    // What a consumer waits on for backpressure: the count of events not committed yet.
    void theQueueCountsWhatIsNotCommittedYet()
    {
        QTemporaryDir directory;
        EventStore store;
        QString error;
        QVERIFY(store.open(directory.filePath("events.sqlite"), error));
        store.append(makeEvents(1, 9000), 9000);
        QVERIFY(store.queuedEvents() <= 9000);
        store.waitUntilQueuedBelow(1); // returns only once the writer has counted them off
        QCOMPARE(store.queuedEvents(), 0);
        QVERIFY(store.flush());
        QCOMPARE(store.cursor(), 9000);
    }

    void fullDiskKeepsEventsAndWritesThemLater()
    {
        QTemporaryDir directory;
        EventStore store;
        QString error;
        QVERIFY(store.open(directory.filePath("events.sqlite"), error));
        store.append(makeEvents(1, 10), 10);
        QVERIFY(store.flush());

        QSignalSpy failed(&store, &EventStore::writeFailed);
        QSignalSpy recovered(&store, &EventStore::writeRecovered);
        store.setMaximumSize(64 * 1024);
        store.append(makeEvents(11, 3000), 3000);
        QVERIFY(!store.flush());
        QTRY_COMPARE(failed.size(), 1);
        // A failing store does not hold its consumer back: that wait would never end.
        QCOMPARE(store.queuedEvents(), 2990);
        store.waitUntilQueuedBelow(1);
        QVERIFY2(failed.first().first().toString().contains("kept in memory"), qPrintable(failed.first().first().toString()));
        QCOMPARE(store.cursor(), 10); // nothing half-written: the cursor stays with what is stored
        QCOMPARE(readAll(store).size(), 10);

        store.setMaximumSize(0);
        QVERIFY(recovered.wait(5000));
        QVERIFY(store.flush());
        QCOMPARE(store.cursor(), 3000);
        const QList<eventhub::Event> events = readAll(store);
        QCOMPARE(events.size(), 3000);
        QCOMPARE(events.last().seqId, 3000);
    }

    void defaultPathDependsOnInstanceAndKeyButHidesTheKey()
    {
        const QString a = EventStore::defaultPath(QUrl("https://a.example"), "key-1");
        QCOMPARE(a, EventStore::defaultPath(QUrl("https://a.example"), "key-1"));
        QVERIFY(a != EventStore::defaultPath(QUrl("https://a.example"), "key-2"));
        QVERIFY(a != EventStore::defaultPath(QUrl("https://b.example"), "key-1"));
        QVERIFY(!a.contains("key-1"));
        QVERIFY(a.endsWith(".sqlite"));
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
