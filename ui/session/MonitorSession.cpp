#include "MonitorSession.h"

#include "eventhub/EventHubClient.h"
#include "feed/EventFeed.h"
#include "hubsim/EventHubSimulator.h"

#include <QSettings>

namespace ui {

namespace {
constexpr int CursorSaveIntervalMs = 5000;
const QString InstanceKey = QStringLiteral("connection/instance");
const QString HubPathKey = QStringLiteral("connection/hubPath");
}

MonitorSession::MonitorSession(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_cursorSaveTimer.setInterval(CursorSaveIntervalMs);
    connect(&m_cursorSaveTimer, &QTimer::timeout, this, &MonitorSession::saveCursor);
}

MonitorSession::~MonitorSession()
{
    stop();
}

eventhub::EventHubSettings MonitorSession::savedSettings()
{
    QSettings settings;
    eventhub::EventHubSettings saved;
    saved.instanceUrl = eventhub::EventHubSettings::parseInstance(settings.value(InstanceKey).toString());
    saved.hubPath = settings.value(HubPathKey, QString::fromLatin1(eventhub::EventHubSettings::DefaultHubPath)).toString();
    return saved;
}

void MonitorSession::startFromConfiguration()
{
    if (m_options.forceDemo) {
        startDemo();
        return;
    }
    const eventhub::EventHubSettings environment = eventhub::EventHubSettings::fromEnvironment();
    if (environment.isComplete()) {
        connectTo(environment);
        return;
    }
    eventhub::EventHubSettings saved = savedSettings();
    if (saved.isComplete()) {
        // The key of a saved connection comes from the environment when set; otherwise
        // from the keychain, which the window reads (asynchronously) before connecting.
        if (environment.apiKey.isEmpty()) {
            emit keyNeeded(saved);
            return;
        }
        saved.apiKey = environment.apiKey;
        connectTo(saved);
        return;
    }
    startDemo();
}

void MonitorSession::startDemo()
{
    stop();
    hubsim::SimulatorOptions options;
    options.ratePerSecond = m_options.demoRatePerSecond;
    options.seedHistory = m_options.demoSeedHistory;
    options.seed = quint32(QDateTime::currentMSecsSinceEpoch() & 0xffff);
    m_simulator = std::make_unique<hubsim::EventHubSimulator>(options);
    QString error;
    if (!m_simulator->start(error)) {
        m_simulator.reset();
        emit problem(QStringLiteral("The demo hub could not start: %1").arg(error));
        return;
    }
    eventhub::EventHubSettings settings;
    const QUrl hub = m_simulator->hubUrl();
    settings.instanceUrl = QUrl(QStringLiteral("%1://%2:%3").arg(hub.scheme(), hub.host()).arg(hub.port()));
    settings.hubPath = hub.path();
    settings.apiKey = QStringLiteral("demo");
    // The whole (fresh) demo history is replayed, so the panes start full.
    open(Mode::Demo, settings, qint64(0));
}

void MonitorSession::connectTo(const eventhub::EventHubSettings &settings)
{
    stop();
    QSettings stored;
    stored.setValue(InstanceKey, settings.instanceUrl.toString());
    stored.setValue(HubPathKey, settings.hubPath);
    open(Mode::Live, settings, storedCursor(settings));
}

void MonitorSession::open(Mode mode, const eventhub::EventHubSettings &settings, std::optional<qint64> startCursor)
{
    m_mode = mode;
    m_settings = settings;
    m_client = std::make_unique<eventhub::EventHubClient>(eventhub::EventHubClient::connectionOptions(settings));
    feed::EventFeed::Options feedOptions;
    feedOptions.batchIntervalMs = m_options.batchIntervalMs;
    feedOptions.startCursor = startCursor;
    m_feed = std::make_unique<feed::EventFeed>(*m_client, feedOptions);
    if (mode == Mode::Live)
        m_cursorSaveTimer.start();
    emit sessionStarted();
    m_client->start();
}

void MonitorSession::stop()
{
    if (m_mode == Mode::None)
        return;
    emit sessionEnding();
    m_cursorSaveTimer.stop();
    saveCursor();
    m_feed.reset();
    if (m_client)
        m_client->stop();
    m_client.reset();
    m_simulator.reset();
    m_mode = Mode::None;
}

QString MonitorSession::cursorKey(const eventhub::EventHubSettings &settings)
{
    return QStringLiteral("cursor/") + settings.instanceUrl.host();
}

std::optional<qint64> MonitorSession::storedCursor(const eventhub::EventHubSettings &settings)
{
    // None the first time: the feed then starts at the hub's latest event instead of
    // replaying an account's whole history.
    const QVariant cursor = QSettings().value(cursorKey(settings));
    return cursor.isValid() ? std::optional<qint64>(cursor.toLongLong()) : std::nullopt;
}

void MonitorSession::saveCursor()
{
    if (m_mode != Mode::Live || !m_feed || !m_feed->cursor())
        return;
    QSettings().setValue(cursorKey(m_settings), *m_feed->cursor());
}

QString MonitorSession::instanceLabel() const
{
    switch (m_mode) {
    case Mode::Demo: return QStringLiteral("DEMO (simulated hub on %1)").arg(m_settings.instanceUrl.authority());
    case Mode::Live: return m_settings.instanceUrl.host();
    case Mode::None: break;
    }
    return QStringLiteral("Not connected");
}

} // namespace ui
