// The parts of Event that read JSON text, with simdjson: the hot path of every event
// received live or from history.
#include "Event.h"
#include "EventTime.h"

#include "EventDom.h"
#include "PropertyNames.h"

#include "signalr/JsonHubProtocol.h"
#include "signalr/RawJson.h"
#include "signalr/SimdJsonInput.h"

#include <QHash>
#include <QVarLengthArray>

namespace eventhub {

namespace {

namespace dom = simdjson::dom;
namespace ondemand = simdjson::ondemand;
using signalr::toQString;

bool parseTime(const dom::element &value, qint64 &timeMs)
{
    std::string_view text;
    if (value.get_string().get(text))
        return false;
    return parseEventTime(text, timeMs);
}

// A whole number that fits a qint64, from any of JSON's number forms.
bool wholeNumber(const dom::element &value, qint64 &number)
{
    switch (value.type()) {
    case dom::element_type::INT64:
        number = value.get_int64().value_unsafe();
        return true;
    case dom::element_type::DOUBLE: {
        const double real = value.get_double().value_unsafe();
        // Range first: casting a double outside qint64 (1e300, 2^63, NaN) is undefined
        // behaviour (found by tests/fuzz/ under UBSan).
        if (!(real >= -9223372036854775808.0 && real < 9223372036854775808.0))
            return false;
        number = static_cast<qint64>(real);
        return static_cast<double>(number) == real;
    }
    default: // not a number, or one beyond qint64 (UINT64)
        return false;
    }
}

bool parseSeqId(const dom::element &value, qint64 &seqId)
{
    std::string_view text;
    if (!value.get_string().get(text)) {
        bool ok = false;
        seqId = QByteArray::fromRawData(text.data(), qsizetype(text.size())).toLongLong(&ok);
        return ok && seqId >= 0;
    }
    return wholeNumber(value, seqId) && seqId >= 0;
}

// The EventId, from `value` in the payload whose text the event holds already: a string
// without escapes is shared from that text (Event::setEventIdUtf8).
void readEventId(const dom::element &value, Event &event)
{
    std::string_view text;
    if (!value.get_string().get(text)) {
        event.setEventIdUtf8(QByteArrayView(text.data(), qsizetype(text.size())));
        return;
    }
    qint64 number = 0;
    if (wholeNumber(value, number))
        event.setEventIdUtf8(QByteArray::number(number));
}

qint64 readStrategyId(const dom::element &value)
{
    std::string_view text;
    if (!value.get_string().get(text))
        return QByteArray::fromRawData(text.data(), qsizetype(text.size())).toLongLong();
    qint64 number = -1;
    return wholeNumber(value, number) ? number : -1;
}

// Strategy names repeat across thousands of events: each distinct one is allocated once
// and shared (QString is implicitly shared), which keeps retained events small.
QString sharedStrategyName(std::string_view text)
{
    thread_local QHash<QByteArray, QString> names;
    const QByteArray key = QByteArray::fromRawData(text.data(), qsizetype(text.size()));
    const auto found = names.constFind(key);
    if (found != names.constEnd())
        return found.value();
    if (names.size() >= 4096)
        names.clear(); // bound the cache against a hub that names every event differently
    const QString name = toQString(text);
    names.insert(QByteArray(text.data(), qsizetype(text.size())), name);
    return name;
}

QJsonValue toJsonValue(ondemand::value &value)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return QJsonValue(QJsonValue::Undefined);
    switch (type) {
    case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text) ? QJsonValue(QJsonValue::Undefined) : QJsonValue(toQString(text));
    }
    case ondemand::json_type::number: {
        ondemand::number_type numberType;
        if (value.get_number_type().get(numberType))
            return QJsonValue(QJsonValue::Undefined);
        if (numberType == ondemand::number_type::signed_integer) {
            int64_t number = 0;
            return value.get_int64().get(number) ? QJsonValue(QJsonValue::Undefined) : QJsonValue(qint64(number));
        }
        double number = 0;
        return value.get_double().get(number) ? QJsonValue(QJsonValue::Undefined) : QJsonValue(number);
    }
    case ondemand::json_type::boolean: {
        bool flag = false;
        return value.get_bool().get(flag) ? QJsonValue(QJsonValue::Undefined) : QJsonValue(flag);
    }
    case ondemand::json_type::null:
        return QJsonValue(QJsonValue::Null);
    case ondemand::json_type::object:
    case ondemand::json_type::array: {
        std::string_view text;
        if (simdjson::to_json_string(value).get(text))
            return QJsonValue(QJsonValue::Undefined);
        return signalr::RawJson::fromText(signalr::toQByteArray(text)).toValue();
    }
    }
    return QJsonValue(QJsonValue::Undefined);
}

