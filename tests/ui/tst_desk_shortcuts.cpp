// The window's shortcuts work whatever has the focus, a text box included (a QLineEdit
// claims Ctrl+E, Ctrl+F and Ctrl+K for editing on Linux), and Copy as JSON says it copied.

#include "MainWindow.h"
#include "TestEvents.h"
#include "connection/ConnectionDialog.h"
#include "models/EventFilterProxy.h"
#include "session/MonitorSession.h"
#include "widgets/EventPane.h"
#include "widgets/EventTableView.h"
#include "widgets/StrategyPanel.h"

#include <QClipboard>
#include <QDockWidget>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QtTest>

namespace {

// What a QLineEdit does on Linux desktops (X11 key bindings: Ctrl+E end of line, Ctrl+K
// kill line, Ctrl+F forward): it claims Ctrl+letter keys through ShortcutOverride. The
// offscreen platform's bindings do not, so the test's text boxes claim them explicitly.
class ClaimsControlKeys final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(event)->modifiers() == Qt::ControlModifier)
            event->accept();
        return false;
    }
};

} // namespace

class TestDeskShortcuts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("DeskShortcutsTest"));
        QSettings().clear();
    }

    void shortcutsWorkFromATextBox()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        QLineEdit *box = window.livePane(QStringLiteral("signals"))->filterEdit();
        ClaimsControlKeys claims;
        box->installEventFilter(&claims);
        box->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(box));

        // Ctrl+E: the export (with no session it says there is nothing to export).
        QTest::keyClick(box, Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Not connected: nothing to export."));

        // Ctrl+K: the connection dialog.
        bool dialogShown = false;
        QTimer::singleShot(0, this, [&dialogShown] {
            if (auto *dialog = qobject_cast<ui::ConnectionDialog *>(QApplication::activeModalWidget())) {
                dialogShown = true;
                dialog->reject();
            }
        });
        QTest::keyClick(box, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(dialogShown);

        // Ctrl+F from the Strategies' add box goes to a live pane's filter.
        QLineEdit *add = window.strategyPanel()->addEdit();
        add->installEventFilter(&claims);
        window.strategyPanel()->setEnabled(true);
        QApplication::setActiveWindow(&window);
        add->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(add));
        QTest::keyClick(add, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(qobject_cast<ui::EventPane *>(QApplication::focusWidget()->parentWidget()->parentWidget()));
        // The box's own keys still edit text.
        QTest::keyClicks(box, QStringLiteral("abc"));
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Home);
        QCOMPARE(box->cursorPosition(), 0);
    }

    void copyAsJsonSaysSo()
    {
        ui::MonitorSession session({});
        ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::EventPane *pane = window.livePane(QStringLiteral("execution"));
        pane->model()->addEvents(
            {makeEvent(eventhub::EventKind::OrderUpdate, 1), makeEvent(eventhub::EventKind::OrderUpdate, 2)});
        pane->view()->selectAll();
        pane->view()->setFocus();
        QTest::keyClick(pane->view(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Copied 2 events as JSON"));
        QVERIFY(QApplication::clipboard()->text().contains(pane->model()->eventAt(1).eventId()));
    }
};

QTEST_MAIN(TestDeskShortcuts)
#include "tst_desk_shortcuts.moc"
