#include "HubResults.h"

#include <QJsonArray>
#include <QJsonObject>

namespace eventhub {

namespace {

// The shape of a failure entry is not public: a bare id, or an object with an id and a
// reason under one of the usual names.
SubscriptionResult::Failure parseFailure(const QJsonValue &value)
{
    SubscriptionResult::Failure failure;
    if (value.isDouble()) {
        failure.strategyId = value.toInteger(-1);
        return failure;
    }
    const QJsonObject object = value.toObject();
    for (const char *key : {"StrategyId", "Id", "strategyId", "id"}) {
        if (object.contains(QLatin1String(key))) {
            failure.strategyId = object.value(QLatin1String(key)).toInteger(-1);
            break;
        }
    }
    for (const char *key : {"Reason", "Error", "Message", "reason", "error", "message"}) {
        if (object.value(QLatin1String(key)).isString()) {
            failure.reason = object.value(QLatin1String(key)).toString();
            break;
        }
    }
    return failure;
}

qint64 strategyIdOf(const QJsonValue &value)
{
    if (value.isObject())
        return parseFailure(value).strategyId;
    return value.toInteger(-1);
}

} // namespace

SubscriptionResult SubscriptionResult::parse(const QJsonValue &result)
{
    SubscriptionResult parsed;
    if (!result.isObject()) {
        parsed.error = QStringLiteral("The server's subscription result is not an object.");
        return parsed;
    }
    const QJsonObject object = result.toObject();
    parsed.ok = true;
    for (const QJsonValue &id : object.value(QLatin1String("SuccessfulStrategies")).toArray())
        parsed.successful.append(strategyIdOf(id));
    for (const QJsonValue &failure : object.value(QLatin1String("FailedStrategies")).toArray())
        parsed.failed.append(parseFailure(failure));
    return parsed;
}

bool EventPage::hasMore() const
{
    return !continuationToken.isNull() && !continuationToken.isUndefined()
           && !(continuationToken.isString() && continuationToken.toString().isEmpty());
}

EventPage EventPage::parse(const QJsonValue &result)
{
    EventPage page;
    const QJsonObject object = result.toObject();
    if (!result.isObject() || !object.value(QLatin1String("Events")).isArray()) {
        page.error = QStringLiteral("The server's history page has no Events list.");
        return page;
    }
    page.ok = true;
    page.continuationToken = object.value(QLatin1String("ContinuationToken"));
    const QJsonArray envelopes = object.value(QLatin1String("Events")).toArray();
    page.events.reserve(envelopes.size());
    for (const QJsonValue &envelope : envelopes) {
        Event event;
        QString error;
        if (eventFromEnvelope(envelope.toObject(), event, error))
            page.events.append(std::move(event));
        else
            page.malformed.append(error);
    }
    return page;
}

QJsonObject strategiesArgument(const std::optional<QList<qint64>> &strategies)
{
    if (!strategies)
        return QJsonObject{{QLatin1String("Strategies"), QJsonValue::Null}};
    QJsonArray ids;
    for (qint64 id : *strategies)
        ids.append(id);
    return QJsonObject{{QLatin1String("Strategies"), ids}};
}

} // namespace eventhub