// The envelope's candidates for the event: its object-valued properties.
struct EnvelopeMember
{
    QString key; // in the contract's PascalCase, whatever the server's casing
    EventKind kind; // kindFromName(key), looked up once
    dom::object payload;
    std::string_view json;
};
using EnvelopeMembers = QVarLengthArray<EnvelopeMember, 4>;

// Which property holds the event: a known kind's (the first in allEventKinds() order when
// there are several), else the one object-valued property other than Kind (a kind added
// by the server after this client was written). An unknown callback "OnKind" makes a kind
// named "Kind", whose envelope collides with the Kind property: the real Kind is a string,
// so an object there is that event (found by tests/fuzz/).
const EnvelopeMember *pickEvent(const EnvelopeMembers &members)
{
    const EnvelopeMember *known = nullptr;
    const EnvelopeMember *other = nullptr;
    const EnvelopeMember *kindObject = nullptr;
    for (const EnvelopeMember &member : members) {
        if (member.kind != EventKind::Unknown) {
            if (!known || member.kind < known->kind)
                known = &member;
        } else if (member.key != QLatin1String("Kind")) {
            if (!other)
                other = &member;
        } else {
            kindObject = &member;
        }
    }
    return known ? known : other ? other : kindObject;
}

// The envelope's object-valued members, and its Kind for an error message.
void readEnvelope(const dom::object &envelope, const signalr::JsonSpans &spans, const signalr::JsonSpans::Span &span,
                  EnvelopeMembers &members, QString &kindValue)
{
    spans.forEachChild(span, envelope, [&](const dom::key_value_pair &member, const signalr::JsonSpans::Span &value) {
        dom::object payload;
        std::string_view kindText;
        if (!member.value.get_object().get(payload)) {
            QString key = toQString(member.key);
            const EventKind kind = kindFromName(key);
            key = kind == EventKind::Unknown ? pascalCase(std::move(key)) : kindName(kind);
            members.append({std::move(key), kind, payload, value.text});
        } else if (sameNameIgnoringCase(member.key, "Kind") && !member.value.get_string().get(kindText)) {
            kindValue = toQString(kindText);
        }
    });
}

template<bool IgnoreCase>
bool isName(std::string_view key, std::string_view name)
{
    if constexpr (IgnoreCase)
        return sameNameIgnoringCase(key, name);
    else
        return key == name;
}

// The common fields, of the payload whose text the event holds. validSeqId and validTime
// stay false when the field is missing. Returns how many of the three required fields
// (EventId, EventSeqId, EventTime) were there, valid or not.
template<bool IgnoreCase>
int readCommonFields(const dom::object &object, Event &event, bool &validSeqId, bool &validTime)
{
    int required = 0;
    for (const dom::key_value_pair member : object) {
        const std::string_view key = member.key;
        const dom::element &value = member.value;
        if (isName<IgnoreCase>(key, "EventId")) {
            readEventId(value, event);
            ++required;
        } else if (isName<IgnoreCase>(key, "EventSeqId")) {
            validSeqId = parseSeqId(value, event.seqId);
            ++required;
        } else if (isName<IgnoreCase>(key, "EventTime")) {
            validTime = parseTime(value, event.timeMs);
            ++required;
        } else if (isName<IgnoreCase>(key, "StrategyId")) {
            event.strategyId = readStrategyId(value);
        } else if (isName<IgnoreCase>(key, "StrategyName")) {
            std::string_view name;
            if (!value.get_string().get(name))
                event.strategyName = sharedStrategyName(name);
        }
    }
    return required;
}

// The exact names first: a PascalCase payload, the contract's, pays nothing more. One
// without them all is read again ignoring case, and a camelCase one (from a stock hub) is
// kept with PascalCase names, so that the panes, the store and every export see the
// contract's names whatever the hub sent (PropertyNames.h).
void readCommonFields(const dom::object &object, Event &event, bool &validSeqId, bool &validTime)
{
    if (readCommonFields<false>(object, event, validSeqId, validTime) == 3)
        return;
    pascalCaseTopLevelNames(event.payloadJson);
    readCommonFields<true>(object, event, validSeqId, validTime);
}

// The event of a payload parsed already: its common fields checked, its text kept. `kind`
// is kindFromName(kindName), which a callback knows already.
bool eventFromPayload(EventKind kind, const QString &kindName, const dom::object &payload, QByteArray payloadJson,
                      Event &event, QString &error)
{
    event = Event{};
    event.kind = kind;
    event.kindName = kindName;
    event.payloadJson = std::move(payloadJson);
    bool validSeqId = false, validTime = false;
    readCommonFields(payload, event, validSeqId, validTime);
    if (event.eventIdUtf8().isEmpty()) {
        error = QStringLiteral("%1 event has no EventId.").arg(kindName);
    } else if (!validSeqId) {
        error = QStringLiteral("%1 event %2 has no valid EventSeqId.").arg(kindName, event.eventId());
    } else if (!validTime) {
        error = QStringLiteral("%1 event %2 has no valid EventTime.").arg(kindName, event.eventId());
    } else {
        return true;
    }
    event = Event{}; // a refused event keeps nothing
    return false;
}

} // namespace

