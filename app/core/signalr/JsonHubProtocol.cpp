#include "JsonHubProtocol.h"

#include "TextRecordFraming.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace signalr {

namespace {

constexpr int HighestKnownType = static_cast<int>(HubMessage::Type::Sequence);

bool readString(const QJsonObject &object, QLatin1String key, QString &out, QString &error,
                bool required)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || (value.isNull() && !required)) {
        if (required)
            error = QStringLiteral("The '%1' property is missing.").arg(key);
        return !required;
    }
    if (!value.isString()) {
        error = QStringLiteral("The '%1' property must be a string.").arg(key);
        return false;
    }
    out = value.toString();
    return true;
}

bool readHeaders(const QJsonObject &object, HubMessage &message, QString &error)
{
    const QJsonValue headers = object.value(QLatin1String("headers"));
    if (headers.isUndefined() || headers.isNull())
        return true;
    if (!headers.isObject()) {
        error = QStringLiteral("The 'headers' property must be an object.");
        return false;
    }
    const QJsonObject map = headers.toObject();
    for (auto it = map.begin(); it != map.end(); ++it)
        message.headers.insert(it.key(), it.value().toVariant().toString());
    return true;
}

bool readInvocation(const QJsonObject &object, HubMessage &message, QString &error)
{
    if (!readString(object, QLatin1String("invocationId"), message.invocationId, error,
                    message.type == HubMessage::Type::StreamInvocation))
        return false;
    if (!readString(object, QLatin1String("target"), message.target, error, true))
        return false;
    const QJsonValue arguments = object.value(QLatin1String("arguments"));
    if (!arguments.isArray()) {
        error = QStringLiteral("The 'arguments' property must be an array.");
        return false;
    }
    message.arguments = arguments.toArray();
    return true;
}

bool readCompletion(const QJsonObject &object, HubMessage &message, QString &error)
{
    if (!readString(object, QLatin1String("invocationId"), message.invocationId, error, true))
        return false;
    const QJsonValue errorValue = object.value(QLatin1String("error"));
    if (!errorValue.isUndefined() && !errorValue.isNull()) {
        if (!errorValue.isString()) {
            error = QStringLiteral("The 'error' property must be a string.");
            return false;
        }
        message.error = errorValue.toString();
        if (message.error.isEmpty())
            message.error = QStringLiteral("The server reported an error without a message.");
        return true;
    }
    if (object.contains(QLatin1String("result"))) {
        message.result = object.value(QLatin1String("result"));
        message.hasResult = true;
    }
    return true;
}

bool readSequenceId(const QJsonObject &object, HubMessage &message, QString &error)
{
    const QJsonValue value = object.value(QLatin1String("sequenceId"));
    if (!value.isDouble()) {
        error = QStringLiteral("The 'sequenceId' property must be a number.");
        return false;
    }
    message.sequenceId = value.toInteger();
    return true;
}

} // namespace

std::unique_ptr<RecordFraming> JsonHubProtocol::createFraming(qint64 maxRecordSize) const
{
    return std::make_unique<TextRecordFraming>(maxRecordSize);
}

bool JsonHubProtocol::decode(const QByteArray &record, HubMessage &message, QString &error) const
{
    error.clear();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(record, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("A message is not valid JSON (%1 at offset %2).")
                    .arg(parseError.errorString())
                    .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        error = QStringLiteral("A message is not a JSON object.");
        return false;
    }
    const QJsonObject object = document.object();
    const QJsonValue typeValue = object.value(QLatin1String("type"));
    if (!typeValue.isDouble()) {
        error = QStringLiteral("A message has no numeric 'type' property.");
        return false;
    }
    const int type = typeValue.toInt();
    if (type < 1 || type > HighestKnownType)
        return false; // Unknown type: ignored, as the protocol asks for forward compatibility.

    message = HubMessage{};
    message.type = static_cast<HubMessage::Type>(type);
    if (!readHeaders(object, message, error))
        return false;

    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation:
        return readInvocation(object, message, error);
    case HubMessage::Type::StreamItem:
        if (!readString(object, QLatin1String("invocationId"), message.invocationId, error, true))
            return false;
        message.result = object.value(QLatin1String("item"));
        message.hasResult = true;
        return true;
    case HubMessage::Type::Completion:
        return readCompletion(object, message, error);
    case HubMessage::Type::CancelInvocation:
        return readString(object, QLatin1String("invocationId"), message.invocationId, error, true);
    case HubMessage::Type::Ping:
        return true;
    case HubMessage::Type::Close:
        if (!readString(object, QLatin1String("error"), message.error, error, false))
            return false;
        message.allowReconnect = object.value(QLatin1String("allowReconnect")).toBool(false);
        return true;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence:
        return readSequenceId(object, message, error);
    }
    return false;
}

QByteArray JsonHubProtocol::encode(const HubMessage &message) const
{
    QJsonObject object;
    object.insert(QLatin1String("type"), static_cast<int>(message.type));
    if (!message.headers.isEmpty()) {
        QJsonObject headers;
        for (auto it = message.headers.begin(); it != message.headers.end(); ++it)
            headers.insert(it.key(), it.value());
        object.insert(QLatin1String("headers"), headers);
    }
    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation:
        // A stream invocation's id is required, even when empty: decode refuses one
        // without it (found by tests/fuzz/).
        if (!message.invocationId.isEmpty() || message.type == HubMessage::Type::StreamInvocation)
            object.insert(QLatin1String("invocationId"), message.invocationId);
        object.insert(QLatin1String("target"), message.target);
        object.insert(QLatin1String("arguments"), message.arguments);
        break;
    case HubMessage::Type::StreamItem:
        object.insert(QLatin1String("invocationId"), message.invocationId);
        object.insert(QLatin1String("item"), message.result);
        break;
    case HubMessage::Type::Completion:
        object.insert(QLatin1String("invocationId"), message.invocationId);
        if (!message.error.isEmpty())
            object.insert(QLatin1String("error"), message.error);
        else if (message.hasResult)
            object.insert(QLatin1String("result"), message.result);
        break;
    case HubMessage::Type::CancelInvocation:
        object.insert(QLatin1String("invocationId"), message.invocationId);
        break;
    case HubMessage::Type::Ping:
        break;
    case HubMessage::Type::Close:
        if (!message.error.isEmpty())
            object.insert(QLatin1String("error"), message.error);
        if (message.allowReconnect)
            object.insert(QLatin1String("allowReconnect"), true);
        break;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence:
        object.insert(QLatin1String("sequenceId"), message.sequenceId);
        break;
    }
    return TextRecordFraming::frame(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace signalr
