#include "ProxySettings.h"

#include <QUrl>

namespace signalr {

namespace {

std::optional<QNetworkProxy> refuse(QString *problem, const QString &why)
{
    if (problem)
        *problem = why;
    return std::nullopt;
}

} // namespace

std::optional<QNetworkProxy> ProxySettings::parseUrl(const QString &text, QString *problem)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || url.port() == 0 || (url.path() != QString() && url.path() != QLatin1String("/"))
        || url.hasQuery() || url.hasFragment()) {
        return refuse(problem, QStringLiteral("'%1' is not a proxy URL such as http://proxy.example:8080 or "
                                              "socks5://proxy.example:1080.")
                                   .arg(text));
    }
    QNetworkProxy proxy;
    if (scheme == QLatin1String("http")) {
        proxy = QNetworkProxy(QNetworkProxy::HttpProxy, url.host(), quint16(url.port(8080)));
    } else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h")) {
        proxy = QNetworkProxy(QNetworkProxy::Socks5Proxy, url.host(), quint16(url.port(1080)));
    } else {
        // Qt speaks to proxies in clear text only; an https:// proxy would silently be used
        // without TLS, so it is refused rather than downgraded.
        return refuse(problem, QStringLiteral("the proxy's scheme is %1, not http:// (CONNECT) or socks5://.")
                                   .arg(scheme.isEmpty() ? QStringLiteral("missing") : scheme));
    }
    proxy.setUser(url.userName(QUrl::FullyDecoded));
    proxy.setPassword(url.password(QUrl::FullyDecoded));
    return proxy;
}

QString ProxySettings::toUrl(const QNetworkProxy &proxy)
{
    QUrl url;
    url.setScheme(proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http"));
    url.setHost(proxy.hostName());
    url.setPort(proxy.port());
    url.setUserName(proxy.user());
    return url.toString();
}

QString proxyAddress(const QNetworkProxy &proxy)
{
    QUrl url;
    url.setHost(proxy.hostName());
    url.setPort(proxy.port());
    return url.authority();
}

QString describeProxy(const QNetworkProxy &proxy)
{
    return QStringLiteral("the proxy %1").arg(proxyAddress(proxy));
}

} // namespace signalr
