#include "HubNetwork.h"

#include "SignalRLogging.h"

#include <QAuthenticator>
#include <QNetworkProxyFactory>
#include <QNetworkRequest>
#include <QWebSocket>

namespace signalr {

namespace {

// Proxy look-ups go by the http(s) URL: a WebSocket is an upgraded HTTP request, and the
// system's rules (https_proxy, PAC files) are written for http and https.
QUrl httpUrl(const QUrl &url)
{
    QUrl result = url;
    if (url.scheme() == QLatin1String("ws"))
        result.setScheme(QStringLiteral("http"));
    else if (url.scheme() == QLatin1String("wss"))
        result.setScheme(QStringLiteral("https"));
    return result;
}

} // namespace

// The proxies of one connection. An HTTP proxy loses its caching capability, which is what
// makes QNetworkAccessManager forward a plain http request through it (the proxy then reads
// the request, key included); without it the request goes through a CONNECT tunnel, as a
// WebSocket always does.
class HubProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit HubProxyFactory(ProxySettings settings)
        : m_settings(std::move(settings))
    {}

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        QList<QNetworkProxy> proxies;
        switch (m_settings.mode) {
        case ProxySettings::Mode::None: return {QNetworkProxy(QNetworkProxy::NoProxy)};
        case ProxySettings::Mode::Explicit: proxies = {m_settings.proxy}; break;
        case ProxySettings::Mode::System: proxies = systemProxyForQuery(query); break;
        }
        for (QNetworkProxy &proxy : proxies)
            tunnelOnly(proxy);
        return proxies;
    }

    void remember(const QString &user, const QString &password)
    {
        m_user = user;
        m_password = password;
    }

private:
    void tunnelOnly(QNetworkProxy &proxy) const
    {
        if (proxy.type() == QNetworkProxy::HttpCachingProxy)
            proxy.setType(QNetworkProxy::HttpProxy);
        if (proxy.type() == QNetworkProxy::HttpProxy)
            proxy.setCapabilities(proxy.capabilities() & ~QNetworkProxy::CachingCapability);
        // Credentials the user gave when the proxy asked replace the ones it refused.
        if ((proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::Socks5Proxy) && !m_user.isEmpty()) {
            proxy.setUser(m_user);
            proxy.setPassword(m_password);
        }
    }

    const ProxySettings m_settings;
    QString m_user;
    QString m_password;
};

HubNetwork::HubNetwork(const HubConnectionOptions &options, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_proxies(new HubProxyFactory(options.proxy))
    , m_ssl(options.extraCaCertificates.isEmpty() ? QSslConfiguration::defaultConfiguration()
                                                  : sslConfigurationWith(options.extraCaCertificates))
    , m_askForProxyCredentials(options.proxyCredentials)
{
    setProxyFactory(m_proxies);
    connect(this, &QNetworkAccessManager::proxyAuthenticationRequired, this, &HubNetwork::authenticate);
}

HubNetwork::~HubNetwork() = default;

QSslConfiguration HubNetwork::sslConfigurationWith(const QList<QSslCertificate> &extra)
{
    // Explicitly the system's list plus ours: with a list set, Qt no longer loads the
    // system's roots on demand, so leaving them out would distrust every public CA.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + extra);
    return configuration;
}

QNetworkProxy HubNetwork::proxyFor(const QUrl &url) const
{
    const QList<QNetworkProxy> proxies = m_proxies->queryProxy(QNetworkProxyQuery(httpUrl(url)));
    return proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.constFirst();
}

void HubNetwork::prepare(QNetworkRequest &request) const
{
    request.setSslConfiguration(m_ssl);
}

void HubNetwork::prepare(QWebSocket *socket, const QUrl &url)
{
    socket->setProxy(proxyFor(url));
    socket->setSslConfiguration(m_ssl);
    connect(socket, &QWebSocket::proxyAuthenticationRequired, this, &HubNetwork::authenticate);
}

void HubNetwork::authenticate(const QNetworkProxy &proxy, QAuthenticator *authenticator)
{
    // Called only when the proxy refused what it was given (or was given nothing): without
    // someone to ask, the authenticator stays empty and the request fails with a 407.
    qCDebug(lcSignalR).noquote() << describeProxy(proxy) << "asks for credentials";
    if (!m_askForProxyCredentials)
        return;
    m_askForProxyCredentials(proxy, authenticator);
    // Remembered for the next WebSocket and reconnect, so that the user is asked once.
    if (!authenticator->user().isEmpty())
        m_proxies->remember(authenticator->user(), authenticator->password());
}

} // namespace signalr
