#include "HubResults.h"

#include "EventDom.h"
#include "PropertyNames.h"

#include "signalr/SimdJsonInput.h"

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
    for (const char *key : {"StrategyId", "Id"}) {
        const QJsonValue id = valueIgnoringCase(object, QLatin1String(key));
        if (!id.isUndefined()) {
            failure.strategyId = id.toInteger(-1);
            break;
        }
    }
    for (const char *key : {"Reason", "Error", "Message"}) {
        const QJsonValue reason = valueIgnoringCase(object, QLatin1String(key));
        if (reason.isString()) {
            failure.reason = reason.toString();
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
    for (const QJsonValue &id : valueIgnoringCase(object, QLatin1String("SuccessfulStrategies")).toArray())
        parsed.successful.append(strategyIdOf(id));
    for (const QJsonValue &failure : valueIgnoringCase(object, QLatin1String("FailedStrategies")).toArray())
        parsed.failed.append(parseFailure(failure));
    return parsed;
}

bool EventPage::hasMore() const
{
    return !continuationToken.isNull() && !continuationToken.isUndefined()
           && !(continuationToken.isString() && continuationToken.toString().isEmpty());
}

namespace {

namespace dom = simdjson::dom;

// The page, parsed once: each envelope is read from its DOM (eventFromEnvelope), the rest
// of the page is the list itself and the continuation token.
void readPage(const dom::object &object, const signalr::JsonSpans &spans, EventPage &page, bool &hasEvents)
{
    spans.forEachChild(spans.root(), object, [&](const dom::key_value_pair &member, const signalr::JsonSpans::Span &value) {
        dom::array envelopes;
        if (sameNameIgnoringCase(member.key, "ContinuationToken")) {
            page.continuationToken = signalr::RawJson::fromText(signalr::toQByteArray(value.text)).toValue();
        } else if (sameNameIgnoringCase(member.key, "Events") && !member.value.get_array().get(envelopes)) {
            hasEvents = true;
            spans.forEachChild(value, envelopes, [&](const dom::element &element, const signalr::JsonSpans::Span &span) {
                dom::object envelope;
                Event event;
                QString error;
                if (element.get_object().get(envelope))
                    page.malformed.append(QStringLiteral("A history envelope is not a JSON object."));
                else if (eventFromEnvelope(envelope, spans, span, event, error))
                    page.events.append(std::move(event));
                else
                    page.malformed.append(error);
            });
        }
    });
}

} // namespace

EventPage EventPage::parse(const signalr::RawJson &result)
{
    thread_local signalr::SimdJsonInput input;
    thread_local dom::parser parser;
    EventPage page;
    bool hasEvents = false;
    dom::element root;
    dom::object object;
    const simdjson::error_code code = input.parse(parser, result.text(), root);
    if (!code && !root.get_object().get(object))
        readPage(object, signalr::JsonSpans(parser, result.text()), page, hasEvents);
    input.release(parser, size_t(result.text().size()));
    if (code) {
        page = EventPage{};
        page.error = QStringLiteral("The server's history page is not valid JSON (%1).")
                         .arg(QString::fromUtf8(simdjson::error_message(code)));
        return page;
    }
    if (!hasEvents) {
        page = EventPage{};
        page.error = QStringLiteral("The server's history page has no Events list.");
        return page;
    }
    page.ok = true;
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