bool parseEventJson(const QString &kindName, QByteArray payloadJson, Event &event, QString &error)
{
    thread_local signalr::SimdJsonInput input;
    thread_local dom::parser parser;
    event = Event{};
    const size_t size = size_t(payloadJson.size());
    dom::element root;
    dom::object payload;
    bool ok = false;
    if (auto code = input.parse(parser, payloadJson, root))
        error = QStringLiteral("%1 event is not valid JSON (%2).").arg(kindName, QString::fromUtf8(simdjson::error_message(code)));
    else if (root.get_object().get(payload))
        error = QStringLiteral("%1 event is not a JSON object.").arg(kindName);
    else
        ok = eventFromPayload(kindFromName(kindName), kindName, payload, std::move(payloadJson), event, error);
    input.release(parser, size);
    return ok;
}

bool eventFromCallback(const QString &callback, const QByteArray &argumentJson, Event &event, QString &error)
{
    return eventFromCallback(kindFromCallback(callback), callback, argumentJson, event, error);
}

bool eventFromCallback(EventKind kind, const QString &callback, const QByteArray &argumentJson, Event &event,
                       QString &error)
{
    QString name = kindName(kind);
    if (kind == EventKind::Unknown) {
        name = callback.startsWith(QLatin1String("On")) ? callback.mid(2) : callback;
        kind = kindFromName(name); // a callback named like a kind, without "On"
    }
    if (!argumentJson.startsWith('{')) {
        error = QStringLiteral("The %1 callback's argument is not an object.").arg(callback);
        return false;
    }
    // Handed over while its record is dispatched, the argument was parsed with the record.
    dom::object payload;
    const dom::element *parsed = signalr::JsonHubProtocol::argumentDom(argumentJson);
    if (parsed && !parsed->get_object().get(payload))
        return eventFromPayload(kind, name, payload, argumentJson, event, error);
    return parseEventJson(name, argumentJson, event, error);
}

bool eventFromEnvelope(const dom::object &envelope, const signalr::JsonSpans &spans, const signalr::JsonSpans::Span &span,
                       Event &event, QString &error)
{
    EnvelopeMembers members;
    QString kindValue;
    readEnvelope(envelope, spans, span, members, kindValue);
    const EnvelopeMember *member = pickEvent(members);
    if (!member) {
        error = QStringLiteral("A history envelope has no populated event (Kind=%1).").arg(kindValue);
        return false;
    }
    return eventFromPayload(member->kind, member->key, member->payload, signalr::toQByteArray(member->json), event,
                            error);
}

bool eventFromEnvelope(QByteArrayView envelopeJson, Event &event, QString &error)
{
    thread_local signalr::SimdJsonInput input;
    thread_local dom::parser parser;
    dom::element root;
    dom::object envelope;
    bool ok = false;
    if (auto code = input.parse(parser, envelopeJson, root)) {
        error = QStringLiteral("A history envelope is not valid JSON (%1).").arg(QString::fromUtf8(simdjson::error_message(code)));
    } else if (root.get_object().get(envelope)) {
        error = QStringLiteral("A history envelope is not a JSON object.");
    } else {
        const signalr::JsonSpans spans(parser, envelopeJson);
        ok = eventFromEnvelope(envelope, spans, spans.root(), event, error);
    }
    input.release(parser, size_t(envelopeJson.size()));
    return ok;
}

// On-Demand, not the DOM: it reads only as far as the key, about a third of a whole
// parse's time, and the panes look a field up for every event (their row keys) and every
// cell they show. A payload's text is JSON wherever an Event comes from. A name missing as
// written is looked for again ignoring case (PropertyNames.h): a payload received in
// camelCase has PascalCase names only where a first letter made the difference.
QJsonValue Event::field(QAnyStringView key) const
{
    thread_local signalr::SimdJsonInput input;
    thread_local ondemand::parser parser;
    ondemand::document document;
    ondemand::object object;
    const QByteArray name = key.toString().toUtf8();
    const std::string_view wanted(name.constData(), size_t(name.size()));
    ondemand::value value;
    QJsonValue found(QJsonValue::Undefined);
    if (!input.iterate(parser, payloadJson, document) && !document.get_object().get(object)) {
        if (!object.find_field_unordered(wanted).get(value)) {
            found = toJsonValue(value);
        } else if (!object.reset().error()) {
            for (auto member : object) {
                std::string_view memberName;
                if (member.unescaped_key().get(memberName))
                    break;
                if (sameNameIgnoringCase(memberName, wanted)) {
                    if (!member.value().get(value))
                        found = toJsonValue(value);
                    break;
                }
            }
        }
    }
    input.release(parser, size_t(payloadJson.size()));
    return found;
}

} // namespace eventhub
