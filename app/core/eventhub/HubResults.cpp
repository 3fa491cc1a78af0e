#include "HubResults.h"

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

namespace {

namespace ondemand = simdjson::ondemand;

// One pass over the page: each envelope's text goes to eventFromEnvelope, the rest of the
// page is the list itself and the continuation token.
simdjson::error_code readPage(ondemand::document &document, EventPage &page, bool &hasEvents)
{
    ondemand::object object;
    if (auto code = document.get_object().get(object))
        return code;
    const simdjson::error_code code = signalr::forEachMember(object, [&](std::string_view key, ondemand::value &value) {
        if (key == "ContinuationToken") {
            std::string_view token;
            if (auto code = simdjson::to_json_string(value).get(token))
                return code;
            page.continuationToken = signalr::RawJson::fromText(signalr::toQByteArray(signalr::trimmedJson(token))).toValue();
        } else if (key == "Events") {
            ondemand::array envelopes;
            if (value.get_array().get(envelopes))
                return simdjson::SUCCESS; // not a list: reported below as a page without one
            hasEvents = true;
            for (auto element : envelopes) {
                ondemand::value envelope;
                std::string_view json;
                if (auto code = element.get(envelope))
                    return code;
                if (auto code = simdjson::to_json_string(envelope).get(json))
                    return code;
                Event event;
                QString error;
                // The page came in a hub message: valid JSON (JsonText).
                if (eventFromEnvelope(QByteArrayView(json.data(), qsizetype(json.size())), event, error, JsonText::Valid))
                    page.events.append(std::move(event));
                else
                    page.malformed.append(error);
            }
        }
        return simdjson::SUCCESS;
    });
    if (code)
        return code;
    return signalr::documentEnded(document) ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
}

} // namespace

EventPage EventPage::parse(const signalr::RawJson &result)
{
    thread_local signalr::SimdJsonInput input;
    thread_local ondemand::parser parser;
    EventPage page;
    bool hasEvents = false;
    ondemand::document document;
    simdjson::error_code code = parser.iterate(input.pad(result.text())).get(document);
    if (!code)
        code = readPage(document, page, hasEvents);
    input.release(parser, size_t(result.text().size()));
    if (code == simdjson::INCORRECT_TYPE || (!code && !hasEvents)) {
        page = EventPage{};
        page.error = QStringLiteral("The server's history page has no Events list.");
        return page;
    }
    if (code) {
        page = EventPage{};
        page.error = QStringLiteral("The server's history page is not valid JSON (%1).")
                         .arg(QString::fromUtf8(simdjson::error_message(code)));
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
