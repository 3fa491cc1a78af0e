#include "Event.h"

#include "signalr/JsonObjectWriter.h"

#include <QHash>
#include <QJsonDocument>

namespace eventhub {

namespace {

const QLatin1String KindKey("Kind");

} // namespace

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
    static const QHash<EventKind, QByteArray> knownKinds = [] {
        QHash<EventKind, QByteArray> names;
        for (EventKind kind : allEventKinds())
            signalr::appendJsonString(names[kind], kindName(kind));
        return names;
    }();
    QByteArray kind = knownKinds.value(event.kind);
    if (kind.isEmpty())
        signalr::appendJsonString(kind, event.kindName);
    out += "{\"Kind\":";
    out += kind;
    out += ',';
    out += kind;
    out += ':';
    out += event.payloadJson.isEmpty() ? QByteArrayView("{}") : QByteArrayView(event.payloadJson);
    out += '}';
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
