// Alerts that get seen: a new active signal or an Error/Critical error raises an unseen
// count on its pane's title, the status bar and the window title, and flashes the pane's
// tab, until the user looks at that pane; errors read active first, newest on top, and a
// resolved error keeps its severity's icon with "Resolved" as its state.

#include "MainWindow.h"
#include "TestEvents.h"
#include "models/EventFilterProxy.h"
#include "models/ItemRoles.h"
#include "models/Severity.h"
#include "session/MonitorSession.h"
#include "widgets/AlertAttention.h"
#include "widgets/EventPane.h"
#include "widgets/EventTableView.h"

#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QToolButton>
#include <QtTest>

using eventhub::EventKind;

namespace {

eventhub::Event fresh(EventKind kind, qint64 seqId, QJsonObject fields)
{
    eventhub::Event event = makeEvent(kind, seqId, fields);
    event.timeMs = QDateTime::currentMSecsSinceEpoch() - 1000 + seqId;
    return event;
}

eventhub::Event error(qint64 seqId, const QString &id, const QString &severity, bool active, const QString &message)
{
    return fresh(EventKind::Error, seqId,
                 {{QStringLiteral("ErrorId"), id},
                  {QStringLiteral("Severity"), severity},
                  {QStringLiteral("IsActive"), active},
                  {QStringLiteral("Message"), message},
                  {QStringLiteral("Code"), QStringLiteral("BROKER")}});
}

QToolButton *alertsButton(ui::MainWindow &window)
{
    for (auto *button : window.statusBar()->findChildren<QToolButton *>()) {
        if (button->text().contains(QStringLiteral("alert")))
            return button;
    }
    return nullptr;
}

QColor tabColor(ui::MainWindow &window, QDockWidget *dock)
{
    for (QTabBar *bar : window.findChildren<QTabBar *>()) {
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabText(i) == dock->windowTitle())
                return bar->tabTextColor(i);
        }
    }
    return {};
}

} // namespace

