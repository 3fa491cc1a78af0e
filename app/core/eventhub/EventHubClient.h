#pragma once

#include "Event.h"
#include "EventHubSettings.h"
#include "HubResults.h"
#include "signalr/HubConnection.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <optional>

namespace eventhub {

// The MesoLive Event Hub over a SignalR HubConnection: its 17 callbacks as Qt signals and
// its four hub methods as asynchronous calls. Callbacks may arrive right after connect,
// before any subscription (the server pushes the active state); repeats of an EventId are
// passed on as received, deduplication is the consumer's business.
class EventHubClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHubClient)

public:
    // GetEventsSince pages hold at most this many events: the server caps Limit there.
    static constexpr int MaxPageSize = 1000;

    explicit EventHubClient(signalr::HubConnectionOptions options, QObject *parent = nullptr);

    // Connection options for these settings: bearer key from the settings, JSON protocol.
    static signalr::HubConnectionOptions connectionOptions(const EventHubSettings &settings);

    // The one consumer that keeps the events (the EventFeed): each is moved to it after the
    // signals below have shown it to their observers, until `context` is destroyed (either
    // may go first). A slot can only copy what a signal lends it, and that copy costs an
    // atomic operation per string, each way (docs/benchmarks.md, "Measurements behind the
    // code's rules").
    void setEventConsumer(QObject *context, std::function<void(Event &&)> consumer)
    {
        m_eventConsumerContext = context;
        m_eventConsumer = std::move(consumer);
    }

    signalr::HubConnection &connection() { return m_connection; }
    void start() { m_connection.start(); }
    void stop() { m_connection.stop(); }

    // `strategies` empty (std::nullopt) = all strategies. An empty list is the documented
    // no-op and is not sent at all.
    void subscribeToStrategies(const std::optional<QList<qint64>> &strategies, QObject *context,
                               std::function<void(const SubscriptionResult &)> callback);
    void unsubscribeFromStrategies(const std::optional<QList<qint64>> &strategies, QObject *context,
                                   std::function<void(const SubscriptionResult &)> callback);
    void getLatestEventSeqId(QObject *context, std::function<void(bool ok, qint64 seqId, const QString &error)> callback);
    // `limit` is capped at MaxPageSize; `continuationToken` goes back exactly as received.
    void getEventsSince(qint64 sinceSeqId, int limit, const QJsonValue &continuationToken, QObject *context,
                        std::function<void(const EventPage &)> callback);

signals:
    // Every event, whatever its kind, unknown kinds included.
    void eventReceived(const eventhub::Event &event);
    // A callback whose payload lacks valid common fields: passed on, not dropped.
    void malformedCallback(const QString &target, const QString &error);

    void entrySignal(const eventhub::Event &event);
    void exitSignal(const eventhub::Event &event);
    void adjustmentSignal(const eventhub::Event &event);
    void orderUpdate(const eventhub::Event &event);
    void positionUpdate(const eventhub::Event &event);
    void legUpdate(const eventhub::Event &event);
    void agentStatusChange(const eventhub::Event &event);
    void error(const eventhub::Event &event);
    void positionEntryPreparationCompleted(const eventhub::Event &event);
    void positionEntryPreparationFailed(const eventhub::Event &event);
    void positionExitPreparationCompleted(const eventhub::Event &event);
    void positionExitPreparationFailed(const eventhub::Event &event);
    void positionAdjustmentPreparationCompleted(const eventhub::Event &event);
    void positionAdjustmentPreparationFailed(const eventhub::Event &event);
    void autoUpdateVarsAdjustmentStarted(const eventhub::Event &event);
    void autoUpdateVarsAdjustmentCompleted(const eventhub::Event &event);
    void autoUpdateVarsAdjustmentFailed(const eventhub::Event &event);

protected:
    // Count the connections to the signals that carry an event: a flood's events are
    // emitted only while something listens, since an emit costs even without receivers
    // (docs/performance-rules.md). A connection whose end is not notified (a receiver
    // destroyed) stays counted, which only costs the emits.
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    static bool carriesAnEvent(const QMetaMethod &signal);
    // `kind` is kindFromCallback(target).
    void onCallback(EventKind kind, const QString &target, const signalr::RawJsonList &arguments);
    void emitTyped(const Event &event);
    void invokeSubscription(const QString &method, const std::optional<QList<qint64>> &strategies, QObject *context,
                            std::function<void(const SubscriptionResult &)> callback);

    signalr::HubConnection m_connection;
    QPointer<QObject> m_eventConsumerContext;
    std::function<void(Event &&)> m_eventConsumer;
    // Connections may be made from any thread.
    std::atomic<int> m_eventObservers{0};
};

} // namespace eventhub
