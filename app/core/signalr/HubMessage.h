#pragma once

#include "RawJson.h"

#include <QJsonArray>
#include <QMap>
#include <QString>

namespace signalr {

// One message of the SignalR hub protocol, independent of its encoding (JSON or
// MessagePack). Only the fields that belong to `type` are meaningful.
struct HubMessage
{
    // The numeric values are the protocol's own `type` codes.
    enum class Type {
        Invocation = 1,
        StreamItem = 2,
        Completion = 3,
        StreamInvocation = 4,
        CancelInvocation = 5,
        Ping = 6,
        Close = 7,
        Ack = 8,
        Sequence = 9,
    };

    Type type = Type::Ping;
    QMap<QString, QString> headers;

    // Invocation, StreamItem, Completion, StreamInvocation, CancelInvocation.
    QString invocationId;
    // Invocation, StreamInvocation.
    QString target;
    RawJsonList arguments;
    // Completion: a result (not absent) or an error (non-empty), or neither for a void
    // method. StreamItem: the item.
    RawJson result;
    // Completion and Close.
    QString error;
    // Close.
    bool allowReconnect = false;
    // Ack and Sequence.
    qint64 sequenceId = 0;

    static HubMessage ping() { return HubMessage{}; }

    static HubMessage invocation(const QString &invocationId, const QString &target, const QJsonArray &arguments)
    {
        return invocation(invocationId, target, rawJsonList(arguments));
    }

    static HubMessage invocation(const QString &invocationId, const QString &target, RawJsonList arguments)
    {
        HubMessage message;
        message.type = Type::Invocation;
        message.invocationId = invocationId;
        message.target = target;
        message.arguments = std::move(arguments);
        return message;
    }

    static HubMessage completionWithResult(const QString &invocationId, const QJsonValue &result)
    {
        return completionWithResult(invocationId, RawJson::fromValue(result));
    }

    static HubMessage completionWithResult(const QString &invocationId, const RawJson &result)
    {
        HubMessage message;
        message.type = Type::Completion;
        message.invocationId = invocationId;
        message.result = result;
        return message;
    }

    static HubMessage completionWithError(const QString &invocationId, const QString &error)
    {
        HubMessage message;
        message.type = Type::Completion;
        message.invocationId = invocationId;
        message.error = error;
        return message;
    }

    static HubMessage close(const QString &error = {}, bool allowReconnect = false)
    {
        HubMessage message;
        message.type = Type::Close;
        message.error = error;
        message.allowReconnect = allowReconnect;
        return message;
    }
};

} // namespace signalr
