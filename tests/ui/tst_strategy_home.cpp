// Strategies as the home view: after a scripted sequence of a strategy's events its row
// reads the latest signal and when, the active signals and errors (count and worst
// severity), open positions, working orders, its agent and the events today; a refused
// subscription says why in its row and can be removed; a strategy is added by name too;
// focusing a strategy filters every live pane to it.

#include "MainWindow.h"
#include "SimulatedHub.h"
#include "TestEvents.h"
#include "feed/EventFeed.h"
#include "models/EventFilterProxy.h"
#include "models/ItemRoles.h"
#include "models/StrategyModel.h"
#include "session/MonitorSession.h"
#include "widgets/EventPane.h"
#include "widgets/StrategyPanel.h"

#include <QDateTime>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

using eventhub::EventKind;
using State = feed::EventFeed::SubscriptionState;

namespace {

eventhub::Event now(EventKind kind, qint64 seqId, QJsonObject fields, qint64 strategyId = 101)
{
    eventhub::Event event = makeEvent(kind, seqId, fields);
    event.timeMs = QDateTime::currentMSecsSinceEpoch() - 60'000 + seqId;
    event.strategyId = strategyId;
    return event;
}

QList<eventhub::Event> scriptedDay()
{
    const auto signal = [](qint64 seq, const char *id, bool active, const char *trigger = "") {
        QJsonObject fields{{QStringLiteral("SignalId"), QString::fromLatin1(id)}, {QStringLiteral("IsActive"), active}};
        if (*trigger)
            fields.insert(QStringLiteral("Trigger"), QString::fromLatin1(trigger));
        return now(EventKind::EntrySignal, seq, fields);
    };
    const auto error = [](qint64 seq, const char *id, const char *severity, bool active) {
        return now(EventKind::Error, seq,
                   {{QStringLiteral("ErrorId"), QString::fromLatin1(id)},
                    {QStringLiteral("Severity"), QString::fromLatin1(severity)},
                    {QStringLiteral("IsActive"), active}});
    };
    const auto order = [](qint64 seq, const char *id, const char *status) {
        return now(
            EventKind::OrderUpdate, seq,
            {{QStringLiteral("OrderId"), QString::fromLatin1(id)}, {QStringLiteral("Status"), QString::fromLatin1(status)}});
    };
    const auto position = [](qint64 seq, const char *id, const char *status) {
        return now(
            EventKind::PositionUpdate, seq,
            {{QStringLiteral("PositionId"), QString::fromLatin1(id)}, {QStringLiteral("Status"), QString::fromLatin1(status)}});
    };
    eventhub::Event yesterday = order(1, "ORD-0", "Filled");
    yesterday.timeMs -= 36LL * 3600 * 1000;
    return {
        yesterday, signal(2, "SIG-1", true, "VIX 14.4 inside the entry band"), order(3, "ORD-1", "Working"),
        order(4, "ORD-1", "Filled"), position(5, "POS-1", "Open"), order(6, "ORD-2", "Working"), position(7, "POS-2", "Open"),
        position(8, "POS-2", "Closed"), signal(9, "SIG-1", false), signal(10, "SIG-2", true, "Profit target 50% reached"),
        error(11, "ERR-1", "Warning", true), error(12, "ERR-2", "Critical", true), error(13, "ERR-3", "Error", true),
        error(14, "ERR-2", "Critical", false),
        now(EventKind::AgentStatusChange, 15,
            {{QStringLiteral("AgentName"), QStringLiteral("agent-a")}, {QStringLiteral("Status"), QStringLiteral("Degraded")}}),
            // Another strategy's events change nothing in 101's row.
        now(EventKind::OrderUpdate, 16,
            {{QStringLiteral("OrderId"), QStringLiteral("ORD-9")}, {QStringLiteral("Status"), QStringLiteral("Working")}}, 102)};
}

} // namespace

