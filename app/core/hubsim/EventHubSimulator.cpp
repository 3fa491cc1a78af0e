#include "EventHubSimulator.h"

#include "ActiveState.h"
#include "ActivityGenerator.h"
#include "CamelCaseJsonProtocol.h"
#include "EventLog.h"
#include "HistoryPager.h"
#include "SequenceEventId.h"
#include "StrategyCatalog.h"
#include "eventhub/PropertyNames.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/MessagePackHubProtocol.h"
#include "signalr/server/HubServer.h"
#include "signalr/server/HubServerConnection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace hubsim {

namespace {

// ASP.NET Core coalesces queued records into WebSocket messages of about this size.
constexpr qsizetype CoalescedMessageSize = 16 * 1024;
// A flood waits while a client has this much unsent: the pace of the slowest reader.
constexpr qint64 FloodBacklogLimit = 1024 * 1024;
constexpr int FloodBatch = 256;
constexpr int ActivityTickMs = 10;

QByteArray callbackRecord(const eventhub::Event &event, const signalr::HubProtocol &protocol)
{
    return protocol.encode(signalr::HubMessage::invocation(QString(), eventhub::callbackName(event.kind),
                                                           {signalr::RawJson::fromText(event.payloadJson())}));
}

} // namespace

struct EventHubSimulator::Client
{
    signalr::server::HubServerConnection *connection = nullptr;
    bool allStrategies = false;
    QSet<qint64> strategies;
    qint64 callbacksSent = 0;
    QByteArray outgoing;
    bool frozen = false;

    bool wants(const eventhub::Event &event) const
    {
        return allStrategies || event.strategyId < 0 || strategies.contains(event.strategyId);
    }

    // The pre-serialised flood goes to the clients subscribed to all strategies.
    bool wantsEverything() const { return allStrategies; }

    const signalr::HubProtocol &protocol() const { return *connection->protocol(); }

    void flush()
    {
        if (!outgoing.isEmpty() && connection)
            connection->sendEncoded(std::exchange(outgoing, {}));
    }
};

EventHubSimulator::EventHubSimulator(SimulatorOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_plainJson(std::make_shared<signalr::JsonHubProtocol>())
    , m_catalog(std::make_unique<StrategyCatalog>())
    , m_log(std::make_unique<EventLog>())
    , m_activeState(std::make_unique<ActiveState>())
{
    connect(&m_activityTimer, &QTimer::timeout, this, &EventHubSimulator::onActivityTick);
    m_floodPumpTimer.setSingleShot(true);
    m_floodPumpTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_floodPumpTimer, &QTimer::timeout, this, &EventHubSimulator::pumpPreserialisedFlood);
}

EventHubSimulator::~EventHubSimulator() = default;

bool EventHubSimulator::start(QString &error)
{
    if (!m_options.logPath.isEmpty() && !m_log->openDurable(m_options.logPath, error))
        return false;
    m_activeState->rebuild(*m_log);

    ActivityGenerator::Options generatorOptions;
    generatorOptions.seed = m_options.seed;
    // Ids stay unique across restarts on the same durable log.
    generatorOptions.idBase = m_log->latestSeqId();
    m_generator = std::make_unique<ActivityGenerator>(*m_catalog, generatorOptions);
    m_pager = std::make_unique<HistoryPager>(*m_log);
    seedHistory();

    signalr::server::HubServerOptions serverOptions;
    serverOptions.hubPath = m_options.hubPath;
    serverOptions.keepAliveIntervalMs = m_options.pings ? 15000 : 0;
    serverOptions.tls = m_options.tls;
    serverOptions.outgoingFrameSize = m_options.frameSize;
    // As a hub with AllowStatefulReconnects: a client that asks resumes after a drop, and
    // the simulator's drops (dropConnections, --drop-after) then lose it nothing.
    serverOptions.statefulReconnect = m_options.statefulReconnect;
    // Both protocols, as a hub with AddMessagePackProtocol(): MessagePack names stay PascalCase
    // whatever the JSON options, as the framework's do.
    if (m_options.camelCase)
        serverOptions.protocols = {std::make_shared<CamelCaseJsonProtocol>()};
    else
        serverOptions.protocols = {m_plainJson};
    serverOptions.protocols.append(std::make_shared<signalr::MessagePackHubProtocol>());
    if (!m_options.apiKey.isEmpty()) {
        const QString key = m_options.apiKey;
        serverOptions.authorize = [key](const QString &token) { return token == key; };
    }
    m_server = new signalr::server::HubServer(serverOptions, this);
    connect(m_server, &signalr::server::HubServer::connectionOpened, this, &EventHubSimulator::onConnectionOpened);
    connect(m_server, &signalr::server::HubServer::connectionClosed, this,
            [this](signalr::server::HubServerConnection *connection) {
                if (const std::shared_ptr<Client> client = m_clients.take(connection))
                    client->connection = nullptr;
            });
    if (!m_server->listen(m_options.port, m_options.address)) {
        QUrl where;
        where.setHost(m_options.address.toString());
        where.setPort(m_options.port);
        error = QStringLiteral("Cannot listen on %1: %2").arg(where.authority(), m_server->errorString());
        return false;
    }
    if (m_options.ratePerSecond > 0) {
        m_activityClock.start();
        m_activityTimer.start(ActivityTickMs);
    }
    return true;
}

