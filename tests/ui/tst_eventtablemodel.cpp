// The shared event table: batched inserts, upserts by EventId and by a key field, the
// live-row bound, value sorting and free-text filtering through the proxy.

#include "TestEvents.h"
#include "models/EventFilterProxy.h"
#include "models/EventTableModel.h"
#include "models/ItemRoles.h"
#include "models/PaneCatalog.h"
#include "models/Severity.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using eventhub::EventKind;
using ui::EventColumn;
using ui::EventTableModel;

class TestEventTableModel : public QObject
{
    Q_OBJECT

private:
    static EventTableModel::Options orderOptions(int maxRows = 0)
    {
        return {{EventColumn::seqId(), EventColumn::time(), EventColumn::payload(QStringLiteral("OrderId")),
                 EventColumn::payload(QStringLiteral("LimitPrice")), EventColumn::payload(QStringLiteral("Status"))},
                {},
                {},
                maxRows,
                0};
    }

private slots:
    void batchIsOneInsert()
    {
        EventTableModel model(orderOptions());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<eventhub::Event> batch;
        for (int i = 1; i <= 50; ++i)
            batch.append(makeEvent(EventKind::OrderUpdate, i, {{"OrderId", QStringLiteral("ORD-%1").arg(i)}}));
        model.addEvents(batch);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 49);
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(model.index(49, 2).data().toString(), QStringLiteral("ORD-50"));
    }

    void repeatedEventIdUpdatesInPlace()
    {
        EventTableModel model(orderOptions());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto first = makeEvent(EventKind::OrderUpdate, 1, {{"Status", "Working"}});
        const auto second = makeEvent(EventKind::OrderUpdate, 2, {{"Status", "Working"}});
        model.addEvents({first, second});
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        auto repeat = makeEvent(EventKind::OrderUpdate, 1, {{"Status", "Filled"}}, first.eventId());
        model.addEvents({repeat});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(model.index(0, 4).data().toString(), QStringLiteral("Filled"));

        // A repeat inside the same batch as the original is one row too.
        const auto third = makeEvent(EventKind::OrderUpdate, 3);
        model.addEvents({third, third, repeat});
        QCOMPARE(model.rowCount(), 3);
    }

    void keyedRowsKeepHistory()
    {
        const auto panes = ui::livePaneDefinitions(100);
        const auto agents = std::find_if(panes.begin(), panes.end(),
                                         [](const ui::PaneDefinition &pane) { return pane.id == QLatin1String("agents"); });
        QVERIFY(agents != panes.end());
        EventTableModel model(agents->model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvents({makeEvent(EventKind::AgentStatusChange, 1, {{"AgentName", "agent-a"}, {"Status", "Online"}}),
                         makeEvent(EventKind::AgentStatusChange, 2, {{"AgentName", "agent-b"}, {"Status", "Online"}}),
                         makeEvent(EventKind::OrderUpdate, 3)});
        QCOMPARE(model.rowCount(), 2); // the order is not an agent event
        model.addEvents({makeEvent(EventKind::AgentStatusChange, 4, {{"AgentName", "agent-a"}, {"Status", "Degraded"}})});
        model.addEvents({makeEvent(EventKind::AgentStatusChange, 5, {{"AgentName", "agent-a"}, {"Status", "Offline"}})});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("Offline"));
        QCOMPARE(model.historyAt(0).size(), 2);
        QCOMPARE(model.historyAt(0).at(0).seqId, 4);
        // A late, older event joins the history and does not replace the current state.
        model.addEvents({makeEvent(EventKind::AgentStatusChange, 3, {{"AgentName", "agent-a"}, {"Status", "Online"}})});
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("Offline"));
        QCOMPARE(model.historyAt(0).size(), 3);
        QCOMPARE(model.historyAt(0).at(2).seqId, 1);
        // Without the key field the row is keyed by EventId: never dropped.
        model.addEvents({makeEvent(EventKind::AgentStatusChange, 6, {{"Status", "Online"}})});
        QCOMPARE(model.rowCount(), 3);
    }

    void liveRowBoundDropsOldest()
    {
        EventTableModel model(orderOptions(100));
        ui::EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        qint64 seq = 0;
        for (int batch = 0; batch < 5; ++batch) {
            QList<eventhub::Event> events;
            for (int i = 0; i < 30; ++i)
                events.append(makeEvent(EventKind::OrderUpdate, ++seq));
            model.addEvents(events);
        }
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(proxy.rowCount(), 100);
        QCOMPARE(model.eventAt(0).seqId, 51);
        QCOMPARE(model.eventAt(99).seqId, 150);
        QCOMPARE(removed.count(), 2); // 120 -> drop 20, 150 -> drop 30
        // A dropped EventId is unknown again; a kept one still updates in place.
        const auto kept = model.eventAt(10);
        model.addEvents({makeEvent(EventKind::OrderUpdate, kept.seqId, {{"Status", "Filled"}}, kept.eventId())});
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.index(10, 4).data().toString(), QStringLiteral("Filled"));

        // A batch larger than the bound keeps its newest rows.
        QList<eventhub::Event> flood;
        for (int i = 0; i < 250; ++i)
            flood.append(makeEvent(EventKind::OrderUpdate, ++seq));
        model.addEvents(flood);
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.eventAt(99).seqId, seq);
        QCOMPARE(model.eventAt(0).seqId, seq - 99);
        // Its kept rows update in place; its unseen ones are unknown.
        model.addEvents({makeEvent(EventKind::OrderUpdate, seq, {{"Status", "Filled"}}, flood.last().eventId())});
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.rowOfKey(flood.last().eventId()), 99);
        QCOMPARE(model.index(99, 4).data().toString(), QStringLiteral("Filled"));
        QCOMPARE(model.rowOfKey(flood.first().eventId()), -1);
        QCOMPARE(model.rowOfKey(flood.at(150).eventId()), 0);

        model.setMaxRows(10);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.eventAt(0).seqId, seq - 9);
    }

    void sortsNumbersAndTimesAsValues()
    {
        EventTableModel model(orderOptions());
        ui::EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvents({makeEvent(EventKind::OrderUpdate, 9, {{"LimitPrice", 10.5}, {"OrderId", "ORD-10"}}),
                         makeEvent(EventKind::OrderUpdate, 10, {{"LimitPrice", 9.25}, {"OrderId", "ORD-9"}}),
                         makeEvent(EventKind::OrderUpdate, 100, {{"LimitPrice", -2}, {"OrderId", "ORD-100"}})});
        proxy.sort(0, Qt::AscendingOrder); // Seq: 9 < 10 < 100 (as text "10" < "100" < "9")
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("9"));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("100"));
        proxy.sort(3, Qt::AscendingOrder); // LimitPrice: -2 < 9.25 < 10.5
        QCOMPARE(proxy.index(0, 3).data().toString(), QStringLiteral("-2"));
        QCOMPARE(proxy.index(1, 3).data().toString(), QStringLiteral("9.25"));
        QCOMPARE(proxy.index(2, 3).data().toString(), QStringLiteral("10.5"));
        proxy.sort(2, Qt::AscendingOrder); // ORD-9 < ORD-10 < ORD-100
        QCOMPARE(proxy.index(0, 2).data().toString(), QStringLiteral("ORD-9"));
        QCOMPARE(proxy.index(2, 2).data().toString(), QStringLiteral("ORD-100"));
        proxy.sort(1, Qt::DescendingOrder); // time, by epoch ms
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("100"));
        QCOMPARE(proxy.index(0, 1).data(ui::UnderlyingDataRole).toLongLong(), model.eventAt(2).timeMs);

        // New rows land in sorted position.
        model.addEvents({makeEvent(EventKind::OrderUpdate, 50)});
        QCOMPARE(proxy.index(1, 0).data().toString(), QStringLiteral("50"));
    }

    void filtersOnEveryPayloadValue()
    {
        EventTableModel model(orderOptions());
        ui::EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvents({makeEvent(EventKind::OrderUpdate, 1, {{"Status", "Rejected"}, {"Hidden", "needle-in-a-hidden-field"}}),
                         makeEvent(EventKind::OrderUpdate, 2, {{"Status", "Filled"}})});
        proxy.setFilterText(QStringLiteral("NEEDLE"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText(QStringLiteral("order filled"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 4).data().toString(), QStringLiteral("Filled"));
        model.addEvents({makeEvent(EventKind::OrderUpdate, 3, {{"Status", "Filled"}})});
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setFilterText(QString());
        QCOMPARE(proxy.rowCount(), 3);
    }

    void severityColoursAndIcons()
    {
        const auto panes = ui::livePaneDefinitions(100);
        EventTableModel model(panes.first().model); // signals, keyed by SignalId
        model.addEvents({makeEvent(EventKind::EntrySignal, 1, {{"SignalId", "SIG-1"}, {"IsActive", true}})});
        QCOMPARE(model.index(0, 0).data(ui::SeverityRole).toInt(), int(ui::Severity::Active));
        QVERIFY(model.index(0, 0).data(Qt::BackgroundRole).value<QColor>().isValid());
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        model.addEvents({makeEvent(EventKind::EntrySignal, 2, {{"SignalId", "SIG-1"}, {"IsActive", false}})});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(ui::SeverityRole).toInt(), int(ui::Severity::Muted));
    }

    void tenThousandEventBatch()
    {
        EventTableModel model(ui::livePaneDefinitions(10000).at(4).model); // execution
        ui::EventFilterProxy proxy;
        proxy.setSourceModel(&model);
        QList<eventhub::Event> batch;
        for (int i = 1; i <= 10000; ++i)
            batch.append(makeEvent(EventKind::OrderUpdate, i,
                                   {{"OrderId", QStringLiteral("ORD-%1").arg(i)}, {"Status", "Working"}, {"LimitPrice", 1.25}}));
        QElapsedTimer timer;
        timer.start();
        model.addEvents(batch);
        const qint64 firstMs = timer.elapsed();
        QCOMPARE(proxy.rowCount(), 10000);
        for (auto &event : batch)
            event.seqId += 10000, event.setEventId(QUuid::createUuid().toString(QUuid::WithoutBraces));
        timer.restart();
        model.addEvents(batch); // replaces every row: 10,000 removed, 10,000 inserted
        const qint64 replaceMs = timer.elapsed();
        QCOMPARE(proxy.rowCount(), 10000);
        qInfo("10,000-event batch: insert %lld ms, insert at the bound (drop 10,000) %lld ms", firstMs, replaceMs);
        QVERIFY(firstMs < 2000);
    }
};

QTEST_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
