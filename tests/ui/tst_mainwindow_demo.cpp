// A first start with no configuration (no MESOLIVE_* environment, no saved connection)
// lands in Demo mode against the in-process simulator and shows events; the layout and
// filters survive a restart.

#include "MainWindow.h"
#include "models/EventFilterProxy.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "models/ItemRoles.h"
#include "session/MonitorSession.h"
#include "widgets/ConnectionStatus.h"
#include "widgets/EventPane.h"
#include "widgets/EventTableView.h"

#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

class TestMainWindowDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("MonitorDemoTest"));
        qunsetenv("MESOLIVE_INSTANCE");
        qunsetenv("MESOLIVE_API_KEY");
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void startsInDemoModeShowingEvents()
    {
        ui::MonitorSession::Options options;
        options.demoSeedHistory = 600;
        options.demoRatePerSecond = 20;
        ui::MonitorSession session(options);
        ui::MainWindow window(session);
        session.startFromConfiguration();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QCOMPARE(session.mode(), ui::MonitorSession::Mode::Demo);
        QVERIFY(window.windowTitle().contains(QStringLiteral("DEMO")));
        ui::EventPane *signalsPane = window.livePane(QStringLiteral("signals"));
        ui::EventPane *execution = window.livePane(QStringLiteral("execution"));
        QVERIFY(signalsPane && execution);
        QTRY_VERIFY_WITH_TIMEOUT(signalsPane->model()->rowCount() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(execution->model()->rowCount() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionStatus()->stateText().contains(QStringLiteral("Connected")), 20000);
        // The history pane shows what the demo's store keeps, as it is stored.
        QTRY_VERIFY_WITH_TIMEOUT(window.historyPane()->model()->rowCount() > 0, 20000);

        // Ctrl+F focuses a pane's filter; typing filters that pane.
        execution->view()->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(execution->filterEdit()));
        QTest::keyClicks(execution->filterEdit(), QStringLiteral("Filled"));
        QVERIFY(execution->proxy()->rowCount() <= execution->model()->rowCount());
        for (int row = 0; row < execution->proxy()->rowCount(); ++row)
            QVERIFY(execution->proxy()->index(row, 0).data(ui::SearchTextRole).toString().contains(QStringLiteral("filled")));
        window.close(); // saves the layout and filters
    }

    void restoresFiltersAfterRestart()
    {
        ui::MonitorSession::Options options;
        options.demoSeedHistory = 10;
        ui::MonitorSession session(options);
        ui::MainWindow window(session);
        QCOMPARE(window.livePane(QStringLiteral("execution"))->filterEdit()->text(), QStringLiteral("Filled"));
    }
};

QTEST_MAIN(TestMainWindowDemo)
#include "tst_mainwindow_demo.moc"