QUrl EventHubSimulator::hubUrl() const
{
    return m_server ? m_server->hubUrl() : QUrl();
}

void EventHubSimulator::seedHistory()
{
    const qint64 missing = m_options.seedHistory - m_log->size();
    if (missing <= 0)
        return;
    // Spread the seeded past over the last hours, about two seconds apart, ending now.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qint64 i = 0; i < missing; ++i) {
        const GeneratedEvent generated = m_generator->next();
        const eventhub::Event &event = m_log->append(generated.kind, generated.payload, now.addMSecs(-(missing - i) * 2000));
        m_activeState->apply(event);
    }
}

const eventhub::Event &EventHubSimulator::publishNext(Delivery delivery)
{
    publish(m_generator->next(), delivery);
    return m_log->eventAt(m_log->size() - 1);
}

void EventHubSimulator::publish(const GeneratedEvent &generated, Delivery delivery)
{
    const eventhub::Event &event = m_log->append(generated.kind, generated.payload, QDateTime::currentDateTimeUtc());
    m_activeState->apply(event);
    if (delivery != Delivery::Lost)
        deliver(event);
    if (delivery == Delivery::Twice)
        deliver(event);
}

void EventHubSimulator::deliver(const eventhub::Event &event)
{
    // Encoded once per protocol the clients speak, not once per client.
    QHash<const signalr::HubProtocol *, QByteArray> records;
    const auto clients = m_clients.values();
    for (const std::shared_ptr<Client> &client : clients) {
        if (!client->connection || !client->wants(event))
            continue;
        const signalr::HubProtocol &protocol = client->protocol();
        auto record = records.find(&protocol);
        if (record == records.end())
            record = records.insert(&protocol, callbackRecord(event, protocol));
        sendCallback(*client, *record);
    }
}

void EventHubSimulator::sendCallback(Client &client, const QByteArray &record)
{
    if (!client.connection || client.frozen)
        return;
    client.outgoing += record;
    ++client.callbacksSent;
    if (m_options.dropAfter > 0 && client.callbacksSent >= m_options.dropAfter) {
        // An abrupt drop: what was queued goes out, then the TCP connection is cut (a
        // stateful connection waits for its client to resume, and counts afresh).
        client.flush();
        client.callbacksSent = 0;
        client.connection->abort();
        return;
    }
    if (m_floodRemaining == 0 || client.outgoing.size() >= CoalescedMessageSize)
        client.flush();
}

void EventHubSimulator::onConnectionOpened(signalr::server::HubServerConnection *connection)
{
    auto client = std::make_shared<Client>();
    client->connection = connection;
    m_clients.insert(connection, client);
    connect(connection, &signalr::server::HubServerConnection::invocationReceived, this,
            [this, client](const signalr::HubMessage &message) { onInvocation(*client, message); });
    connect(connection, &signalr::server::HubServerConnection::bytesWritten, this, [this] {
        if (m_floodRemaining > 0) {
            if (m_preserialised)
                pumpPreserialisedFlood();
            else
                pumpFlood();
        }
    });
    // The real hub pushes the current active state right after connect, before any
    // subscription: active signals and active errors.
    for (const eventhub::Event &event : m_activeState->events()) {
        sendCallback(*client, callbackRecord(event, client->protocol()));
        if (!client->connection)
            return;
    }
    client->flush();
}

