// The window on a 1280x720 screen: it opens inside the screen with every dock reachable,
// one inspector follows the selection of whichever pane the user works in, and View ->
// Reset layout brings the default back.

#include "EventLoopWait.h"
#include "MainWindow.h"
#include "OffscreenScreen.h"
#include "TestEvents.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "hubsim/SyntheticHistory.h"
#include "models/EventFilterProxy.h"
#include "session/MonitorSession.h"
#include "store/EventStore.h"
#include "widgets/EventDetailsView.h"
#include "widgets/EventInspector.h"
#include "widgets/EventPane.h"
#include "widgets/EventTableView.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using eventhub::EventKind;

namespace {

const QStringList LivePaneIds = {QStringLiteral("signals"),     QStringLiteral("errors"),    QStringLiteral("agents"),
                                 QStringLiteral("preparation"), QStringLiteral("execution"), QStringLiteral("vars"),
                                 QStringLiteral("other")};

eventhub::Event eventFor(const QString &paneId, qint64 seqId)
{
    if (paneId == QLatin1String("signals"))
        return makeEvent(EventKind::EntrySignal, seqId, {{QStringLiteral("SignalId"), QStringLiteral("SIG-%1").arg(seqId)}});
    if (paneId == QLatin1String("errors"))
        return makeEvent(EventKind::Error, seqId, {{QStringLiteral("ErrorId"), QStringLiteral("ERR-%1").arg(seqId)}});
    if (paneId == QLatin1String("agents"))
        return makeEvent(EventKind::AgentStatusChange, seqId,
                         {{QStringLiteral("AgentName"), QStringLiteral("agent-%1").arg(seqId)}});
    if (paneId == QLatin1String("preparation"))
        return makeEvent(EventKind::PositionEntryPreparationCompleted, seqId);
    if (paneId == QLatin1String("execution"))
        return makeEvent(EventKind::OrderUpdate, seqId);
    if (paneId == QLatin1String("vars"))
        return makeEvent(EventKind::AutoUpdateVarsAdjustmentStarted, seqId,
                         {{QStringLiteral("JobId"), QStringLiteral("J-%1").arg(seqId)}});
    eventhub::Event unknown = makeEvent(EventKind::Unknown, seqId);
    unknown.kindName = QStringLiteral("SomethingNew");
    return unknown;
}

} // namespace

class TestDeskLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("DeskLayoutTest"));
        QSettings().clear();
        QCOMPARE(QGuiApplication::primaryScreen()->geometry().size(), QSize(1280, 720));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void firstWindowFitsTheScreen()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QVERIFY2(available.contains(window.frameGeometry()), qPrintable(QStringLiteral("window %1,%2 %3x%4")
                                                                            .arg(window.frameGeometry().x())
                                                                            .arg(window.frameGeometry().y())
                                                                            .arg(window.frameGeometry().width())
                                                                            .arg(window.frameGeometry().height())));
        // Every control is reachable: the window's own minimum fits, the status bar is on
        // screen, and each visible dock has room for a few rows.
        QVERIFY(window.minimumSizeHint().width() <= available.width());
        QVERIFY(window.minimumSizeHint().height() <= available.height());
        QVERIFY(available.contains(window.statusBar()->mapToGlobal(window.statusBar()->rect().bottomRight())));
        ui::EventPane *signalsPane = window.livePane(QStringLiteral("signals"));
        QVERIFY(signalsPane->isVisible());
        QVERIFY2(signalsPane->view()->viewport()->height() >= 8 * signalsPane->view()->verticalHeader()->defaultSectionSize(),
                 "Signals shows fewer than eight rows");
        QVERIFY(window.dock(QStringLiteral("inspector"))->isVisible());
        QVERIFY(window.dock(QStringLiteral("strategies"))->isVisible());
    }

    void aSavedGeometryTooLargeIsShrunk()
    {
        {
            ui::MonitorSession session({});
            ui::MainWindow window(session);
            window.setGeometry(0, 0, 1900, 1100); // as if saved on a larger monitor
            window.close();
        }
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.screen()->availableGeometry().contains(window.frameGeometry()));
        QSettings().clear();
    }

    void inspectorFollowsTheSelectionInEveryPane()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // No details view per pane: the inspector's only.
        QCOMPARE(window.findChildren<ui::EventDetailsView *>().size(), 1);

        QList<ui::EventPane *> panes;
        for (const QString &id : LivePaneIds)
            panes.append(window.livePane(id));
        qint64 seqId = 1;
        for (ui::EventPane *pane : std::as_const(panes)) {
            const QString id = LivePaneIds.at(panes.indexOf(pane));
            pane->model()->addEvents({eventFor(id, seqId), eventFor(id, seqId + 1)});
            seqId += 2;
        }
        ui::EventInspector *inspector = window.inspector();
        for (ui::EventPane *pane : std::as_const(panes)) {
            QVERIFY(pane->proxy()->rowCount() == 2);
            pane->view()->setCurrentIndex(pane->proxy()->index(1, 0));
            const eventhub::Event expected = pane->model()->eventAt(pane->proxy()->mapToSource(pane->proxy()->index(1, 0)).row());
            QCOMPARE(inspector->activePane(), pane);
            QVERIFY(inspector->details()->hasEvent());
            QCOMPARE(inspector->details()->event().eventId(), expected.eventId());
        }

        // Focus moving back into a pane shows that pane's selection again.
        ui::EventPane *signalsPane = window.livePane(QStringLiteral("signals"));
        window.dock(QStringLiteral("signals"))->raise();
        window.activateWindow();
        signalsPane->view()->setFocus(Qt::MouseFocusReason);
        QTRY_COMPARE(inspector->activePane(), signalsPane);
        QCOMPARE(inspector->details()->event().eventId(),
                 signalsPane->model()
                     ->eventAt(signalsPane->proxy()->mapToSource(signalsPane->view()->currentIndex()).row())
                     .eventId());

        // A row updated in place refreshes the inspector; clearing the pane empties it.
        signalsPane->model()->clear();
        QVERIFY(!inspector->details()->hasEvent());

        // History, over a store: its selection too, shown once the row's block is read.
        QTemporaryDir directory;
        store::EventStore eventStore;
        QString error;
        QVERIFY2(eventStore.open(directory.filePath(QStringLiteral("events.sqlite")), error), qPrintable(error));
        hubsim::SyntheticHistory history(QDateTime::currentMSecsSinceEpoch() - 3600000, 1000);
        eventStore.append(history.next(40), history.lastSeqId(), 0);
        QVERIFY(eventStore.flush());
        ui::HistoryPane *historyPane = window.historyPane();
        historyPane->setStore(&eventStore);
        ui::HistoryTableModel *historyModel = historyPane->model();
        QVERIFY(waitUntil([&] { return historyModel->isCounted() && historyModel->isLoaded(3); }));
        window.dock(QStringLiteral("history"))->raise();
        historyPane->view()->setCurrentIndex(historyModel->index(3, 0));
        QCOMPARE(inspector->activePane(), historyPane);
        QVERIFY(inspector->details()->hasEvent());
        QCOMPARE(inspector->details()->event().eventId(), historyModel->eventAt(3)->eventId());
        QCOMPARE(inspector->details()->event().seqId, 37); // newest first

        // A live pane selected after it takes the inspector back, and History's focus returns it.
        ui::EventPane *errorsPane = window.livePane(QStringLiteral("errors"));
        errorsPane->view()->setCurrentIndex(errorsPane->proxy()->index(0, 0));
        QCOMPARE(inspector->activePane(), errorsPane);
        historyPane->view()->setFocus(Qt::MouseFocusReason);
        QTRY_COMPARE(inspector->activePane(), historyPane);
        QCOMPARE(inspector->details()->event().seqId, 37);

        // A new filter reads the history again: the row it showed is gone from the inspector.
        store::HistoryFilter errorsOnly;
        errorsOnly.kinds = {QStringLiteral("Error")};
        historyModel->setFilter(errorsOnly);
        QVERIFY(!inspector->details()->hasEvent());
        historyPane->setStore(nullptr); // before the store and its directory go
    }

    void resetLayoutRestoresTheDefault()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *inspector = window.dock(QStringLiteral("inspector"));
        QDockWidget *errors = window.dock(QStringLiteral("errors"));
        inspector->close();
        errors->setFloating(true);
        QVERIFY(!inspector->isVisible());
        window.resetLayout();
        QVERIFY(inspector->isVisible());
        QVERIFY(!errors->isFloating());
        QCOMPARE(window.dockWidgetArea(inspector), Qt::RightDockWidgetArea);
    }
};

int main(int argc, char **argv)
{
    useOffscreenScreen(QSize(1280, 720));
    QApplication app(argc, argv);
    TestDeskLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_desk_layout.moc"
