// The history pane's model against the simulator: fetchMore only starts a request,
// canFetchMore is false while one is in flight, pages of 1000 append with one insert each,
// filters apply across pages, and QAbstractItemModelTester watches it all (it calls
// fetchMore itself).

#include "SimulatedHub.h"
#include "hubsim/EventLog.h"
#include "models/EventFilterProxy.h"
#include "models/HistoryModel.h"

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
        model.setClient(hub.client.get());
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
        model.setClient(hub.client.get());
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
        model.setClient(hub.client.get());
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