void EventHubSimulator::onInvocation(Client &client, const signalr::HubMessage &message)
{
    if (!client.connection || client.frozen)
        return;
    const QString &method = message.target;
    const QString &id = message.invocationId;
    if (method == QLatin1String("SubscribeToStrategies") || method == QLatin1String("UnsubscribeFromStrategies")) {
        subscribe(client, message, method == QLatin1String("SubscribeToStrategies"));
    } else if (method == QLatin1String("GetLatestEventSeqId")) {
        client.connection->complete(id, std::min(m_log->latestSeqId(), m_pager->horizon().value_or(m_log->latestSeqId())));
    } else if (method == QLatin1String("GetEventsSince")) {
        signalr::RawJson page;
        QString error;
        if (m_failingHistoryCalls > 0) {
            --m_failingHistoryCalls;
            client.connection->fail(id, QStringLiteral("The history is unavailable right now (a simulated fault)."));
        } else if (m_pager->eventsSince(message.arguments.value(0).toValue().toObject(), page, error))
            client.connection->complete(id, page);
        else
            client.connection->fail(id, error);
    } else if (!id.isEmpty()) {
        client.connection->fail(id, QStringLiteral("Unknown hub method '%1'.").arg(method));
    }
}

void EventHubSimulator::subscribe(Client &client, const signalr::HubMessage &message, bool add)
{
    // Bound ignoring case, as ASP.NET Core binds a parameter's properties: Microsoft's
    // clients send camelCase ({"strategies": [...]}).
    const QJsonValue strategies =
        eventhub::valueIgnoringCase(message.arguments.value(0).toValue().toObject(), QLatin1String("Strategies"));
    QJsonArray successful;
    QJsonArray failed;
    if (strategies.isNull() || strategies.isUndefined()) {
        client.allStrategies = add;
        for (qint64 id : m_catalog->accessibleIds())
            successful.append(id);
    } else {
        for (const QJsonValue &value : strategies.toArray()) {
            const qint64 id = value.toInteger(-1);
            if (!m_catalog->isAccessible(id)) {
                failed.append(QJsonObject{{QLatin1String("StrategyId"), id},
                                          {QLatin1String("Reason"),
                                           m_catalog->exists(id) ? QStringLiteral("Strategy %1 belongs to another user.").arg(id)
                                                                 : QStringLiteral("Strategy %1 does not exist.").arg(id)}});
                continue;
            }
            if (add)
                client.strategies.insert(id);
            else
                client.strategies.remove(id);
            successful.append(id);
        }
    }
    if (!message.invocationId.isEmpty()) {
        client.connection->complete(message.invocationId, QJsonObject{{QLatin1String("SuccessfulStrategies"), successful},
                                                                      {QLatin1String("FailedStrategies"), failed}});
    }
    if (add && m_options.flood > 0 && !m_floodStarted)
        startFlood();
}

void EventHubSimulator::dropConnections()
{
    // A stateful connection waits for its client to resume; the others close (and their
    // clients are forgotten on the way).
    for (const std::shared_ptr<Client> &client : m_clients.values()) {
        if (client->connection)
            client->connection->abort();
    }
}

void EventHubSimulator::setHistoryHorizon(std::optional<qint64> seqId)
{
    m_pager->setHorizon(seqId);
}

void EventHubSimulator::freezeConnections()
{
    for (const std::shared_ptr<Client> &client : std::as_const(m_clients)) {
        client->frozen = true;
        client->outgoing.clear();
        if (client->connection)
            client->connection->setPingsEnabled(false);
    }
}

void EventHubSimulator::onActivityTick()
{
    // Catch up with the wall clock, so that the rate holds whatever the timer's jitter.
    const double due = m_activityClock.elapsed() / 1000.0 * m_options.ratePerSecond;
    while (m_activityDue + 1 <= due) {
        m_activityDue += 1;
        publishNext();
    }
}

void EventHubSimulator::setPreserialisedFlood(bool enabled, double ratePerSecond)
{
    m_preserialised = enabled;
    m_preserialisedRate = ratePerSecond;
}

void EventHubSimulator::startFlood()
{
    m_floodStarted = true;
    m_floodRemaining = m_options.flood;
    if (m_preserialised) {
        preparePreserialisedFlood();
        m_floodClock.start();
        m_floodPumpTimer.start(0);
        return;
    }
    QTimer::singleShot(0, this, &EventHubSimulator::pumpFlood);
}

