#pragma once

#include "models/EventRateMeter.h"
#include "eventhub/EventHubSettings.h"
#include "models/DisplayTime.h"
#include "models/PaneCatalog.h"

#include <QMainWindow>
#include <QPointer>

class QDockWidget;
class QToolButton;

namespace eventhub {
class Event;
}

namespace ui {

class AlertAttention;
class AlertNotifier;
class ConnectionStatus;
class CredentialStore;
class ProxyCredentialsPrompt;
class EventInspector;
class EventPane;
class HistoryExporter;
class HistoryPane;
class MonitorSession;
class StaleNotice;
class StrategyModel;
class StrategyPanel;

// The monitor's window: the live panes, strategies, rate chart and history as dockable,
// tabbable docks over the session's EventFeed; the status bar; menus and shortcuts; the
// layout, header states and filters kept in QSettings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(MonitorSession &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Live panes by id (paneIds' live ones); nullptr for an unknown id.
    EventPane *livePane(const QString &id) const;
    QDockWidget *dock(const QString &id) const;
    HistoryPane *historyPane() const { return m_historyPane; }
    StrategyPanel *strategyPanel() const { return m_strategyPanel; }
    EventInspector *inspector() const { return m_inspector; }
    AlertAttention *attention() const { return m_attention; }
    // View -> Reset layout.
    void resetLayout();
    // Settings -> Time zone: every time on screen in `zone`, kept for the next start.
    void showTimesIn(DisplayZone zone);
    ConnectionStatus *connectionStatus() const { return m_status; }
    // Exports the history pane's query to `path` with a progress dialog.
    void exportHistoryTo(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct LivePane
    {
        PaneDefinition definition;
        EventTableModel *model = nullptr;
        EventPane *pane = nullptr;
        QDockWidget *dock = nullptr;
    };

    QDockWidget *addDock(const QString &id, const QString &title, QWidget *widget);
    void createPanes();
    void createMenus();
    void arrangeDefaultLayout();
    void onSessionEnding();
    void onSessionStarted();
    void onEvents(const QList<eventhub::Event> &events);
    void updateTitle();
    void confirmCopy(int events);
    void openConnectionDialog();
    void connectWithSavedKey(const eventhub::EventHubSettings &settings);
    void exportHistory();
    void focusFilter();
    void setLiveRows(int rows);
    void showAbout();
    void saveSettings() const;
    void restoreSettings();

    MonitorSession &m_session;
    EventRateMeter m_meter;
    QList<LivePane> m_livePanes;
    StrategyModel *m_strategyModel;
    StrategyPanel *m_strategyPanel = nullptr;
    HistoryPane *m_historyPane = nullptr;
    EventInspector *m_inspector = nullptr;
    QList<QDockWidget *> m_docks;
    ConnectionStatus *m_status = nullptr;
    QToolButton *m_connectButton = nullptr;
    AlertNotifier *m_notifier = nullptr;
    AlertAttention *m_attention = nullptr;
    StaleNotice *m_stale = nullptr;
    QToolButton *m_alertsButton = nullptr;
    // The title without the unseen alerts' count.
    QString m_title;
    CredentialStore *m_credentials = nullptr;
    ProxyCredentialsPrompt *m_proxyPrompt = nullptr;
    QPointer<HistoryExporter> m_exporter;
    QByteArray m_defaultLayout;
    // Read from the settings before the panes are made.
    int m_liveRows = 0;
};

} // namespace ui
