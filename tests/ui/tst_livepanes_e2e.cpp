// The live panes' models fed end to end: in-process simulator, EventHubClient, EventFeed,
// then the pane definitions' EventTableModels, each watched by QAbstractItemModelTester.

#include "SimulatedHub.h"
#include "feed/EventFeed.h"
#include "models/EventFilterProxy.h"
#include "models/EventTableModel.h"
#include "models/PaneCatalog.h"
#include "models/StrategyModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

#include <memory>

class TestLivePanesEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void panesFillFromTheFeed()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 200;
        options.seedHistory = 1500;
        SimulatedHub hub(options);
        feed::EventFeed::Options feedOptions;
        feedOptions.startCursor = 0;
        feed::EventFeed feed(*hub.client, feedOptions);

        std::vector<std::unique_ptr<ui::EventTableModel>> models;
        std::vector<std::unique_ptr<ui::EventFilterProxy>> proxies;
        std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
        QHash<QString, ui::EventTableModel *> byId;
        for (const ui::PaneDefinition &definition : ui::livePaneDefinitions(10000)) {
            models.push_back(std::make_unique<ui::EventTableModel>(definition.model));
            proxies.push_back(std::make_unique<ui::EventFilterProxy>());
            proxies.back()->setSourceModel(models.back().get());
            proxies.back()->sort(0, Qt::DescendingOrder); // sorted proxies must cope with upserts too
            testers.push_back(std::make_unique<QAbstractItemModelTester>(models.back().get(),
                                                                         QAbstractItemModelTester::FailureReportingMode::QtTest));
            testers.push_back(std::make_unique<QAbstractItemModelTester>(proxies.back().get(),
                                                                         QAbstractItemModelTester::FailureReportingMode::QtTest));
            byId.insert(definition.id, models.back().get());
        }
        ui::StrategyModel strategies;
        QAbstractItemModelTester strategyTester(&strategies, QAbstractItemModelTester::FailureReportingMode::QtTest);
        strategies.setFeed(&feed);

        QList<eventhub::Event> delivered;
        connect(&feed, &feed::EventFeed::eventsArrived, this, [&](const QList<eventhub::Event> &events) {
            delivered += events;
            for (auto &model : models)
                model->addEvents(events);
            strategies.addEvents(events);
        });
        QVERIFY(hub.connect());
        QTRY_VERIFY_WITH_TIMEOUT(delivered.size() >= 2000, 20000);

        // Every event lands in exactly one pane; keyed panes hold one row per key.
        qint64 rowsOrKeys = 0;
        for (auto &model : models)
            rowsOrKeys += model->rowCount();
        QVERIFY(byId.value("signals")->rowCount() > 0);
        QVERIFY(byId.value("execution")->rowCount() > 0);
        QVERIFY(byId.value("agents")->rowCount() > 0);
        QVERIFY(byId.value("errors")->rowCount() > 0);
        QVERIFY(byId.value("preparation")->rowCount() > 0);
        QVERIFY(byId.value("vars")->rowCount() > 0);
        QCOMPARE(byId.value("other")->rowCount(), 0);
        QSet<QString> agents;
        QSet<QString> signalIds;
        qint64 executionEvents = 0;
        for (const eventhub::Event &event : std::as_const(delivered)) {
            if (event.kind == eventhub::EventKind::AgentStatusChange)
                agents.insert(event.payload().value("AgentName").toString());
            if (eventhub::categoryOf(event.kind) == eventhub::EventCategory::Signal)
                signalIds.insert(event.payload().value("SignalId").toString());
            executionEvents += eventhub::categoryOf(event.kind) == eventhub::EventCategory::Execution;
        }
        QCOMPARE(byId.value("agents")->rowCount(), agents.size());
        QCOMPARE(byId.value("signals")->rowCount(), signalIds.size());
        QCOMPARE(byId.value("execution")->rowCount(), executionEvents);
        QVERIFY(rowsOrKeys <= delivered.size());

        // The strategies the events named, subscribed through "all strategies".
        QTRY_VERIFY(strategies.rowCount() >= 10);
        const int row = strategies.rowOf(101);
        QVERIFY(row >= 0);
        QCOMPARE(strategies.index(row, ui::StrategyModel::StateColumn).data().toString(), QStringLiteral("Subscribed (all)"));
        QVERIFY(strategies.index(row, ui::StrategyModel::EventsColumn).data().toInt() > 0);

        // Everything again, as a hub re-sends events on reconnect: rows update, none added.
        hub.client->stop();
        QTRY_COMPARE(hub.client->connection().state(), signalr::HubConnection::State::Disconnected);
        QList<int> rowCounts;
        for (auto &model : models)
            rowCounts.append(model->rowCount());
        for (auto &model : models)
            model->addEvents(delivered);
        for (std::size_t i = 0; i < models.size(); ++i)
            QCOMPARE(models[i]->rowCount(), rowCounts.at(int(i)));
    }
};

QTEST_MAIN(TestLivePanesEndToEnd)
#include "tst_livepanes_e2e.moc"
