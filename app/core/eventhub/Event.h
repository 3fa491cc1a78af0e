#pragma once

#include "EventKind.h"

#include "signalr/RawJson.h"

#include <QByteArray>
#include <QAnyStringView>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace eventhub {

// One Event Hub event, as received live or from history. The payload is kept as the JSON
// text the server sent (unknown fields included), which costs a fraction of a parsed tree
// for the many events nobody looks at; the common fields are parsed out of it once.
//
// The payload and the EventId are private: the id is usually a part of the payload's text,
// and only the setters below keep the two consistent, so that no order of calls gives an
// event a wrong id.
class Event
{
public:
    EventKind kind = EventKind::Unknown;
    // The kind's name ("EntrySignal"), or, for a callback or envelope this client does not
    // know, the name the server used, so that nothing is lost.
    QString kindName;
    qint64 seqId = 0;
    // UTC milliseconds since the epoch.
    qint64 timeMs = 0;
    // -1 when the event names no strategy.
    qint64 strategyId = -1;
    QString strategyName;

    // The payload object, as JSON text.
    const QByteArray &payloadJson() const { return m_payloadJson; }
    // Replaces the payload. An id that was a part of the old payload keeps its value, in
    // bytes of its own; set it again to share it from the new payload.
    void setPayloadJson(QByteArray payloadJson)
    {
        if (m_idSize != WholeBytes)
            ownId();
        m_payloadJson = std::move(payloadJson);
    }

    // The EventId, as a string (allocated at each call) and as its UTF-8 bytes (not).
    QString eventId() const { return QString::fromUtf8(eventIdUtf8()); }
    QByteArrayView eventIdUtf8() const
    {
        return m_idSize == WholeBytes ? QByteArrayView(m_idBytes) : QByteArrayView(m_payloadJson).sliced(m_idOffset, m_idSize);
    }
    // Sets the EventId. Where its bytes are in the payload, as a payload's id nearly always
    // is, it is kept as their place there, not copied: an event of a flood or of the store
    // then allocates nothing for its id.
    void setEventId(QStringView eventId);
    void setEventIdUtf8(QByteArrayView eventId);

    // A live event's payload is a part of the WebSocket message it came in (shared, as
    // signalr/SharedBytes.h explains), which it keeps alive whole. For an event kept for
    // long, this gives the payload, and the id in it, a buffer of its own when theirs is
    // more than twice their size.
    void ownBytes();

    // The whole payload, parsed on demand (for a details view, an export, a test).
    QJsonObject payload() const;
    // One top-level property of the payload, parsed on demand without building the rest;
    // Undefined when it is missing.
    QJsonValue field(QAnyStringView key) const;

private:
    // Gives an id that is a place in the payload bytes of its own.
    void ownId();

    // The id is m_idSize bytes at m_idOffset in m_payloadJson, or, when m_idSize is
    // WholeBytes, all of m_idBytes (its own), which may be of any size. 32 bits each, not
    // 64: an Event is kept as small as it can be, which CSV export measurably feels
    // (docs/benchmarks.md, "Measurements behind the code's rules").
    static constexpr qint32 WholeBytes = -1;
    QByteArray m_payloadJson;
    QByteArray m_idBytes;
    qint32 m_idOffset = 0;
    qint32 m_idSize = WholeBytes;
};

} // namespace eventhub

// Its members (strings and numbers) can be moved as bytes: a list of events grows by
// reallocating, without a copy and a destruction of each event (an atomic operation per
// string, each way).
Q_DECLARE_TYPEINFO(eventhub::Event, Q_RELOCATABLE_TYPE);

namespace eventhub {

// Parses the common fields out of a payload's JSON text, checking all of it. Returns false
// with `error` set when the text is not a JSON object, or when EventId, EventSeqId or
// EventTime is missing or malformed.
bool parseEventJson(const QString &kindName, QByteArray payloadJson, Event &event, QString &error);

// The same, for a payload built as a QJsonObject (by the simulator, by tests).
bool parseEvent(const QString &kindName, const QJsonObject &payload, Event &event, QString &error);

// From a server callback ("OnEntrySignal" with its single argument): read from the DOM the
// argument carries when the hub protocol parsed it with its record (RawJson::parsed), else
// parsed from its text.
bool eventFromCallback(const QString &callback, const signalr::RawJson &argument, Event &event, QString &error);
// The same for a callback whose kind is known already, kindFromCallback(callback) (a
// handler registered for it knows: a look-up fewer per event).
bool eventFromCallback(EventKind kind, const QString &callback, const signalr::RawJson &argument, Event &event, QString &error);

// From a history envelope, {"Kind": ..., "<KindName>": payload}: the kind is decided by
// the populated property, not by `Kind`.
bool eventFromEnvelope(QByteArrayView envelopeJson, Event &event, QString &error);
bool eventFromEnvelope(const QJsonObject &envelope, Event &event, QString &error);

// The history envelope, as JSON text (also appended to `out`) and as an object.
QByteArray envelopeJson(const Event &event);
void appendEnvelopeJson(QByteArray &out, const Event &event);
// About the size appendEnvelopeJson adds (the payload, the kind twice and a few bytes): for
// sizing a buffer of many envelopes once.
qsizetype envelopeJsonSizeHint(const Event &event);
QJsonObject toEnvelope(const Event &event);

} // namespace eventhub
