#pragma once

#include "eventhub/EventHubSettings.h"

#include <QObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

class QAuthenticator;
class QNetworkProxy;

namespace eventhub {
class EventHubClient;
}
namespace feed {
class EventFeed;
}
namespace hubsim {
class EventHubSimulator;
}
namespace store {
class EventStore;
class HistoryBackfill;
}

namespace ui {

// What the monitor is connected to, with no widgets: the EventHubClient, the EventFeed on
// top of it, the local EventStore that keeps every event the feed delivers (and whose
// cursor is where the next start resumes), and in Demo mode the in-process
// EventHubSimulator they talk to over 127.0.0.1 (with a store in memory: the demo hub is
// new every time). Switching connections replaces them all; views rebind on
// sessionStarted.
class MonitorSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorSession)

public:
    enum class Mode { None, Demo, Live };
    Q_ENUM(Mode)

    struct Options
    {
        bool forceDemo = false;
        double demoRatePerSecond = 3.0;
        qint64 demoSeedHistory = 2000;
        int batchIntervalMs = 16; // as EventFeed's default: one batch per display frame
        // Asks the user for a proxy's credentials when it wants some (see
        // signalr::HubConnectionOptions::proxyCredentials); unset, a 407 ends the connection.
        std::function<void(const QNetworkProxy &proxy, QAuthenticator *authenticator)> askProxyCredentials;
    };

    explicit MonitorSession(Options options, QObject *parent = nullptr);
    ~MonitorSession() override;

    // --demo, else MESOLIVE_INSTANCE/MESOLIVE_API_KEY, else the saved connection (keyNeeded
    // when its key is not in the environment), else Demo.
    void startFromConfiguration();
    void startDemo();
    // Connects to a real hub and remembers the instance (never the key) for next time.
    void connectTo(const eventhub::EventHubSettings &settings);
    // Replaces Options::askProxyCredentials for the connections opened from now on (the
    // window, which owns the prompt, is made after the session).
    void setAskProxyCredentials(std::function<void(const QNetworkProxy &, QAuthenticator *)> ask)
    {
        m_options.askProxyCredentials = std::move(ask);
    }

    Mode mode() const { return m_mode; }
    const eventhub::EventHubSettings &settings() const { return m_settings; }
    // "DEMO (127.0.0.1:port)" or the instance's host.
    QString instanceLabel() const;
    eventhub::EventHubClient *client() const { return m_client.get(); }
    feed::EventFeed *feed() const { return m_feed.get(); }
    hubsim::EventHubSimulator *simulator() const { return m_simulator.get(); }
    store::EventStore *store() const { return m_store.get(); }

    // The saved connection (QSettings), key excluded: the key lives in the keychain.
    static eventhub::EventHubSettings savedSettings();
    // Saves what savedSettings() reads: never the key nor the proxy's password.
    static void saveSettings(const eventhub::EventHubSettings &settings);

signals:
    // The old client and feed are about to go: views must let go of them.
    void sessionEnding();
    void sessionStarted();
    // A saved connection wants its API key: the caller reads it and calls connectTo().
    void keyNeeded(const eventhub::EventHubSettings &settings);
    // Something the user should see (the simulator could not start, ...).
    void problem(const QString &message);

private:
    void stop();
    void open(Mode mode, const eventhub::EventHubSettings &settings, const QString &storePath);

    Options m_options;
    Mode m_mode = Mode::None;
    eventhub::EventHubSettings m_settings;
    std::unique_ptr<hubsim::EventHubSimulator> m_simulator;
    std::unique_ptr<eventhub::EventHubClient> m_client;
    std::unique_ptr<feed::EventFeed> m_feed;
    std::unique_ptr<store::EventStore> m_store;
    std::unique_ptr<QTemporaryDir> m_demoStoreDir;
    std::unique_ptr<store::HistoryBackfill> m_backfill;
};

} // namespace ui
