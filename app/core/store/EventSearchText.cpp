#include "EventSearchText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace store {

namespace {

void appendValues(const QJsonValue &value, QString &out)
{
    switch (value.type()) {
    case QJsonValue::String:
        out += QLatin1Char(' ') + value.toString();
        break;
    case QJsonValue::Double:
        out += QLatin1Char(' ') + QString::number(value.toDouble(), 'g', 15);
        break;
    case QJsonValue::Array:
        for (const QJsonValue &item : value.toArray())
            appendValues(item, out);
        break;
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            appendValues(it.value(), out);
        break;
    }
    default:
        break;
    }
}

} // namespace

QString searchableText(const eventhub::Event &event)
{
    QString text = event.kindName;
    if (!event.strategyName.isEmpty())
        text += QLatin1Char(' ') + event.strategyName;
    const QJsonObject payload = QJsonDocument::fromJson(event.payloadJson()).object();
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (it.key() == QLatin1String("EventId") || it.key() == QLatin1String("EventTime")
            || it.key() == QLatin1String("EventSeqId"))
            continue;
        appendValues(it.value(), text);
    }
    return text;
}

} // namespace store
