#pragma once

#include "ConnectionError.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace signalr {

// Which of the transports this client speaks a negotiate answer offered, and with which
// transfer formats. Long polling is not spoken: it is not listed.
struct OfferedTransports
{
    bool webSocketsText = false;
    bool webSocketsBinary = false;
    // Server-Sent Events carry text only (TransportProtocols.md).
    bool serverSentEvents = false;

    bool any() const { return webSocketsText || webSocketsBinary || serverSentEvents; }
};

// What one negotiate answer says, read from its HTTP status and body alone (no network, so
// that it can be fuzzed): a failure, a redirect to another URL, or where to connect.
// Whether a redirect may be followed is CredentialScope's decision, not this one's.
struct NegotiateAnswer
{
    // The real server's answer is a few hundred bytes; a bound keeps a hostile one from
    // filling memory.
    static constexpr qint64 MaxBodySize = 1024 * 1024;

    enum class Type { Failed, Redirect, Connect };

    Type type = Type::Failed;
    ConnectionError error; // Failed

    QUrl redirectUrl;                     // Redirect: an http(s) URL with a host
    std::optional<QString> redirectToken; // Redirect: the `accessToken` that came with it

    QString connectionToken;           // Connect
    bool offersStatefulReconnect = false; // Connect: `"useStatefulReconnect": true`
    // Connect: the transports the client can use there, as `availableTransports` lists
    // them (a server that lists none is taken to offer WebSockets in both formats).
    OfferedTransports transports;

    // `from` is the URL that answered, named in messages.
    static NegotiateAnswer parse(int httpStatus, const QByteArray &body, const QUrl &from);
    // The error for a body over MaxBodySize (also said while it is still arriving).
    static ConnectionError tooLarge(const QUrl &from);
};

} // namespace signalr
