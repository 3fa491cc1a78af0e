#pragma once

#include <QJsonValue>
#include <QString>

namespace signalr {

// The outcome of HubConnection::invoke: the server's result, or an error sentence (the
// server's own text for a Completion error, or why the call could not complete).
struct InvocationResult
{
    bool ok = false;
    QJsonValue value;
    QString error;

    static InvocationResult success(const QJsonValue &value) { return {true, value, {}}; }
    static InvocationResult failure(const QString &error) { return {false, {}, error}; }
};

} // namespace signalr