void EventHubSimulator::preparePreserialisedFlood()
{
    const signalr::JsonHubProtocol &protocol = *m_plainJson;
    m_floodTemplates.clear();
    // Enough distinct order updates that a client cannot profit from repetition.
    constexpr int TemplateCount = 1024;
    for (int i = 0; i < TemplateCount; ++i) {
        const GeneratedEvent generated = m_generator->nextOrderUpdate();
        // The stamped fields go last, after a placeholder that sorts after every payload key.
        QJsonObject payload = generated.payload;
        payload.remove(QLatin1String("EventId"));
        payload.remove(QLatin1String("EventSeqId"));
        payload.remove(QLatin1String("EventTime"));
        payload.insert(QLatin1String("~"), 0);
        QByteArray record = protocol.encode(
            signalr::HubMessage::invocation(QString(), eventhub::callbackName(generated.kind), QJsonArray{payload}));
        const qsizetype cut = record.indexOf("\"~\":0");
        Q_ASSERT(cut > 0);
        // Everything after the placeholder ("}],\"target\":...}\x1e") is the tail.
        m_floodTemplates.append(record.left(cut));
        m_floodTemplates.append(record.mid(cut + 5));
    }
    m_floodTemplateIndex = 0;
    m_floodSeqId = m_log->latestSeqId();
    m_floodSent = 0;
    // EventIds unique across runs: a random prefix in UUID shape, then the sequence number
    // scattered as a real hub's random ids are (SequenceEventId.h).
    m_floodIdPrefix = QUuid::createUuid().toString(QUuid::WithoutBraces).left(24).toLatin1();
}

void EventHubSimulator::pumpPreserialisedFlood()
{
    for (const std::shared_ptr<Client> &client : std::as_const(m_clients)) {
        if (client->connection && client->connection->bytesToWrite() > FloodBacklogLimit)
            return; // resumed by bytesWritten
    }
    qint64 budget = FloodBatch * 16;
    if (m_preserialisedRate > 0) {
        const qint64 due = qint64(m_floodClock.nsecsElapsed() / 1e9 * m_preserialisedRate);
        budget = qMin(budget, due - m_floodSent);
    }
    if (budget > 0) {
        const QByteArray time = EventLog::formatEventTime(QDateTime::currentDateTimeUtc()).toLatin1();
        QByteArray record;
        for (qint64 i = 0; i < budget && m_floodRemaining > 0; ++i) {
            --m_floodRemaining;
            ++m_floodSent;
            const qint64 seqId = ++m_floodSeqId;
            const QByteArray &head = m_floodTemplates.at(m_floodTemplateIndex);
            const QByteArray &tail = m_floodTemplates.at(m_floodTemplateIndex + 1);
            m_floodTemplateIndex = (m_floodTemplateIndex + 2) % m_floodTemplates.size();
            record.clear();
            record.reserve(head.size() + tail.size() + 128);
            record += head;
            record += "\"EventId\":\"";
            appendSequenceEventId(record, m_floodIdPrefix, seqId);
            record += "\",\"EventSeqId\":";
            record += QByteArray::number(seqId);
            record += ",\"EventTime\":\"";
            record += time;
            record += '"';
            record += tail;
            for (const std::shared_ptr<Client> &client : std::as_const(m_clients)) {
                // JSON text with the contract's names: other clients get none of it.
                if (client->wantsEverything() && client->connection && &client->protocol() == m_plainJson.get())
                    sendCallback(*client, record);
            }
        }
        for (const std::shared_ptr<Client> &client : std::as_const(m_clients))
            client->flush();
    }
    if (m_floodRemaining > 0 && !m_floodPumpTimer.isActive())
        m_floodPumpTimer.start(m_preserialisedRate > 0 ? 1 : 0);
}

void EventHubSimulator::pumpFlood()
{
    for (const std::shared_ptr<Client> &client : std::as_const(m_clients)) {
        if (client->connection && client->connection->bytesToWrite() > FloodBacklogLimit)
            return; // resumed by bytesWritten
    }
    for (int i = 0; i < FloodBatch && m_floodRemaining > 0; ++i) {
        --m_floodRemaining;
        publish(m_generator->nextOrderUpdate());
    }
    for (const std::shared_ptr<Client> &client : std::as_const(m_clients))
        client->flush();
    if (m_floodRemaining > 0)
        QTimer::singleShot(0, this, &EventHubSimulator::pumpFlood);
}

} // namespace hubsim
