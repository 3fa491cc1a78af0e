#include "RawJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace signalr {

RawJson RawJson::fromText(QByteArray text)
{
    RawJson json;
    json.m_text = std::move(text);
    return json;
}

RawJson RawJson::fromValue(const QJsonValue &value)
{
    if (value.isUndefined())
        return {};
    if (value.isObject())
        return fromText(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return fromText(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // QJsonDocument holds only objects and arrays: a scalar goes through a one-element array.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return fromText(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue RawJson::toValue() const
{
    if (m_text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const char first = m_text.front();
    if (first == '{' || first == '[') {
        const QJsonDocument document = QJsonDocument::fromJson(m_text);
        if (document.isObject())
            return document.object();
        if (document.isArray())
            return document.array();
        return QJsonValue(QJsonValue::Undefined);
    }
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + m_text + ']');
    if (!wrapped.isArray() || wrapped.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return wrapped.array().at(0);
}

RawJsonList rawJsonList(const QJsonArray &values)
{
    RawJsonList list;
    list.reserve(values.size());
    for (const QJsonValue &value : values)
        list.append(RawJson::fromValue(value));
    return list;
}

QJsonArray toJsonArray(const RawJsonList &values)
{
    QJsonArray array;
    for (const RawJson &value : values)
        array.append(value.toValue());
    return array;
}

} // namespace signalr
