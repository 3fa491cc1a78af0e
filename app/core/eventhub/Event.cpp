#include "Event.h"

#include "signalr/JsonObjectWriter.h"
#include "signalr/SharedBytes.h"

#include <QJsonDocument>
#include <QStringEncoder>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

namespace eventhub {

namespace {

const QLatin1String KindKey("Kind");

bool holdsAt(QByteArrayView text, qsizetype at, QByteArrayView bytes)
{
    return at >= 0 && at <= text.size() - bytes.size() && text.sliced(at, bytes.size()) == bytes;
}

// Where `id` is in `payload`, or -1. The payloads of a flood share a layout: where the last
// id was, counted from the start or from the end, nearly always holds the next one, which a
// comparison confirms. A search costs up to 1,000 instructions (for each byte equal to the
// id's first, as a digit often is, a comparison).
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

} // namespace

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
    const qsizetype at = eventId.isEmpty() ? -1 : findId(payloadJson, eventId);
    if (at >= 0 && at + eventId.size() <= std::numeric_limits<qint32>::max()) {
        m_idBytes = payloadJson;
        m_idOffset = qint32(at);
        m_idSize = qint32(eventId.size());
    } else {
        m_idBytes = eventId.toByteArray();
        m_idOffset = 0;
        m_idSize = WholeBytes;
    }
}

void Event::ownBytes()
{
    if (m_idSize == WholeBytes) { // an id of its own
        signalr::ownBytes(payloadJson);
        return;
    }
    // Shared from this payload, the id follows it to its new bytes, at the same place; from
    // one replaced since, it takes bytes of its own.
    const bool inThisPayload = m_idBytes.constData() == payloadJson.constData() && m_idBytes.size() == payloadJson.size();
    signalr::ownBytes(payloadJson);
    if (inThisPayload) {
        m_idBytes = payloadJson;
    } else {
        m_idBytes = eventIdUtf8().toByteArray();
        m_idOffset = 0;
        m_idSize = WholeBytes;
    }
}

QJsonObject Event::payload() const
{
    return QJsonDocument::fromJson(payloadJson).object();
}

bool parseEvent(const QString &kindName, const QJsonObject &payload, Event &event, QString &error)
{
    return parseEventJson(kindName, QJsonDocument(payload).toJson(QJsonDocument::Compact), event, error);
}

bool eventFromEnvelope(const QJsonObject &envelope, Event &event, QString &error)
{
    return eventFromEnvelope(QJsonDocument(envelope).toJson(QJsonDocument::Compact), event, error);
}

QByteArray envelopeJson(const Event &event)
{
    QByteArray text;
    appendEnvelopeJson(text, event);
    return text;
}

void appendEnvelopeJson(QByteArray &out, const Event &event)
{
    // The kind as a JSON string: known kinds' are written once; an unknown kind's name
    // came from a JSON key or a callback name, and is escaped all the same.
    static const auto knownKinds = [] {
        std::array<QByteArray, KnownEventKindCount> names;
        for (EventKind kind : allEventKinds())
            signalr::appendJsonString(names[size_t(kind)], kindName(kind));
        return names;
    }();
    QByteArray unknownKind;
    if (event.kind == EventKind::Unknown)
        signalr::appendJsonString(unknownKind, event.kindName);
    const QByteArrayView kind = event.kind == EventKind::Unknown ? unknownKind : knownKinds[size_t(event.kind)];
    const QByteArrayView payload = event.payloadJson.isEmpty() ? QByteArrayView("{}") : QByteArrayView(event.payloadJson);
    const QByteArrayView open = "{\"Kind\":";
    // Sized once and copied into: appended piece by piece, each piece went through
    // QByteArray::insert, a sixth of what writing an envelope cost.
    const qsizetype start = out.size();
    out.resize(start + open.size() + 2 * kind.size() + payload.size() + 3);
    char *at = out.data() + start;
    const auto put = [&at](QByteArrayView piece) { at = std::copy(piece.begin(), piece.end(), at); };
    put(open);
    put(kind);
    *at++ = ',';
    put(kind);
    *at++ = ':';
    put(payload);
    *at = '}';
}

qsizetype envelopeJsonSizeHint(const Event &event)
{
    return event.payloadJson.size() + 2 * event.kindName.size() + 16;
}

QJsonObject toEnvelope(const Event &event)
{
    return QJsonObject{{KindKey, event.kindName}, {event.kindName, event.payload()}};
}

} // namespace eventhub
