#pragma once

// Helpers shared by the reference suite's tests: client options for the reference hub,
// and synchronous waits for asynchronous calls (never a fixed sleep).

#include "ReferenceHub.h"
#include "eventhub/EventHubClient.h"
#include "signalr/HubProtocols.h"

#include <QTest>

namespace reference {

// The protocol this test executable runs with (its CMake target defines it).
inline QString protocolName()
{
    return QStringLiteral(REFERENCE_PROTOCOL);
}

// The hub's casing for this executable: the contract's PascalCase, or a stock hub's
// camelCase where the CMake target defines REFERENCE_CAMEL_CASE.
inline QStringList casingArguments()
{
#ifdef REFERENCE_CAMEL_CASE
    return {QStringLiteral("--camel-case")};
#else
    return {};
#endif
}

// The hub's arguments for this executable's protocol and casing.
inline QStringList hubArguments(QStringList extra = {})
{
    if (protocolName() == QLatin1String("messagepack"))
        extra << QStringLiteral("--messagepack");
    return extra + casingArguments();
}

inline signalr::HubConnectionOptions options(const ReferenceHub &hub,
                                             const QString &key = QString::fromLatin1(ReferenceHub::ApiKey))
{
    signalr::HubConnectionOptions options;
    options.hubUrl = hub.hubUrl();
    options.accessTokenProvider = [key] { return key; };
    options.protocol = signalr::hubProtocolByName(protocolName());
    // Fast, deterministic retries: the tests wait for reconnects.
    options.retryPolicy.delaysMs = {0, 100, 200};
    options.retryPolicy.repeatDelayMs = 200;
    options.retryPolicy.jitterFraction = 0;
    options.retryPolicy.zeroDelayJitterMs = 0;
    return options;
}

inline bool waitConnected(eventhub::EventHubClient &client, int timeoutMs = 15000)
{
    return QTest::qWaitFor([&] { return client.connection().state() == signalr::HubConnection::State::Connected; }, timeoutMs);
}

inline signalr::InvocationResult invokeAndWait(signalr::HubConnection &connection, const QString &target,
                                               const QJsonArray &arguments = {})
{
    signalr::InvocationResult result;
    bool done = false;
    connection.invoke(target, arguments, nullptr, [&](const signalr::InvocationResult &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        qFatal("%s did not complete", qPrintable(target));
    return result;
}

inline eventhub::SubscriptionResult subscribeAndWait(eventhub::EventHubClient &client,
                                                     const std::optional<QList<qint64>> &strategies, bool subscribe = true)
{
    eventhub::SubscriptionResult result;
    bool done = false;
    const auto callback = [&](const eventhub::SubscriptionResult &r) {
        result = r;
        done = true;
    };
    if (subscribe)
        client.subscribeToStrategies(strategies, nullptr, callback);
    else
        client.unsubscribeFromStrategies(strategies, nullptr, callback);
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        qFatal("the subscription call did not complete");
    return result;
}

// first, first + 1, ..., last.
inline QList<qint64> seqIdRange(qint64 first, qint64 last)
{
    QList<qint64> ids;
    for (qint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

} // namespace reference
