// The class Event: its payload and id kept consistent, and its fields read on demand.
#include "Event.h"

#include "PropertyNames.h"

#include "signalr/RawJson.h"
#include "signalr/SharedBytes.h"
#include "signalr/SimdJsonInput.h"

#include <QJsonDocument>
#include <QStringEncoder>
#include <QVarLengthArray>

#include <limits>
#include <string_view>

namespace eventhub {

namespace {

namespace ondemand = simdjson::ondemand;
using signalr::toQString;

bool holdsAt(QByteArrayView text, qsizetype at, QByteArrayView bytes)
{
    return at >= 0 && at <= text.size() - bytes.size() && text.sliced(at, bytes.size()) == bytes;
}

// Where `id` is in `payload`, or -1. The payloads of a flood share a layout: where the last
// id was, counted from the start or from the end, nearly always holds the next one, which a
// comparison confirms. A search compares at each byte equal to the id's first, as a digit
// often is (its cost: docs/benchmarks.md, "Measurements behind the code's rules").
qsizetype findId(QByteArrayView payload, QByteArrayView id)
{
    thread_local qsizetype lastFromStart = -1;
    thread_local qsizetype lastFromEnd = -1;
    if (holdsAt(payload, lastFromStart, id))
        return lastFromStart;
    qsizetype at = payload.size() - lastFromEnd;
    if (!holdsAt(payload, at, id)) {
        const std::string_view text(payload.data(), size_t(payload.size()));
        const size_t found = text.find(std::string_view(id.data(), size_t(id.size())));
        if (found == std::string_view::npos)
            return -1;
        at = qsizetype(found);
    }
    lastFromStart = at;
    lastFromEnd = payload.size() - at;
    return at;
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
    case ondemand::json_type::null: return QJsonValue(QJsonValue::Null);
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

} // namespace

void Event::ownId()
{
    m_idBytes = eventIdUtf8().toByteArray();
    m_idOffset = 0;
    m_idSize = WholeBytes;
}

void Event::setEventId(QStringView eventId)
{
    // Its UTF-8 on the stack when it is short, as ids are: most are then shared from the
    // payload, and an allocation here was a third of a CSV export's time (the store's
    // thread and the exporter's contended for the allocator).
    QStringEncoder toUtf8(QStringEncoder::Utf8);
    QVarLengthArray<char, 256> utf8(toUtf8.requiredSpace(eventId.size()));
    const char *end = toUtf8.appendToBuffer(utf8.data(), eventId);
    setEventIdUtf8(QByteArrayView(utf8.data(), end - utf8.data()));
}

void Event::setEventIdUtf8(QByteArrayView eventId)
{
    // The same bytes anywhere in the payload are the same id; a place there must fit the
    // 32-bit members (the payload's first 2 GiB).
    const qsizetype at = eventId.isEmpty() ? -1 : findId(m_payloadJson, eventId);
    if (at >= 0 && at + eventId.size() <= std::numeric_limits<qint32>::max()) {
        m_idOffset = qint32(at);
        m_idSize = qint32(eventId.size());
        m_idBytes = QByteArray();
    } else {
        m_idBytes = eventId.toByteArray();
        m_idOffset = 0;
        m_idSize = WholeBytes;
    }
}

void Event::ownBytes()
{
    // An id in the payload is a place in it, which follows it to its new bytes.
    signalr::ownBytes(m_payloadJson);
}

QJsonObject Event::payload() const
{
    return QJsonDocument::fromJson(m_payloadJson).object();
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
    if (!input.iterate(parser, m_payloadJson, document) && !document.get_object().get(object)) {
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
    input.release(parser, size_t(m_payloadJson.size()));
    return found;
}

} // namespace eventhub
