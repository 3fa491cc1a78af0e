#include "EventHubClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaMethod>

namespace eventhub {

EventHubClient::EventHubClient(signalr::HubConnectionOptions options, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(options))
{
    for (EventKind kind : allEventKinds()) {
        const QString target = callbackName(kind);
        m_connection.on(target,
                        [this, kind, target](const signalr::RawJsonList &arguments) { onCallback(kind, target, arguments); });
    }
    // Callbacks added to the hub after this client was written still reach the consumer.
    m_connection.setFallbackHandler([this](const QString &target, const signalr::RawJsonList &arguments) {
        onCallback(kindFromCallback(target), target, arguments);
    });
}

signalr::HubConnectionOptions EventHubClient::connectionOptions(const EventHubSettings &settings)
{
    signalr::HubConnectionOptions options;
    options.hubUrl = settings.hubUrl();
    options.allowInsecureHttp = settings.allowInsecureHttp;
    options.proxy = settings.proxy;
    options.extraCaCertificates = settings.caCertificates;
    const QString key = settings.apiKey;
    options.accessTokenProvider = [key] { return key; };
    options.statefulReconnect = settings.statefulReconnect;
    return options;
}

void EventHubClient::onCallback(EventKind kind, const QString &target, const signalr::RawJsonList &arguments)
{
    Event event;
    QString problem;
    if (arguments.size() != 1) {
        problem = QStringLiteral("The %1 callback carried %2 arguments instead of one event.").arg(target).arg(arguments.size());
    } else if (eventFromCallback(kind, target, arguments.at(0), event, problem)) {
        if (m_eventObservers.load(std::memory_order_relaxed) > 0) {
            emit eventReceived(event);
            emitTyped(event);
        }
        if (m_eventConsumerContext)
            m_eventConsumer(std::move(event));
        return;
    }
    emit malformedCallback(target, problem);
}

bool EventHubClient::carriesAnEvent(const QMetaMethod &signal)
{
    return signal.parameterCount() == 1 && signal.parameterMetaType(0) == QMetaType::fromType<Event>();
}

void EventHubClient::connectNotify(const QMetaMethod &signal)
{
    if (carriesAnEvent(signal))
        ++m_eventObservers;
}

void EventHubClient::disconnectNotify(const QMetaMethod &signal)
{
    if (carriesAnEvent(signal))
        --m_eventObservers;
}

void EventHubClient::emitTyped(const Event &event)
{
    switch (event.kind) {
    case EventKind::EntrySignal: emit entrySignal(event); break;
    case EventKind::ExitSignal: emit exitSignal(event); break;
    case EventKind::AdjustmentSignal: emit adjustmentSignal(event); break;
    case EventKind::OrderUpdate: emit orderUpdate(event); break;
    case EventKind::PositionUpdate: emit positionUpdate(event); break;
    case EventKind::LegUpdate: emit legUpdate(event); break;
    case EventKind::AgentStatusChange: emit agentStatusChange(event); break;
    case EventKind::Error: emit error(event); break;
    case EventKind::PositionEntryPreparationCompleted: emit positionEntryPreparationCompleted(event); break;
    case EventKind::PositionEntryPreparationFailed: emit positionEntryPreparationFailed(event); break;
    case EventKind::PositionExitPreparationCompleted: emit positionExitPreparationCompleted(event); break;
    case EventKind::PositionExitPreparationFailed: emit positionExitPreparationFailed(event); break;
    case EventKind::PositionAdjustmentPreparationCompleted: emit positionAdjustmentPreparationCompleted(event); break;
    case EventKind::PositionAdjustmentPreparationFailed: emit positionAdjustmentPreparationFailed(event); break;
    case EventKind::AutoUpdateVarsAdjustmentStarted: emit autoUpdateVarsAdjustmentStarted(event); break;
    case EventKind::AutoUpdateVarsAdjustmentCompleted: emit autoUpdateVarsAdjustmentCompleted(event); break;
    case EventKind::AutoUpdateVarsAdjustmentFailed: emit autoUpdateVarsAdjustmentFailed(event); break;
    case EventKind::Unknown: break;
    }
}

void EventHubClient::subscribeToStrategies(const std::optional<QList<qint64>> &strategies, QObject *context,
                                           std::function<void(const SubscriptionResult &)> callback)
{
    invokeSubscription(QStringLiteral("SubscribeToStrategies"), strategies, context, std::move(callback));
}

void EventHubClient::unsubscribeFromStrategies(const std::optional<QList<qint64>> &strategies, QObject *context,
                                               std::function<void(const SubscriptionResult &)> callback)
{
    invokeSubscription(QStringLiteral("UnsubscribeFromStrategies"), strategies, context, std::move(callback));
}

void EventHubClient::invokeSubscription(const QString &method, const std::optional<QList<qint64>> &strategies, QObject *context,
                                        std::function<void(const SubscriptionResult &)> callback)
{
    if (strategies && strategies->isEmpty()) {
        // The documented no-op: answered here without a round trip, still asynchronously.
        SubscriptionResult nothing;
        nothing.ok = true;
        QMetaObject::invokeMethod(context ? context : this, [callback, nothing] { callback(nothing); }, Qt::QueuedConnection);
        return;
    }
    m_connection.invoke(method, QJsonArray{strategiesArgument(strategies)}, context,
                        [callback](const signalr::InvocationResult &result) {
                            if (!result.ok) {
                                SubscriptionResult failed;
                                failed.error = result.error;
                                callback(failed);
                                return;
                            }
                            callback(SubscriptionResult::parse(result.value.toValue()));
                        });
}

void EventHubClient::getLatestEventSeqId(QObject *context,
                                         std::function<void(bool ok, qint64 seqId, const QString &error)> callback)
{
    m_connection.invoke(QStringLiteral("GetLatestEventSeqId"), QJsonArray{}, context,
                        [callback](const signalr::InvocationResult &result) {
                            const QJsonValue latest = result.value.toValue();
                            if (!result.ok)
                                callback(false, 0, result.error);
                            else if (!latest.isDouble())
                                callback(false, 0, QStringLiteral("The server's latest EventSeqId is not a number."));
                            else
                                callback(true, latest.toInteger(), QString());
                        });
}

void EventHubClient::getEventsSince(qint64 sinceSeqId, int limit, const QJsonValue &continuationToken, QObject *context,
                                    std::function<void(const EventPage &)> callback)
{
    const QJsonObject arguments{
        {QLatin1String("SinceEventSeqId"), sinceSeqId},
        {QLatin1String("Limit"), qBound(1, limit, MaxPageSize)},
        {QLatin1String("ContinuationToken"), continuationToken.isUndefined() ? QJsonValue() : continuationToken},
    };
    m_connection.invoke(QStringLiteral("GetEventsSince"), QJsonArray{arguments}, context,
                        [callback](const signalr::InvocationResult &result) {
                            if (!result.ok) {
                                EventPage failed;
                                failed.error = result.error;
                                callback(failed);
                                return;
                            }
                            callback(EventPage::parse(result.value));
                        });
}

} // namespace eventhub