class TestStrategyHome : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("StrategyHomeTest"));
        QSettings().clear();
    }

    void rowFiguresAfterAScriptedDay()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 50; // 101's own events teach the feed its name
        SimulatedHub hub(options);
        feed::EventFeed::Options feedOptions;
        feedOptions.subscribeAll = false;
        feed::EventFeed feed(*hub.client, feedOptions);
        ui::StrategyModel model;
        ui::StrategyPanel panel(&model);
        panel.setFeed(&feed);
        QVERIFY(hub.connect());
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isSynchronizing(), 10000);
        feed.setStrategySubscribed(101, true);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(101), State::Subscribed, 10000);

        const QList<eventhub::Event> day = scriptedDay();
        model.addEvents(day);
        const int row = model.rowOf(101);
        QVERIFY(row >= 0);
        auto cell = [&](ui::StrategyModel::Column column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(ui::StrategyModel::LatestSignalColumn).toString(),
                 QStringLiteral("Entry signal: Profit target 50% reached"));
        QCOMPARE(cell(ui::StrategyModel::WhenColumn, ui::UnderlyingDataRole).toLongLong(), day.at(9).timeMs);
        QVERIFY(!cell(ui::StrategyModel::WhenColumn).toString().isEmpty());
        QCOMPARE(cell(ui::StrategyModel::SignalsColumn).toString(), QStringLiteral("1"));
        QCOMPARE(cell(ui::StrategyModel::ErrorsColumn).toString(), QStringLiteral("2"));
        QCOMPARE(cell(ui::StrategyModel::ErrorsColumn, Qt::ToolTipRole).toString(),
                 QStringLiteral("Error")); // the Critical one was resolved
        QCOMPARE(cell(ui::StrategyModel::PositionsColumn).toString(), QStringLiteral("1"));
        QCOMPARE(cell(ui::StrategyModel::OrdersColumn).toString(), QStringLiteral("1"));
        QCOMPARE(cell(ui::StrategyModel::AgentColumn).toString(), QStringLiteral("agent-a: Degraded"));
        QCOMPARE(cell(ui::StrategyModel::EventsColumn).toString(), QStringLiteral("14")); // not yesterday's, not 102's

        // A refused subscription says why in its row and can be removed.
        QTest::keyClicks(panel.addEdit(), QStringLiteral("99999"));
        QTest::keyClick(panel.addEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(99999), State::Failed, 10000);
        const int failedRow = model.rowOf(99999);
        QCOMPARE(model.index(failedRow, ui::StrategyModel::LatestSignalColumn).data().toString(),
                 QStringLiteral("Subscription failed: Strategy 99999 does not exist."));
        QTableView *view = panel.view();
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            if (view->model()->index(r, ui::StrategyModel::IdColumn).data().toLongLong() == 99999)
                view->selectRow(r);
        }
        QPushButton *remove = nullptr;
        for (auto *button : panel.findChildren<QPushButton *>()) {
            if (button->text() == QLatin1String("Remove"))
                remove = button;
        }
        QVERIFY(remove && !remove->isHidden());
        remove->click();
        QCOMPARE(model.rowOf(99999), -1);
        QVERIFY(!feed.knownStrategies().contains(99999));

        // By name: a name the feed has seen subscribes that strategy; an unknown one says so.
        QTRY_VERIFY_WITH_TIMEOUT(!feed.strategyName(101).isEmpty(), 10000);
        feed.setStrategySubscribed(101, false);
        QCOMPARE(feed.subscriptionState(101), State::NotSubscribed);
        QSignalSpy told(&panel, &ui::StrategyPanel::message);
        QTest::keyClicks(panel.addEdit(), QStringLiteral("no such strategy"));
        QTest::keyClick(panel.addEdit(), Qt::Key_Return);
        QCOMPARE(told.size(), 1);
        panel.addEdit()->clear();
        QTest::keyClicks(panel.addEdit(), feed.strategyName(101).toLower());
        QTest::keyClick(panel.addEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(101), State::Subscribed, 10000);
    }

    void focusFiltersEveryLivePane()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        const QList<eventhub::Event> day = scriptedDay();
        for (const QString &id : {QStringLiteral("execution"), QStringLiteral("signals")})
            window.livePane(id)->model()->addEvents(day);
        ui::EventPane *execution = window.livePane(QStringLiteral("execution"));
        const int all = execution->proxy()->rowCount();
        QVERIFY(all > 1);
        window.strategyPanel()->setFocusedStrategy(102);
        QCOMPARE(execution->proxy()->rowCount(), 1);
        QCOMPARE(execution->proxy()->index(0, 0).data(ui::StrategyIdRole).toLongLong(), 102);
        QCOMPARE(window.livePane(QStringLiteral("signals"))->proxy()->rowCount(), 0);
        window.strategyPanel()->setFocusedStrategy(-1);
        QCOMPARE(execution->proxy()->rowCount(), all);
    }
};

QTEST_MAIN(TestStrategyHome)
#include "tst_strategy_home.moc"