class TestAlertAttention : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("AlertAttentionTest"));
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void countsUntilThePaneIsSeen()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *signalsDock = window.dock(QStringLiteral("signals"));
        QDockWidget *errors = window.dock(QStringLiteral("errors"));
        QDockWidget *execution = window.dock(QStringLiteral("execution"));
        execution->raise(); // neither Signals nor Errors in front
        const QString title = window.windowTitle();
        ui::AlertAttention *attention = window.attention();

        // During the catch-up replay nothing counts.
        attention->process({error(1, QStringLiteral("E-0"), QStringLiteral("Error"), true, QStringLiteral("replayed"))}, true);
        QCOMPARE(attention->unacknowledged(), 0);

        attention->process({fresh(EventKind::EntrySignal, 2,
                                  {{QStringLiteral("SignalId"), QStringLiteral("S-1")}, {QStringLiteral("IsActive"), true}}),
                            fresh(EventKind::EntrySignal, 3,
                                  {{QStringLiteral("SignalId"), QStringLiteral("S-2")}, {QStringLiteral("IsActive"), false}}),
                            error(4, QStringLiteral("E-1"), QStringLiteral("Critical"), true, QStringLiteral("Broker down")),
                            error(5, QStringLiteral("E-2"), QStringLiteral("Warning"), true, QStringLiteral("Slow quotes")),
                            error(6, QStringLiteral("E-3"), QStringLiteral("Error"), true, QStringLiteral("Order rejected"))},
                           false);
        // One active signal (a cleared one is not news), two Error/Critical errors (a
        // warning is not an alert).
        QCOMPARE(attention->unacknowledged(signalsDock), 1);
        QCOMPARE(attention->unacknowledged(errors), 2);
        QCOMPARE(window.windowTitle(), QStringLiteral("(3) ") + title);
        QCOMPARE(errors->windowTitle(), QStringLiteral("Errors (2)"));
        QToolButton *button = alertsButton(window);
        QVERIFY(button && button->isVisible());
        QCOMPARE(button->text(), QStringLiteral("3 new alerts"));
        // The same signal again (the hub re-sends active state) does not count twice.
        attention->process({fresh(EventKind::EntrySignal, 7,
                                  {{QStringLiteral("SignalId"), QStringLiteral("S-1")}, {QStringLiteral("IsActive"), true}})},
                           false);
        QCOMPARE(attention->unacknowledged(), 3);
        // The tab flashes.
        QTRY_VERIFY_WITH_TIMEOUT(tabColor(window, errors).isValid(), 3 * ui::AlertAttention::FlashIntervalMs);

        // Bringing the Errors tab to the front is looking at it.
        QApplication::setActiveWindow(&window);
        QTRY_VERIFY(window.isActiveWindow());
        errors->raise();
        QTRY_COMPARE(attention->unacknowledged(errors), 0);
        QCOMPARE(errors->windowTitle(), QStringLiteral("Errors"));
        QVERIFY(!tabColor(window, errors).isValid());
        QCOMPARE(window.windowTitle(), QStringLiteral("(1) ") + title);
        QCOMPARE(button->text(), QStringLiteral("1 new alert"));

        // The status bar's button goes to what is left.
        button->click();
        QCOMPARE(attention->unacknowledged(), 0);
        QVERIFY(!signalsDock->visibleRegion().isEmpty());
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(!button->isVisible());

        // On screen but the user works elsewhere: it counts until a click into the pane.
        errors->raise();
        window.dock(QStringLiteral("strategies"))->widget()->setFocus();
        attention->process({error(8, QStringLiteral("E-4"), QStringLiteral("Error"), true, QStringLiteral("Again"))}, false);
        QCOMPARE(attention->unacknowledged(errors), 1);
        QTest::mouseClick(window.livePane(QStringLiteral("errors"))->view()->viewport(), Qt::LeftButton);
        QCOMPARE(attention->unacknowledged(errors), 0);
    }

    void errorsReadActiveFirstNewestOnTop()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        ui::EventPane *pane = window.livePane(QStringLiteral("errors"));
        pane->model()->addEvents(
            {error(1, QStringLiteral("E-1"), QStringLiteral("Critical"), true, QStringLiteral("Broker down")),
             error(2, QStringLiteral("E-2"), QStringLiteral("Error"), false, QStringLiteral("One-off")),
             error(3, QStringLiteral("E-3"), QStringLiteral("Warning"), true, QStringLiteral("Slow")),
             error(4, QStringLiteral("E-4"), QStringLiteral("Error"), true, QStringLiteral("Rejected")),
             error(5, QStringLiteral("E-1"), QStringLiteral("Critical"), false, QStringLiteral("Resolved: Broker down"))});
        auto column = [pane](const QString &title) {
            for (int c = 0; c < pane->model()->columnCount(); ++c) {
                if (pane->model()->headerData(c, Qt::Horizontal).toString() == title)
                    return c;
            }
            return -1;
        };
        const int state = column(QStringLiteral("State"));
        const int message = column(QStringLiteral("Message"));
        const int strategy = column(QStringLiteral("Strategy"));
        QVERIFY(state >= 0 && message >= 0 && strategy >= 0);
        QVERIFY(!pane->view()->isColumnHidden(message));
        QVERIFY(!pane->view()->isColumnHidden(strategy));
        QStringList order;
        for (int row = 0; row < pane->proxy()->rowCount(); ++row)
            order << pane->proxy()->index(row, message).data().toString();
        QCOMPARE(order, (QStringList{QStringLiteral("Rejected"), QStringLiteral("Slow"), QStringLiteral("Resolved: Broker down"),
                                     QStringLiteral("One-off")}));
        // The resolved Critical keeps its severity's icon; its state says Resolved.
        const QModelIndex resolved = pane->proxy()->index(2, 0);
        QCOMPARE(resolved.data(ui::SeverityRole).toInt(), int(ui::Severity::Critical));
        QCOMPARE(pane->proxy()->index(2, state).data().toString(), QStringLiteral("Resolved"));
        QCOMPARE(pane->proxy()->index(3, state).data().toString(), QStringLiteral("Reported"));
        QCOMPARE(pane->proxy()->index(0, state).data().toString(), QStringLiteral("Active"));
        QVERIFY(!resolved.data(Qt::BackgroundRole).isValid()); // not tinted as an alarm
    }
};

QTEST_MAIN(TestAlertAttention)
#include "tst_alert_attention.moc"
