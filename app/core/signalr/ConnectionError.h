#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace signalr {

// Why a connection attempt failed or a connection ended, as one readable sentence plus
// a category that decides whether retrying makes sense and which exit code a script sees.
struct ConnectionError
{
    enum class Kind {
        None,
        HostNotFound,      // DNS could not resolve the host
        ConnectionRefused, // TCP: nothing listens there
        Tls,               // certificate or TLS handshake failure
        Timeout,           // connect, handshake or server timeout
        Http,              // an HTTP status other than success from negotiate or upgrade
        Unauthorized,      // 401 or 403: a wrong or expired key; never retried
        ProxyUnauthorized, // 407: the proxy wants credentials it was not given or refused; never retried
        Proxy,             // the proxy could not be reached, or would not connect to the hub
        NegotiateRejected, // negotiate answered with an `error`; never retried
        Handshake,         // the hub refused or garbled the handshake
        Protocol,          // malformed or oversized data from the server
        UnsafeDestination, // the key would have gone to another host or in clear text; never retried
        ServerClosed,      // a Close message from the server
        ConnectionLost,    // the transport dropped
        UnreadableText,    // the WebSocket could not read the hub's text (1007: Qt 6.4 and characters split
                           // across frames); Server-Sent Events, where offered, can
        Stopped,           // the application stopped the connection
    };

    Kind kind = Kind::None;
    QString message;
    int httpStatus = 0;
    // Only for ServerClosed: the server allowed the client to reconnect. Without it, the
    // client still retries, later (RetryPolicy::afterServerCloseMs).
    bool serverAllowsReconnect = false;
    // Only for Tls, when the certificate was not trusted: the chain the server presented,
    // its own first, so that the user can tell a company's inspecting proxy from an attack.
    QList<QSslCertificate> peerCertificateChain;

    bool serverSentAway() const { return kind == Kind::ServerClosed && !serverAllowsReconnect; }

    bool isError() const { return kind != Kind::None && kind != Kind::Stopped; }

    bool allowsRetry() const
    {
        switch (kind) {
        case Kind::Unauthorized:
        case Kind::ProxyUnauthorized:
        case Kind::NegotiateRejected:
        case Kind::UnsafeDestination:
        case Kind::Stopped:
        case Kind::None: return false;
        default: return true;
        }
    }

    static ConnectionError make(Kind kind, const QString &message, int httpStatus = 0)
    {
        ConnectionError error;
        error.kind = kind;
        error.message = message;
        error.httpStatus = httpStatus;
        return error;
    }
};

} // namespace signalr
