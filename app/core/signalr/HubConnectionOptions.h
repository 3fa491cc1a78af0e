#pragma once

#include "ProxySettings.h"
#include "RetryPolicy.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QAuthenticator;

namespace signalr {

class HubProtocol;

// Everything that configures a HubConnection. Defaults match Microsoft's clients unless
// a comment says why not.
struct HubConnectionOptions
{
    // The hub's http(s) URL; negotiate and the WebSocket are derived from it.
    QUrl hubUrl;
    // Asked for the bearer token before every negotiate, so a reconnect gets a fresh one.
    // Empty result = no Authorization header.
    std::function<QString()> accessTokenProvider;
    // Send the token as the `access_token` query parameter instead of a header.
    bool accessTokenInQuery = false;
    // Connect the WebSocket straight to the hub URL without negotiating.
    bool skipNegotiation = false;
    // Off unless explicitly wanted: certificate errors fail the connection.
    bool ignoreSslErrors = false;
    // Off unless the user said so: http:// and ws:// only to this machine's loopback
    // (CredentialScope), since anyone on the network reads a key sent in clear text.
    bool allowInsecureHttp = false;

    // Which proxy negotiate and the WebSocket go through: the system's unless the user said.
    ProxySettings proxy;
    // Trusted for this connection besides the system's certificates (a company's root, as
    // TLS-inspecting proxies use). Verification itself is never switched off by this.
    QList<QSslCertificate> extraCaCertificates;
    // Called (on this thread, and may block in a dialog) when a proxy wants credentials it
    // was not given or refused: fill the authenticator, or leave it empty to fail with a
    // 407 error. Credentials given are kept for the rest of the connection's life.
    std::function<void(const QNetworkProxy &proxy, QAuthenticator *authenticator)> proxyCredentials;

    int negotiateTimeoutMs = 30000;
    int maxNegotiateRedirects = 100;
    // Covers the WebSocket opening and the handshake answer.
    int handshakeTimeoutMs = 15000;
    int keepAliveIntervalMs = 15000;
    int serverTimeoutMs = 30000;
    // Larger records close the connection as a protocol error. The official clients have
    // no limit; an unbounded buffer is a memory hazard, so ours is generous but finite.
    qint64 maxMessageSize = 16 * 1024 * 1024;

    RetryPolicy retryPolicy;
    // The official clients never retry a failed first start. A monitor started while the
    // network is down should keep trying, so this is on by default; scripts turn it off.
    bool retryInitialConnection = true;

    // JSON when null.
    std::shared_ptr<const HubProtocol> protocol;
    // Used instead of `protocol` once the hub refuses `protocol` in a handshake, from then
    // on for the connection's life (the programs ask for MessagePack and fall back to JSON:
    // HubProtocols.h). None when null: the refusal ends the connection.
    std::shared_ptr<const HubProtocol> fallbackProtocol;

    // Stateful reconnect (ASP.NET Core 8 and later, WebSockets only): asked for on
    // negotiate; where the server allows it, a dropped WebSocket is reopened for the same
    // connection and whatever either side had not acknowledged is sent again, so a
    // transient drop loses and repeats nothing. The official clients make it opt-in; asking
    // costs nothing with servers that do not allow it, so ours asks by default.
    bool statefulReconnect = true;
    // Bytes of unacknowledged messages worth keeping (the official clients' default).
    qint64 statefulReconnectBufferSize = 100000;
    // How long after a message arrives its Ack is sent (coalescing the ones that follow).
    int statefulReconnectAckIntervalMs = 1000;
};

} // namespace signalr
