#pragma once

#include "HubConnectionOptions.h"

#include <QNetworkAccessManager>
#include <QSslConfiguration>

class QWebSocket;

namespace signalr {

class HubProxyFactory;

// The network path of one hub connection, shared by its sessions: which proxy negotiate and
// the WebSocket go through, which certificates are trusted, and the proxy credentials
// given so far. Negotiate goes through this QNetworkAccessManager; each WebSocket is
// prepared by it, so both take the same way.
//
// A proxy only ever sees CONNECT host:port (or the SOCKS5 equivalent): an HTTP proxy is
// never used as a forwarding proxy, which would read each request with its Authorization
// header. Over https the key then travels only inside the TLS tunnel to the hub.
class HubNetwork final : public QNetworkAccessManager
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubNetwork)

public:
    explicit HubNetwork(const HubConnectionOptions &options, QObject *parent = nullptr);
    ~HubNetwork() override;

    // The proxy a connection to `url` (http, https, ws or wss) goes through; NoProxy when
    // it goes straight.
    QNetworkProxy proxyFor(const QUrl &url) const;
    // The trusted certificates: the system's, plus the connection's own when it has any.
    const QSslConfiguration &sslConfiguration() const { return m_ssl; }

    void prepare(QNetworkRequest &request) const;
    // Before open(): the proxy and TLS trust of `url`, and proxy authentication.
    void prepare(QWebSocket *socket, const QUrl &url);

    // The system's certificates and `extra`, for a connection that trusts a company's root.
    static QSslConfiguration sslConfigurationWith(const QList<QSslCertificate> &extra);

private:
    void authenticate(const QNetworkProxy &proxy, QAuthenticator *authenticator);

    HubProxyFactory *m_proxies; // owned by QNetworkAccessManager
    QSslConfiguration m_ssl;
    std::function<void(const QNetworkProxy &, QAuthenticator *)> m_askForProxyCredentials;
};

} // namespace signalr
