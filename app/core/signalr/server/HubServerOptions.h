#pragma once

#include "HttpRequestHead.h"

#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace signalr {
class HubProtocol;
}

namespace signalr::server {

struct HubServerOptions
{
    QString hubPath = QStringLiteral("/hubs/events");
    // Decides whether a bearer token may connect; everyone may when unset.
    std::function<bool(const QString &token)> authorize;
    // 0 = the server never pings (a half-open connection, as far as the client can tell).
    int keepAliveIntervalMs = 15000;
    qint64 maxMessageSize = 1024 * 1024;
    // Waits this long before answering the handshake (a slow server).
    int handshakeDelayMs = 0;
    // Encoded records sent in the same WebSocket message as the handshake response, as a
    // busy server does when it pushes state right after the handshake.
    QByteArray handshakeResponseSuffix;
    // Lets a test answer negotiate itself (a redirect, an error, a 500): the full HTTP
    // response to send, or nothing for the normal answer.
    std::function<std::optional<QByteArray>(const HttpRequestHead &request)> negotiateOverride;
    // TLS (https and wss) with this certificate and key when set; plain HTTP when null.
    // For tests of certificate trust and of proxies carrying TLS.
    QSslConfiguration tls;
    // Cuts every outgoing WebSocket message into frames of at most this many bytes (0: Qt's
    // default, 512 KB), wherever the cut falls, inside a UTF-8 character too: RFC 6455
    // allows it, and ASP.NET Core cuts large messages at its buffer segments.
    quint64 outgoingFrameSize = 0;
    // Stateful reconnect as ASP.NET Core 8 and later offer it (AllowStatefulReconnects):
    // granted in negotiate to a client that asks (`useStatefulReconnect=true`) and kept for
    // a handshake of version 2 or later. Such a connection outlives its WebSocket for
    // `statefulDisconnectTimeoutMs` (the framework's DisconnectTimeout, 15 s), keeps what it
    // sent until the client acknowledges it, and resumes on a WebSocket opened with the same
    // connection token; an unknown or expired token gets 404.
    bool statefulReconnect = false;
    int statefulDisconnectTimeoutMs = 15000;
    // The framework's StatefulReconnectBufferSize. The framework stops writing past it until
    // Acks come; this server keeps writing (its callers never wait) and only keeps count.
    qint64 statefulReconnectBufferSize = 100000;
    // The protocols the handshake accepts, by name; JSON when empty.
    QList<std::shared_ptr<const HubProtocol>> protocols;
};

} // namespace signalr::server
