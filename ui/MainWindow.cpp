#include "MainWindow.h"

#include "connection/ConnectionDialog.h"
#include "connection/ConnectionSecrets.h"
#include "connection/CredentialStore.h"
#include "connection/ProxyCredentialsPrompt.h"
#include "eventhub/EventHubClient.h"
#include "export/HistoryExporter.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "store/EventStore.h"
#include "feed/EventFeed.h"
#include "models/DisplayTime.h"
#include "models/Severity.h"
#include "models/StrategyModel.h"
#include "session/MonitorSession.h"
#include "session/SettingKeys.h"
#include "widgets/AlertAttention.h"
#include "widgets/AlertNotifier.h"
#include "widgets/AppIcon.h"
#include "widgets/ConnectionStatus.h"
#include "widgets/EventInspector.h"
#include "widgets/EventPane.h"
#include "widgets/EventRateChart.h"
#include "widgets/EventTableView.h"
#include "widgets/ShortcutPriority.h"
#include "widgets/StaleNotice.h"
#include "widgets/StrategyPanel.h"
#include "widgets/WindowFit.h"
#include "mesolive/version.h"

#include <QAction>
#include <QActionGroup>
#include <QHeaderView>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolButton>

namespace ui {

namespace {
// 2: one shared inspector instead of a details view per pane.
constexpr int LayoutVersion = 2;
// A first window's size where the screen has room for it; less where it has not.
constexpr QSize PreferredWindowSize(1800, 1000);
// From this width on, Errors sits beside Signals rather than behind it.
constexpr int SideBySideAlertsWidth = 1600;
constexpr int StatusMessageMs = 10000;

QString dockObjectName(const QString &paneId)
{
    return paneId + QStringLiteral("Dock");
}
}

MainWindow::MainWindow(MonitorSession &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_strategyModel(new StrategyModel(this))
    , m_credentials(new CredentialStore(this))
    , m_proxyPrompt(new ProxyCredentialsPrompt(*m_credentials, this))
{
    setWindowIcon(appIcon());
    setObjectName(QStringLiteral("MainWindow"));
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks | GroupedDragging);
    const QSettings settings;
    m_liveRows = settingKeys::LiveRows.read(settings);
    setDisplayZone(displayZoneFromKey(settingKeys::TimeZone.read(settings)));

    m_notifier = new AlertNotifier(windowIcon(), this);
    connect(m_notifier, &AlertNotifier::alerted, this, [this](const Alert &alert, int count) {
        statusBar()->showMessage(count == 1 ? QStringLiteral("%1: %2").arg(alert.title, alert.message)
                                            : tr("%1: %2 (+%3 more)").arg(alert.title, alert.message).arg(count - 1),
                                 StatusMessageMs);
    });

    createPanes();
    m_attention = new AlertAttention(this, dock(paneIds::Signals), dock(paneIds::Errors));
    m_stale = new StaleNotice(this);
    for (const LivePane &live : std::as_const(m_livePanes))
        m_stale->attach(live.pane);
    m_stale->attach(m_strategyPanel);
    m_status = new ConnectionStatus(m_meter, this);
    statusBar()->addPermanentWidget(m_status);
    createMenus();
    // The default layout is proportioned for the window's first size.
    const bool restored = restoreGeometry(settingKeys::WindowGeometry.read(settings));
    fitWindowIntoScreen(this, PreferredWindowSize, restored);
    arrangeDefaultLayout();
    m_defaultLayout = saveState(LayoutVersion);
    restoreSettings();

    connect(&m_session, &MonitorSession::sessionEnding, this, &MainWindow::onSessionEnding);
    connect(&m_session, &MonitorSession::sessionStarted, this, &MainWindow::onSessionStarted);
    connect(&m_session, &MonitorSession::keyNeeded, this, &MainWindow::connectWithSavedKey);
    const auto showStatus = [this](const QString &message) { statusBar()->showMessage(message, StatusMessageMs); };
    connect(&m_session, &MonitorSession::problem, this, showStatus);
    // A proxy that wants a password during the session asks the user here.
    m_session.setAskProxyCredentials(m_proxyPrompt->hook());
    connect(m_proxyPrompt, &ProxyCredentialsPrompt::canceled, this, showStatus);
    connect(m_proxyPrompt, &ProxyCredentialsPrompt::notRemembered, this, showStatus);
    m_title = tr("MesoLive Monitor");
    updateTitle();
    if (m_session.feed())
        onSessionStarted();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(const QString &id, const QString &title, QWidget *widget)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(dockObjectName(id));
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_docks.append(dock);
    return dock;
}

void MainWindow::createPanes()
{
    m_inspector = new EventInspector(this);
    for (const PaneDefinition &definition : livePaneDefinitions(m_liveRows)) {
        LivePane live;
        live.definition = definition;
        live.model = new EventTableModel(definition.model, this);
        live.pane = new EventPane(live.model, EventPane::Kind::Live, this);
        live.pane->setObjectName(definition.id);
        live.dock = addDock(definition.id, definition.title, live.pane);
        m_inspector->follow(live.pane, live.pane->view(), definition.title,
                            [pane = live.pane](eventhub::Event &event, QList<eventhub::Event> &history) {
                                return pane->currentEvent(event, history);
                            });
        connect(live.pane, &EventPane::copied, this, &MainWindow::confirmCopy);
        m_livePanes.append(live);
    }
    m_strategyPanel = new StrategyPanel(m_strategyModel, this);
    addDock(paneIds::Strategies, tr("Strategies"), m_strategyPanel);
    connect(m_strategyPanel, &StrategyPanel::focusChanged, this, [this](qint64 strategyId) {
        for (const LivePane &live : std::as_const(m_livePanes))
            live.pane->setStrategyFilter(strategyId);
    });
    connect(m_strategyPanel, &StrategyPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, StatusMessageMs); });
    addDock(paneIds::Rate, tr("Events per second"), new EventRateChart(m_meter, this));
    m_historyPane = new HistoryPane(this);
    addDock(paneIds::History, tr("History"), m_historyPane);
    m_inspector->follow(
        m_historyPane, m_historyPane->view(), tr("History"),
        [pane = m_historyPane](eventhub::Event &event, QList<eventhub::Event> &) { return pane->currentEvent(event); });
    connect(m_historyPane, &HistoryPane::copied, this, &MainWindow::confirmCopy);
    connect(m_inspector, &EventInspector::copied, this, [this] { confirmCopy(1); });
    addDock(paneIds::Inspector, tr("Inspector"), m_inspector);
    connect(m_historyPane, &HistoryPane::exportRequested, this, &MainWindow::exportHistory);
}

