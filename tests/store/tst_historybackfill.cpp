// The backfill of the history before where the feed started (issue 24, item 4): pages
// from GetEventsSince(0) stored as they come, and resumed where it stopped after a restart.

#include "SimulatedHub.h"
#include "store/EventStore.h"
#include "store/HistoryBackfill.h"
#include "store/HistoryReader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class HistoryBackfillTest : public QObject
{
    Q_OBJECT

private slots:
    void fillsTheHistoryFromTheStartAndResumesAfterARestart()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 3000;
        SimulatedHub hub(options);
        QVERIFY(hub.connect());
        QTemporaryDir directory;
        const QString path = directory.filePath("events.sqlite");
        QString error;
        {
            // The feed started at 2,500: it stored 2,501-3,000 (here by hand).
            store::EventStore store;
            QVERIFY2(store.open(path, error), qPrintable(error));
            QList<eventhub::Event> recent;
            hub.client->getEventsSince(2500, 1000, QJsonValue::Null, this,
                                       [&](const eventhub::EventPage &result) { recent = result.events; });
            QVERIFY(QTest::qWaitFor([&] { return !recent.isEmpty(); }, 10000));
            QCOMPARE(recent.size(), 500);
            store.append(recent, 3000, 2500);
            QVERIFY(store.flush());
            QCOMPARE(store.coveredFrom(), std::optional<qint64>(2500));

            // Two pages of 400, then the app closes.
            store::HistoryBackfill backfill(*hub.client, store);
            backfill.setPageSize(400);
            QSignalSpy progress(&backfill, &store::HistoryBackfill::progress);
            backfill.start();
            QVERIFY(progress.wait(10000));
            if (progress.size() < 2)
                QVERIFY(progress.wait(10000));
            QCOMPARE(progress.at(1).at(0).toLongLong(), qint64(800));
            QCOMPARE(progress.at(1).at(1).toLongLong(), qint64(2500));
        }
        store::EventStore store;
        QVERIFY2(store.open(path, error), qPrintable(error));
        QVERIFY(store.backfilledTo() >= 800);
        const qint64 resumedFrom = store.backfilledTo();
        store::HistoryBackfill backfill(*hub.client, store);
        backfill.setPageSize(400);
        QSignalSpy finished(&backfill, &store::HistoryBackfill::finished);
        backfill.start();
        QVERIFY(finished.wait(20000));
        // From where it stopped, not from the start again.
        QCOMPARE(backfill.pagesFetched(), (2500 - resumedFrom + 399) / 400);
        QVERIFY(store.flush());
        QVERIFY(store.backfilledTo() >= 2500);

        store::HistoryReader reader;
        QVERIFY2(reader.open(path, error), qPrintable(error));
        const auto scan = reader.scan({}, {}, 256, {}, error);
        QVERIFY2(scan, qPrintable(error));
        QCOMPARE(scan->count, qint64(3000));
        QCOMPARE(scan->firstSeqId, qint64(1));
    }
};

QTEST_MAIN(HistoryBackfillTest)
#include "tst_historybackfill.moc"
