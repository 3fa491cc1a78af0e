#include "MonitorSession.h"

#include "SettingKeys.h"
#include "eventhub/EventHubClient.h"
#include "feed/EventFeed.h"
#include "hubsim/EventHubSimulator.h"
#include "signalr/HubProtocols.h"
#include "store/EventStore.h"
#include "store/HistoryBackfill.h"

#include <QSettings>

namespace ui {

MonitorSession::MonitorSession(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{}

MonitorSession::~MonitorSession()
{
    stop();
}

eventhub::EventHubSettings MonitorSession::savedSettings()
{
    QSettings settings;
    eventhub::EventHubSettings saved;
    saved.instanceUrl = eventhub::EventHubSettings::parseInstance(settingKeys::Instance.read(settings));
    saved.hubPath = settingKeys::HubPath.read(settings);
    saved.allowInsecureHttp = settingKeys::AllowInsecureHttp.read(settings);
    saved.statefulReconnect = settingKeys::StatefulReconnect.read(settings);
    const QString proxy = settingKeys::Proxy.read(settings);
    if (proxy == QLatin1String("none"))
        saved.proxy = signalr::ProxySettings::none();
    else if (const auto explicitProxy = signalr::ProxySettings::parseUrl(proxy))
        saved.proxy = signalr::ProxySettings::explicitProxy(*explicitProxy);
    // Read when the connection opens, where a file that went missing can be reported.
    saved.caFile = settingKeys::CaFile.read(settings);
    return saved;
}

void MonitorSession::startFromConfiguration()
{
    if (m_options.forceDemo) {
        startDemo();
        return;
    }
    eventhub::EventHubSettings environment = eventhub::EventHubSettings::fromEnvironment();
    eventhub::EventHubSettings saved = savedSettings();
    if (environment.isComplete()) {
        environment.statefulReconnect = saved.statefulReconnect; // a preference, not a place
        connectTo(environment);
        return;
    }
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
    // Through QUrl, which brackets an IPv6 host.
    settings.instanceUrl = hub.adjusted(QUrl::RemovePath);
    settings.hubPath = hub.path();
    settings.apiKey = QStringLiteral("demo");
    // The simulator runs in this process: a system proxy could not even reach its loopback.
    settings.proxy = signalr::ProxySettings::none();
    // A file the demo's history pane can read like a real store (a view over it, read by
    // connections of its own), gone with the session.
    m_demoStoreDir = std::make_unique<QTemporaryDir>();
    open(Mode::Demo, settings,
         m_demoStoreDir->isValid() ? m_demoStoreDir->filePath(QStringLiteral("demo-events.sqlite")) : QStringLiteral(":memory:"));
}

void MonitorSession::connectTo(const eventhub::EventHubSettings &settings)
{
    stop();
    saveSettings(settings);
    open(Mode::Live, settings, store::EventStore::defaultPath(settings.instanceUrl, settings.apiKey));
}

void MonitorSession::saveSettings(const eventhub::EventHubSettings &settings)
{
    QSettings stored;
    settingKeys::Instance.write(stored, settings.instanceUrl.toString());
    settingKeys::HubPath.write(stored, settings.hubPath);
    settingKeys::AllowInsecureHttp.write(stored, settings.allowInsecureHttp);
    settingKeys::StatefulReconnect.write(stored, settings.statefulReconnect);
    switch (settings.proxy.mode) {
    case signalr::ProxySettings::Mode::System: settingKeys::Proxy.write(stored, QStringLiteral("system")); break;
    case signalr::ProxySettings::Mode::None: settingKeys::Proxy.write(stored, QStringLiteral("none")); break;
    // Never the password: that would be a secret in a plain file.
    case signalr::ProxySettings::Mode::Explicit:
        settingKeys::Proxy.write(stored, signalr::ProxySettings::toUrl(settings.proxy.proxy));
        break;
    }
    settingKeys::CaFile.write(stored, settings.caFile);
}

void MonitorSession::open(Mode mode, const eventhub::EventHubSettings &settings, const QString &storePath)
{
    m_mode = mode;
    m_settings = settings;
    QString caProblem;
    if (!m_settings.caFile.isEmpty() && m_settings.caCertificates.isEmpty()
        && !m_settings.readCaFile(m_settings.caFile, caProblem))
        emit problem(caProblem + QStringLiteral(" Only the system's certificates are trusted."));
    m_store = std::make_unique<store::EventStore>();
    QString error;
    if (!m_store->open(storePath, error)) {
        QString readOnlyError;
        if (m_store->heldElsewhere() && m_store->open(storePath, readOnlyError, store::EventStore::Access::ReadOnly)) {
            // Another monitor writes this store: its history can still be browsed here.
            emit problem(QStringLiteral("The event store cannot be written here: %1. Its history is shown read-only; "
                                        "new events are shown but not kept.")
                             .arg(error));
        } else {
            // Live events still show; only keeping them is lost, and the user is told.
            emit problem(QStringLiteral("The event store cannot be opened (%1): events are shown but not kept.").arg(error));
            m_store.reset();
        }
    } else if (!m_store->openNotice().isEmpty()) {
        emit problem(m_store->openNotice());
    }
    if (m_store)
        connect(m_store.get(), &store::EventStore::writeFailed, this, &MonitorSession::problem);

    signalr::HubConnectionOptions clientOptions = eventhub::EventHubClient::connectionOptions(m_settings);
    clientOptions.proxyCredentials = m_options.askProxyCredentials;
    // An unknown name leaves the library's default, JSON. The Demo simulator speaks both.
    signalr::applyHubProtocolChoice(settingKeys::Protocol.read(QSettings()), clientOptions);
    m_client = std::make_unique<eventhub::EventHubClient>(clientOptions);
    feed::EventFeed::Options feedOptions;
    feedOptions.batchIntervalMs = m_options.batchIntervalMs;
    // A new demo hub's whole (short) history is replayed, so the panes start full. A real
    // hub resumes after the stored cursor; the first time, at the hub's latest event
    // rather than replaying an account's whole history (the history pane pages it).
    feedOptions.startCursor = mode == Mode::Demo ? std::optional<qint64>(0) : (m_store ? m_store->cursor() : std::nullopt);
    m_feed = std::make_unique<feed::EventFeed>(*m_client, feedOptions);
    if (m_store) {
        connect(m_feed.get(), &feed::EventFeed::eventsArrived, m_store.get(), [this](const QList<eventhub::Event> &events) {
            m_store->append(events, m_feed->cursor().value_or(0), m_feed->startingPoint());
            // Backpressure in a flood the disk cannot keep up with: the UI thread waits for
            // one commit at a time (a few ms), and meanwhile the socket is not read.
            m_store->waitUntilQueuedBelow(store::EventStore::BackpressureQueuedEvents);
        });
        // The history before where the feed started, filled in the background; resumed
        // on every connect and once the feed has stored where it starts.
        m_backfill = std::make_unique<store::HistoryBackfill>(*m_client, *m_store);
        connect(&m_client->connection(), &signalr::HubConnection::connected, m_backfill.get(), &store::HistoryBackfill::start);
        connect(m_store.get(), &store::EventStore::committed, m_backfill.get(), &store::HistoryBackfill::start);
    }
    emit sessionStarted();
    m_client->start();
}

void MonitorSession::stop()
{
    if (m_mode == Mode::None)
        return;
    emit sessionEnding();
    m_backfill.reset();
    m_feed.reset();
    if (m_client)
        m_client->stop();
    m_client.reset();
    m_store.reset(); // commits what is pending
    m_simulator.reset();
    m_mode = Mode::None;
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