void MainWindow::arrangeDefaultLayout()
{
    // Strategies, the home view, on top; the event panes as tabs below it (Errors beside
    // Signals where the screen is wide); the one inspector on the right, full height.
    const int width = size().width();
    QDockWidget *strategies = dock(paneIds::Strategies);
    QDockWidget *signalsDock = dock(paneIds::Signals);
    QDockWidget *errors = dock(paneIds::Errors);
    QDockWidget *inspector = dock(paneIds::Inspector);
    addDockWidget(Qt::LeftDockWidgetArea, strategies);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    splitDockWidget(strategies, signalsDock, Qt::Vertical);
    const bool sideBySide = width >= SideBySideAlertsWidth;
    if (sideBySide)
        splitDockWidget(signalsDock, errors, Qt::Horizontal);
    QDockWidget *previous = sideBySide ? signalsDock : errors;
    if (!sideBySide)
        tabifyDockWidget(signalsDock, errors);
    for (const QString &id : {paneIds::Execution, paneIds::Agents, paneIds::Preparation, paneIds::Vars, paneIds::History,
                              paneIds::Other, paneIds::Rate}) {
        tabifyDockWidget(previous, dock(id));
        previous = dock(id);
    }
    signalsDock->raise();
    if (sideBySide)
        errors->raise();
    const int inspectorWidth = qBound(320, width * 28 / 100, 520);
    resizeDocks({strategies, inspector}, {width - inspectorWidth, inspectorWidth}, Qt::Horizontal);
    if (sideBySide)
        resizeDocks({signalsDock, errors}, {(width - inspectorWidth) * 55 / 100, (width - inspectorWidth) * 45 / 100},
                    Qt::Horizontal);
    const int height = size().height();
    resizeDocks({strategies, signalsDock}, {height * 38 / 100, height * 62 / 100}, Qt::Vertical);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultLayout, LayoutVersion);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect to MesoLive…"), this, &MainWindow::openConnectionDialog);
    connectAction->setShortcut(QKeySequence(tr("Ctrl+K")));
    connectAction->setToolTip(tr("Connect to your MesoLive instance's Event Hub"));
    file->addAction(tr("Switch to &Demo mode"), &m_session, &MonitorSession::startDemo);
    file->addSeparator();
    QAction *exportAction =
        file->addAction(tr("&Export history to CSV…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportHistory);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setShortcut(QKeySequence(tr("Ctrl+Q")));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *findAction = view->addAction(tr("&Find in pane"), QKeySequence::Find, this, &MainWindow::focusFilter);
    auto *priority = new ShortcutPriority(this);
    for (QAction *action : {connectAction, exportAction, findAction})
        priority->prefer(action);
    view->addSeparator();
    for (QDockWidget *dockWidget : std::as_const(m_docks))
        view->addAction(dockWidget->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Live rows per pane…"), this, [this] {
        bool ok = false;
        const int rows =
            QInputDialog::getInt(this, tr("Live rows per pane"),
                                 tr("Rows each live pane keeps (the oldest go first; the History pane has everything):"),
                                 m_liveRows, 100, 1'000'000, 1000, &ok);
        if (ok)
            setLiveRows(rows);
    });
    QMenu *zones = settings->addMenu(tr("&Time zone"));
    auto *zoneGroup = new QActionGroup(zones);
    for (DisplayZone zone : {DisplayZone::Local, DisplayZone::Utc, DisplayZone::Exchange}) {
        QAction *action = zones->addAction(displayZoneTitle(zone), this, [this, zone] { showTimesIn(zone); });
        action->setCheckable(true);
        action->setChecked(zone == displayZone());
        zoneGroup->addAction(action);
    }
    QMenu *alerts = settings->addMenu(tr("&Notifications"));
    AlertPolicy::Switches switches = m_notifier->policy().switches();
    QSettings stored;
    switches.entrySignals = settingKeys::AlertEntrySignals.read(stored);
    switches.exitSignals = settingKeys::AlertExitSignals.read(stored);
    switches.errors = settingKeys::AlertErrors.read(stored);
    m_notifier->policy().setSwitches(switches);
    m_notifier->setSoundEnabled(settingKeys::AlertSound.read(stored));
    auto addSwitch = [this, alerts](const QString &text, bool on, std::function<void(bool)> apply) {
        QAction *action = alerts->addAction(text);
        action->setCheckable(true);
        action->setChecked(on);
        connect(action, &QAction::toggled, this, apply);
    };
    addSwitch(tr("New &entry signals"), switches.entrySignals, [this](bool on) {
        auto s = m_notifier->policy().switches();
        s.entrySignals = on;
        m_notifier->policy().setSwitches(s);
    });
    addSwitch(tr("New e&xit signals"), switches.exitSignals, [this](bool on) {
        auto s = m_notifier->policy().switches();
        s.exitSignals = on;
        m_notifier->policy().setSwitches(s);
    });
    addSwitch(tr("E&rrors"), switches.errors, [this](bool on) {
        auto s = m_notifier->policy().switches();
        s.errors = on;
        m_notifier->policy().setSwitches(s);
    });
    alerts->addSeparator();
    addSwitch(tr("Play a &sound"), m_notifier->soundEnabled(), [this](bool on) { m_notifier->setSoundEnabled(on); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MesoLive Monitor"), QKeySequence::HelpContents, this, &MainWindow::showAbout)
        ->setShortcut(QKeySequence(Qt::Key_F1));

    // Demo mode is one click away from a real connection.
    m_connectButton = new QToolButton(this);
    m_connectButton->setDefaultAction(connectAction);
    m_connectButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    statusBar()->addWidget(m_connectButton);

    m_alertsButton = new QToolButton(this);
    m_alertsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_alertsButton->setIcon(severityIcon(Severity::Error));
    m_alertsButton->setAutoRaise(true);
    m_alertsButton->setToolTip(tr("New signals and errors you have not looked at yet: click to see them"));
    m_alertsButton->setVisible(false);
    connect(m_alertsButton, &QToolButton::clicked, this, [this] { m_attention->show(m_attention->nextToSee()); });
    statusBar()->addPermanentWidget(m_alertsButton);
    connect(m_attention, &AlertAttention::unacknowledgedChanged, this, [this](int count) {
        m_alertsButton->setText(count == 1 ? tr("1 new alert") : tr("%1 new alerts").arg(count));
        m_alertsButton->setVisible(count > 0);
        updateTitle();
    });
}

void MainWindow::showTimesIn(DisplayZone zone)
{
    setDisplayZone(zone);
    QSettings settings;
    settingKeys::TimeZone.write(settings, displayZoneKey(zone));
    // Every time is formatted when painted: a repaint shows the new zone everywhere.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->viewport()->update();
    for (QHeaderView *header : findChildren<QHeaderView *>())
        header->viewport()->update();
    m_inspector->refresh();
}

void MainWindow::confirmCopy(int events)
{
    constexpr int ConfirmationMs = 3000;
    statusBar()->showMessage(events == 1 ? tr("Copied 1 event as JSON") : tr("Copied %1 events as JSON").arg(events),
                             ConfirmationMs);
}

void MainWindow::updateTitle()
{
    const int unseen = m_attention->unacknowledged();
    setWindowTitle(unseen > 0 ? QStringLiteral("(%1) %2").arg(unseen).arg(m_title) : m_title);
}

QDockWidget *MainWindow::dock(const QString &id) const
{
    for (QDockWidget *dockWidget : m_docks) {
        if (dockWidget->objectName() == dockObjectName(id))
            return dockWidget;
    }
    return nullptr;
}

EventPane *MainWindow::livePane(const QString &id) const
{
    for (const LivePane &live : m_livePanes) {
        if (live.definition.id == id)
            return live.pane;
    }
    return nullptr;
}

void MainWindow::onSessionEnding()
{
    if (m_exporter)
        m_exporter->cancel();
    m_strategyPanel->setFeed(nullptr);
    m_historyPane->setStore(nullptr);
    m_status->setSession(nullptr, nullptr, {}, false);
    m_stale->setConnection(nullptr);
}

void MainWindow::onSessionStarted()
{
    m_proxyPrompt->newSession();
    feed::EventFeed *feed = m_session.feed();
    const bool demo = m_session.mode() == MonitorSession::Mode::Demo;
    // A new hub is a new history: what the panes show belongs to the previous one.
    for (const LivePane &live : std::as_const(m_livePanes))
        live.model->clear();
    connect(feed, &feed::EventFeed::eventsArrived, this, &MainWindow::onEvents);
    connect(feed, &feed::EventFeed::problem, this,
            [this](const QString &message) { statusBar()->showMessage(message, StatusMessageMs); });
    m_strategyPanel->setFeed(feed);
    m_historyPane->setStore(m_session.store());
    m_status->setSession(m_session.client(), feed, m_session.instanceLabel(), demo);
    m_stale->setConnection(&m_session.client()->connection());
    m_connectButton->setVisible(demo);
    m_title = demo ? tr("MesoLive Monitor — DEMO") : tr("MesoLive Monitor — %1").arg(m_session.instanceLabel());
    updateTitle();
}

void MainWindow::onEvents(const QList<eventhub::Event> &events)
{
    for (const LivePane &live : std::as_const(m_livePanes))
        live.model->addEvents(events);
    m_strategyModel->addEvents(events);
    m_meter.record(events, QDateTime::currentMSecsSinceEpoch());
    const feed::EventFeed *feed = m_session.feed();
    m_notifier->process(events, feed && feed->isSynchronizing());
    m_attention->process(events, feed && feed->isSynchronizing());
}

void MainWindow::openConnectionDialog()
{
    eventhub::EventHubSettings current =
        m_session.mode() == MonitorSession::Mode::Live ? m_session.settings() : MonitorSession::savedSettings();
    auto showDialog = [this](eventhub::EventHubSettings settings) {
        ConnectionDialog dialog(settings, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const eventhub::EventHubSettings chosen = dialog.settings();
        saveConnectionSecrets(*m_credentials, chosen, [this](const QString &problem) {
            if (!problem.isEmpty())
                statusBar()->showMessage(problem, StatusMessageMs);
        });
        m_session.connectTo(chosen);
    };
    if (!current.isComplete()) {
        showDialog(current);
        return;
    }
    // Prefill the saved key and proxy password (the keychain answers asynchronously).
    loadConnectionSecrets(*m_credentials, current, [showDialog](const eventhub::EventHubSettings &withSecrets, const QString &) {
        showDialog(withSecrets);
    });
}

void MainWindow::connectWithSavedKey(const eventhub::EventHubSettings &settings)
{
    loadConnectionSecrets(*m_credentials, settings, [this](const eventhub::EventHubSettings &withSecrets, const QString &error) {
        if (error.isEmpty()) {
            m_session.connectTo(withSecrets);
            return;
        }
        // No key: show the demo meanwhile and ask for one.
        m_session.startDemo();
        statusBar()->showMessage(error, StatusMessageMs);
        openConnectionDialog();
    });
}

void MainWindow::exportHistory()
{
    if (!m_session.client()) {
        statusBar()->showMessage(tr("Not connected: nothing to export."), StatusMessageMs);
        return;
    }
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                              + QStringLiteral("/mesolive-events-")
                              + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")) + QStringLiteral(".csv");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export history to CSV"), suggested, tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportHistoryTo(path);
}

void MainWindow::exportHistoryTo(const QString &path)
{
    if (!m_session.store() || m_exporter)
        return;
    m_exporter = new HistoryExporter(m_session.store()->path(), m_historyPane->filter(), m_historyPane->order(),
                                     m_historyPane->model()->matchingCount(), path, this);
    auto *progress = new QProgressDialog(tr("Exporting the history…"), tr("Cancel"), 0, 1000, this);
    progress->setWindowTitle(tr("Export to CSV"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress, &QProgressDialog::canceled, m_exporter, &HistoryExporter::cancel);
    connect(m_exporter, &HistoryExporter::progress, progress, [progress](qint64 read, qint64 expected, qint64 rows) {
        progress->setValue(expected > 0 ? int(qMin<qint64>(999, read * 1000 / expected)) : 0);
        progress->setLabelText(tr("Exporting the history… %L1 events written").arg(rows));
    });
    connect(m_exporter, &HistoryExporter::finished, this,
            [this, progress](HistoryExporter::Outcome outcome, const QString &message) {
                progress->close();
                statusBar()->showMessage(message, StatusMessageMs);
                if (outcome == HistoryExporter::Outcome::Failed)
                    QMessageBox::warning(this, tr("Export to CSV"), message);
                m_exporter->deleteLater();
            });
    m_exporter->start();
}

void MainWindow::focusFilter()
{
    for (QWidget *widget = QApplication::focusWidget(); widget; widget = widget->parentWidget()) {
        if (auto *history = qobject_cast<HistoryPane *>(widget)) {
            history->focusFilter();
            return;
        }
        if (auto *pane = qobject_cast<EventPane *>(widget); pane && pane->parentWidget() != m_historyPane) {
            pane->focusFilter();
            return;
        }
    }
    // Nothing focused: the first live pane on screen.
    for (const LivePane &live : std::as_const(m_livePanes)) {
        if (!live.pane->visibleRegion().isEmpty()) {
            live.pane->focusFilter();
            return;
        }
    }
}

void MainWindow::setLiveRows(int rows)
{
    m_liveRows = rows;
    for (const LivePane &live : std::as_const(m_livePanes))
        live.model->setMaxRows(rows);
    QSettings settings;
    settingKeys::LiveRows.write(settings, rows);
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About MesoLive Monitor"));
    box.setIconPixmap(windowIcon().pixmap(64, 64));
    box.setTextFormat(Qt::RichText);
    box.setText(tr("<h3>MesoLive Monitor %1</h3>"
                   "<p>Live view of what your MesoLive automation does: signals, orders, positions, "
                   "preparation jobs, vars automation, agents and errors, from the MesoLive Event Hub.</p>"
                   "<p>Built with Qt %2.</p>"
                   "<p>Released under the MIT licence.</p>")
                    .arg(QStringLiteral(MESOLIVE_VERSION), QString::fromLatin1(qVersion())));
    box.exec();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settingKeys::WindowGeometry.write(settings, saveGeometry());
    settingKeys::WindowState.write(settings, saveState(LayoutVersion));
    for (const LivePane &live : m_livePanes) {
        settings.beginGroup(settingKeys::paneGroup(live.definition.id));
        live.pane->saveState(settings);
        settings.endGroup();
    }
    settings.beginGroup(settingKeys::paneGroup(paneIds::History));
    m_historyPane->saveState(settings);
    settings.endGroup();
    const AlertPolicy::Switches switches = m_notifier->policy().switches();
    settingKeys::AlertEntrySignals.write(settings, switches.entrySignals);
    settingKeys::AlertExitSignals.write(settings, switches.exitSignals);
    settingKeys::AlertErrors.write(settings, switches.errors);
    settingKeys::AlertSound.write(settings, m_notifier->soundEnabled());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreState(settingKeys::WindowState.read(settings), LayoutVersion);
    for (const LivePane &live : std::as_const(m_livePanes)) {
        settings.beginGroup(settingKeys::paneGroup(live.definition.id));
        live.pane->restoreState(settings);
        settings.endGroup();
    }
    settings.beginGroup(settingKeys::paneGroup(paneIds::History));
    m_historyPane->restoreState(settings);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace ui
