// Events written as history envelopes, {"Kind": ..., "<KindName>": payload}.
#include "Event.h"

#include "signalr/JsonObjectWriter.h"

#include <algorithm>
#include <array>

namespace eventhub {

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
    const QByteArrayView payload = event.payloadJson().isEmpty() ? QByteArrayView("{}") : QByteArrayView(event.payloadJson());
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
    return event.payloadJson().size() + 2 * event.kindName.size() + 16;
}

QJsonObject toEnvelope(const Event &event)
{
    return QJsonObject{{QLatin1String("Kind"), event.kindName}, {event.kindName, event.payload()}};
}

} // namespace eventhub
