#pragma once

#include "RawJson.h"

#include <QString>

namespace signalr {

// The outcome of HubConnection::invoke: the server's result, or an error sentence (the
// server's own text for a Completion error, or why the call could not complete).
struct InvocationResult
{
    bool ok = false;
    // Absent for a method that returns nothing.
    RawJson value;
    QString error;

    static InvocationResult success(const RawJson &value) { return {true, value, {}}; }
    static InvocationResult failure(const QString &error) { return {false, {}, error}; }
};

} // namespace signalr
