// The history pane's model against the simulator: fetchMore only starts a request,
// canFetchMore is false while one is in flight, pages of 1000 append with one insert each,
// filters apply across pages, and QAbstractItemModelTester watches it all (it calls
// fetchMore itself).

#include "SimulatedHub.h"
#include "hubsim/EventLog.h"
#include "models/EventFilterProxy.h"
#include "models/HistoryModel.h"
#include "store/EventStore.h"

#include <QTemporaryDir>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using ui::HistoryModel;

class TestHistoryModel : public QObject
{
    Q_OBJECT

private:
    static hubsim::SimulatorOptions seeded(qint64 events)
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = events;
        return options;
    }

private slots:
    void readsTheStoreFirstAndTheHubForTheRest()
    {
        SimulatedHub hub(seeded(1500));
        QTemporaryDir directory;
        store::EventStore store;
        QString error;
        QVERIFY2(store.open(directory.filePath("events.sqlite"), error), qPrintable(error));
        // The store holds the first 1200 events, marked so that the test can tell them apart.
        QList<eventhub::Event> stored;
        for (qsizetype i = 0; i < 1200; ++i) {
            eventhub::Event event = hub.simulator->log().eventAt(i);
            QJsonObject payload = event.payload();
            payload.insert("FromStore", true);
            event.setPayloadJson(QJsonDocument(payload).toJson(QJsonDocument::Compact));
            stored.append(event);
        }
        store.append(stored, 1200, 0);
        QVERIFY(store.flush());

        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSource(ui::HistorySource{hub.client.get(), &store});
        // Offline, the stored part still reads...
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.rowCount() == 1200), 10000);
        QVERIFY(!model.canFetchMore({})); // ...and the rest waits for the hub.
        QVERIFY(!model.isAtEnd());

        QVERIFY(hub.connect());
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.isAtEnd()), 10000);
        QCOMPARE(model.rowCount(), 1500);
        for (int row = 0; row < model.rowCount(); ++row) {
            const eventhub::Event &event = model.eventAt(row);
            QCOMPARE(event.seqId, qint64(row + 1));
            QCOMPARE(event.payload().contains("FromStore"), row < 1200);
        }
    }

    void pagesAcrossMoreThanTwoPages()
    {
        SimulatedHub hub(seeded(2500));
        QVERIFY(hub.connect());
        HistoryModel model;
        ui::EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy pages(&model, &HistoryModel::pageLoaded);

        QVERIFY(!model.canFetchMore({})); // no client yet
        model.setSource(ui::HistorySource{hub.client.get(), nullptr});
        // The tester itself calls fetchMore on resets; either way one request at most.
        if (!model.isLoading()) {
            QVERIFY(model.canFetchMore({}));
            model.fetchMore({});
        }
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.rowCount(), 0); // fetchMore returned before the page arrived

        // As a view does when scrolled to the end: ask whenever it may.
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.isAtEnd()), 20000);
        QCOMPARE(pages.count(), 3);
        QCOMPARE(pages.at(0).at(0).toInt(), 1000);
        QCOMPARE(pages.at(1).at(0).toInt(), 1000);
        QCOMPARE(pages.at(2).at(0).toInt(), 500);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(model.rowCount(), 2500);
        QCOMPARE(proxy.rowCount(), 2500);
        QVERIFY(model.isAtEnd());
        QCOMPARE(model.scannedEvents(), 2500);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.eventAt(row).seqId, qint64(row + 1));

        // New events after the end: reload starts over and sees them.
        hub.simulator->publishNext();
        model.reload();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.canFetchMore({}) || model.isLoading());
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.isAtEnd()), 20000);
        QCOMPARE(model.rowCount(), 2501);
    }

    void filtersApplyToEveryPage()
    {
        SimulatedHub hub(seeded(2300));
        QVERIFY(hub.connect());
        const hubsim::EventLog &log = hub.simulator->log();
        qint64 orders = 0;
        qint64 strategy105 = 0;
        for (qsizetype i = 0; i < log.size(); ++i) {
            orders += log.eventAt(i).kind == eventhub::EventKind::OrderUpdate;
            strategy105 += log.eventAt(i).strategyId == 105;
        }
        QVERIFY(orders > 0);

        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSource(ui::HistorySource{hub.client.get(), nullptr});
        ui::EventQuery query;
        query.kindNames.insert(QStringLiteral("OrderUpdate"));
        model.setQuery(query);
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.isAtEnd()), 20000);
        QCOMPARE(model.rowCount(), orders);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.eventAt(row).kind, eventhub::EventKind::OrderUpdate);

        query = {};
        query.strategyId = 105;
        model.setQuery(query);
        QCOMPARE(model.rowCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) ? model.fetchMore({}) : void(), model.isAtEnd()), 20000);
        QCOMPARE(model.rowCount(), strategy105);

        // A query nothing matches scans every page and ends empty, without the view
        // having to ask again for each empty page.
        query = {};
        query.text = QStringLiteral("no-event-contains-this-text");
        model.setQuery(query);
        model.fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(model.isAtEnd(), 20000);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.scannedEvents(), 2300);
    }

    void waitsForTheConnection()
    {
        SimulatedHub hub(seeded(10));
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSource(ui::HistorySource{hub.client.get(), nullptr});
        // Not connected: nothing to fetch yet (a request would only fail).
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QVERIFY(!model.isLoading());
        QVERIFY(hub.connect());
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 10);
        QVERIFY(model.isAtEnd());
        QVERIFY(model.lastError().isEmpty());
    }
};

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
