// Events read out of JSON text, with simdjson: the hot path of every event received live
// or from history.
#include "Event.h"
#include "EventTime.h"

#include "EventDom.h"
#include "PropertyNames.h"

#include "signalr/RawJson.h"
#include "signalr/SimdJsonInput.h"

#include <QHash>
#include <QJsonDocument>
#include <QVarLengthArray>

namespace eventhub {

namespace {

namespace dom = simdjson::dom;
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
    case dom::element_type::INT64: number = value.get_int64().value_unsafe(); return true;
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
    QByteArray payload = event.payloadJson();
    pascalCaseTopLevelNames(payload);
    event.setPayloadJson(std::move(payload)); // the id, read again below, is shared from it
    readCommonFields<true>(object, event, validSeqId, validTime);
}

// The event of a payload parsed already: its common fields checked, its text kept. `kind`
// is kindFromName(kindName), which a callback knows already.
bool eventFromPayload(EventKind kind, const QString &kindName, const dom::object &payload, QByteArray payloadJson, Event &event,
                      QString &error)
{
    event = Event{};
    event.kind = kind;
    event.kindName = kindName;
    event.setPayloadJson(std::move(payloadJson));
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
        error =
            QStringLiteral("%1 event is not valid JSON (%2).").arg(kindName, QString::fromUtf8(simdjson::error_message(code)));
    else if (root.get_object().get(payload))
        error = QStringLiteral("%1 event is not a JSON object.").arg(kindName);
    else
        ok = eventFromPayload(kindFromName(kindName), kindName, payload, std::move(payloadJson), event, error);
    input.release(parser, size);
    return ok;
}

bool eventFromCallback(const QString &callback, const signalr::RawJson &argument, Event &event, QString &error)
{
    return eventFromCallback(kindFromCallback(callback), callback, argument, event, error);
}

bool eventFromCallback(EventKind kind, const QString &callback, const signalr::RawJson &argument, Event &event, QString &error)
{
    QString name = kindName(kind);
    if (kind == EventKind::Unknown) {
        name = callback.startsWith(QLatin1String("On")) ? callback.mid(2) : callback;
        // PascalCase, as every name the client writes: a history envelope's kind property
        // is read back that way, and the kind must survive the round trip (fuzz_hub_records).
        if (!name.isEmpty())
            name[0] = name.at(0).toUpper();
        kind = kindFromName(name); // a callback named like a kind, without "On"
    }
    const QByteArray &argumentJson = argument.text();
    if (!argumentJson.startsWith('{')) {
        error = QStringLiteral("The %1 callback's argument is not an object.").arg(callback);
        return false;
    }
    dom::object payload;
    const dom::element *parsed = argument.parsed();
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
    return eventFromPayload(member->kind, member->key, member->payload, signalr::toQByteArray(member->json), event, error);
}

bool eventFromEnvelope(QByteArrayView envelopeJson, Event &event, QString &error)
{
    thread_local signalr::SimdJsonInput input;
    thread_local dom::parser parser;
    dom::element root;
    dom::object envelope;
    bool ok = false;
    if (auto code = input.parse(parser, envelopeJson, root)) {
        error =
            QStringLiteral("A history envelope is not valid JSON (%1).").arg(QString::fromUtf8(simdjson::error_message(code)));
    } else if (root.get_object().get(envelope)) {
        error = QStringLiteral("A history envelope is not a JSON object.");
    } else {
        const signalr::JsonSpans spans(parser, envelopeJson);
        ok = eventFromEnvelope(envelope, spans, spans.root(), event, error);
    }
    input.release(parser, size_t(envelopeJson.size()));
    return ok;
}

bool parseEvent(const QString &kindName, const QJsonObject &payload, Event &event, QString &error)
{
    return parseEventJson(kindName, QJsonDocument(payload).toJson(QJsonDocument::Compact), event, error);
}

bool eventFromEnvelope(const QJsonObject &envelope, Event &event, QString &error)
{
    return eventFromEnvelope(QJsonDocument(envelope).toJson(QJsonDocument::Compact), event, error);
}

} // namespace eventhub
