#pragma once

#include "SimulatorOptions.h"
#include "eventhub/Event.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace signalr {
class JsonHubProtocol;
struct HubMessage;
namespace server {
class HubServer;
class HubServerConnection;
}
}

namespace hubsim {

class ActiveState;
class ActivityGenerator;
class EventLog;
class HistoryPager;
class StrategyCatalog;
struct GeneratedEvent;

// A stand-in for the MesoLive Event Hub on 127.0.0.1, speaking the same contract over real
// negotiate + WebSocket + SignalR JSON: a per-user event log fed by synthetic activity,
// the active state pushed right after connect, delivery by strategy membership, history
// paging, and the faults tests need (floods, drops, silence). Embeddable in-process (the
// GUI's Demo mode) and wrapped by the mesolive-hubsim program.
class EventHubSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHubSimulator)

public:
    explicit EventHubSimulator(SimulatorOptions options, QObject *parent = nullptr);
    ~EventHubSimulator() override;

    // Opens the log, seeds history, listens. Returns false with `error` set on failure.
    bool start(QString &error);
    QUrl hubUrl() const;
    const EventLog &log() const { return *m_log; }
    const StrategyCatalog &catalog() const { return *m_catalog; }
    int connectionCount() const { return int(m_clients.size()); }

    enum class Delivery { ToSubscribers, Lost, Twice };
    // Appends the next synthetic event to the log and delivers it, or (Lost) only logs it:
    // a callback lost on the way, which a client must notice by the gap in EventSeqId; or
    // (Twice) delivers it twice, as a hub retrying a send may.
    const eventhub::Event &publishNext(Delivery delivery = Delivery::ToSubscribers);

    // Faults on demand. Cuts every client's TCP connection without a closing handshake
    // (a stateful connection then waits for its client to resume).
    void dropConnections();
    // Leaves every current connection open but silent: no callbacks, no pings, no answers
    // (a half-open connection as the client sees it). New connections behave normally.
    void freezeConnections();
    // The history (GetLatestEventSeqId, GetEventsSince) ends at `seqId` while live
    // delivery goes on: a gap past it cannot be filled. Nothing = the whole log again.
    void setHistoryHorizon(std::optional<qint64> seqId);
    // The next `count` GetEventsSince calls fail with a hub error.
    void failHistoryCalls(int count) { m_failingHistoryCalls = count; }

    // Flood events not sent yet (SimulatorOptions::flood, from the first subscription on).
    qint64 floodRemaining() const { return m_floodStarted ? m_floodRemaining : m_options.flood; }

    // A bench source: the flood (SimulatorOptions::flood) is sent from records serialised
    // once up front (order updates of about 320 bytes, with EventId, EventSeqId and EventTime
    // stamped per record at send time) instead of being generated, logged and encoded one
    // by one, so that it can send far faster than any client reads. These records are not
    // kept in the log (a million would cost gigabytes); their EventSeqIds follow the log's
    // latest one without a gap. Only clients of the contract's JSON (no --camel-case) get
    // them. Set before start(). `ratePerSecond` > 0 paces the flood
    // (latency measurements) instead of sending as fast as the slowest client drains.
    void setPreserialisedFlood(bool enabled, double ratePerSecond = 0);

private:
    struct Client;

    void publish(const GeneratedEvent &generated, Delivery delivery = Delivery::ToSubscribers);
    void onConnectionOpened(signalr::server::HubServerConnection *connection);
    void onInvocation(Client &client, const signalr::HubMessage &message);
    void subscribe(Client &client, const signalr::HubMessage &message, bool add);
    void deliver(const eventhub::Event &event);
    void sendCallback(Client &client, const QByteArray &record);
    void onActivityTick();
    void startFlood();
    void pumpFlood();
    void pumpPreserialisedFlood();
    void preparePreserialisedFlood();
    void seedHistory();

    SimulatorOptions m_options;
    // The contract's JSON, unless --camel-case; the pre-serialised flood's encoding.
    const std::shared_ptr<const signalr::JsonHubProtocol> m_plainJson;
    std::unique_ptr<StrategyCatalog> m_catalog;
    std::unique_ptr<ActivityGenerator> m_generator;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<HistoryPager> m_pager;
    std::unique_ptr<ActiveState> m_activeState;
    signalr::server::HubServer *m_server = nullptr;
    QHash<signalr::server::HubServerConnection *, std::shared_ptr<Client>> m_clients;

    QTimer m_activityTimer;
    QElapsedTimer m_activityClock;
    double m_activityDue = 0;
    qint64 m_floodRemaining = 0;
    bool m_floodStarted = false;
    int m_failingHistoryCalls = 0;

    // The pre-serialised flood: each template is a callback record cut before its stamped
    // fields ("...,\"EventId\":\""), completed per record.
    bool m_preserialised = false;
    double m_preserialisedRate = 0;
    QList<QByteArray> m_floodTemplates;
    qsizetype m_floodTemplateIndex = 0;
    qint64 m_floodSeqId = 0;
    qint64 m_floodSent = 0;
    QByteArray m_floodIdPrefix;
    QElapsedTimer m_floodClock;
    // The one pending pump of the pre-serialised flood. bytesWritten also pumps: were each
    // pump to schedule a fresh single-shot, every bytesWritten would start another chain
    // of them, and a paced flood (whose backlog never stops a chain) ends up with
    // thousands of timers, the hub's thread busy with nothing but its timer list and the
    // stamped records written late.
    QTimer m_floodPumpTimer;
};

} // namespace hubsim
