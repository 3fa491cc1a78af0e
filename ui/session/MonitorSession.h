#pragma once

#include "eventhub/EventHubSettings.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace eventhub {
class EventHubClient;
}
namespace feed {
class EventFeed;
}
namespace hubsim {
class EventHubSimulator;
}

namespace ui {

// What the monitor is connected to, with no widgets: the EventHubClient and the EventFeed
// on top of it, and in Demo mode the in-process EventHubSimulator they talk to over
// 127.0.0.1. Switching connections replaces all three; views rebind on sessionStarted.
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
        int batchIntervalMs = 50;
    };

    explicit MonitorSession(Options options, QObject *parent = nullptr);
    ~MonitorSession() override;

    // --demo, else MESOLIVE_INSTANCE/MESOLIVE_API_KEY, else the saved connection (keyNeeded
    // when its key is not in the environment), else Demo.
    void startFromConfiguration();
    void startDemo();
    // Connects to a real hub and remembers the instance (never the key) for next time.
    void connectTo(const eventhub::EventHubSettings &settings);

    Mode mode() const { return m_mode; }
    const eventhub::EventHubSettings &settings() const { return m_settings; }
    // "DEMO (127.0.0.1:port)" or the instance's host.
    QString instanceLabel() const;
    eventhub::EventHubClient *client() const { return m_client.get(); }
    feed::EventFeed *feed() const { return m_feed.get(); }
    hubsim::EventHubSimulator *simulator() const { return m_simulator.get(); }

    // The saved connection (QSettings), key excluded: the key lives in the keychain.
    static eventhub::EventHubSettings savedSettings();

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
    void open(Mode mode, const eventhub::EventHubSettings &settings, std::optional<qint64> startCursor);
    static QString cursorKey(const eventhub::EventHubSettings &settings);
    static std::optional<qint64> storedCursor(const eventhub::EventHubSettings &settings);
    void saveCursor();

    Options m_options;
    Mode m_mode = Mode::None;
    eventhub::EventHubSettings m_settings;
    std::unique_ptr<hubsim::EventHubSimulator> m_simulator;
    std::unique_ptr<eventhub::EventHubClient> m_client;
    std::unique_ptr<feed::EventFeed> m_feed;
    // The cursor is saved now and then, not per batch: a settings write touches the disk.
    QTimer m_cursorSaveTimer;
};

} // namespace ui
