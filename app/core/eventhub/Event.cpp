#include "Event.h"

#include "signalr/JsonObjectWriter.h"

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
    // An unknown kind's name came from a JSON key or a callback name: escaped all the same.
    QByteArray kind;
    signalr::appendJsonString(kind, event.kindName);
    QByteArray text;
    text.reserve(event.payloadJson.size() + 2 * kind.size() + 12);
    text += "{\"Kind\":";
    text += kind;
    text += ',';
    text += kind;
    text += ':';
    text += event.payloadJson.isEmpty() ? QByteArray("{}") : event.payloadJson;
    text += '}';
    return text;
}

QJsonObject toEnvelope(const Event &event)
{
    return QJsonObject{{KindKey, event.kindName}, {event.kindName, event.payload()}};
}

} // namespace eventhub
