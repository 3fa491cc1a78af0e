#pragma once

#include <QJsonArray>
#include <QJsonValue>
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
    QJsonArray arguments;
    // Completion: exactly one of result (when hasResult) or error (when non-empty).
    QJsonValue result;
    bool hasResult = false;
    // Completion and Close.
    QString error;
    // Close.
    bool allowReconnect = false;
    // Ack and Sequence.
    qint64 sequenceId = 0;

    static HubMessage ping() { return HubMessage{}; }

    static HubMessage invocation(const QString &invocationId, const QString &target,
                                 const QJsonArray &arguments)
    {
        HubMessage message;
        message.type = Type::Invocation;
        message.invocationId = invocationId;
        message.target = target;
        message.arguments = arguments;
        return message;
    }

    static HubMessage completionWithResult(const QString &invocationId, const QJsonValue &result)
    {
        HubMessage message;
        message.type = Type::Completion;
        message.invocationId = invocationId;
        message.result = result;
        message.hasResult = true;
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
