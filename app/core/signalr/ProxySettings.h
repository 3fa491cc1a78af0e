#pragma once

#include <QNetworkProxy>
#include <QString>

#include <optional>

namespace signalr {

// How a connection reaches the hub: through the proxy the system names (the default: the
// desktop's settings, or https_proxy/http_proxy/no_proxy), straight, or through one proxy
// the user named.
struct ProxySettings
{
    enum class Mode { System, None, Explicit };

    Mode mode = Mode::System;
    // Explicit only: an HTTP proxy (always used through CONNECT) or a SOCKS5 proxy, with
    // the credentials its URL carried, if any.
    QNetworkProxy proxy;

    static ProxySettings system() { return {}; }
    static ProxySettings none() { return {Mode::None, QNetworkProxy(QNetworkProxy::NoProxy)}; }
    static ProxySettings explicitProxy(const QNetworkProxy &proxy) { return {Mode::Explicit, proxy}; }

    // "http://[user:password@]host[:port]" (port 8080 when missing, as Qt reads http_proxy)
    // or "socks5://..." (port 1080; "socks5h" is the same: host names are always resolved by
    // the proxy, which may know hosts this machine does not). Anything else is nullopt with
    // `problem` saying why.
    static std::optional<QNetworkProxy> parseUrl(const QString &text, QString *problem = nullptr);
    // The proxy as a URL without its password, for settings and messages.
    static QString toUrl(const QNetworkProxy &proxy);
};

// "host:port", an IPv6 host in brackets.
QString proxyAddress(const QNetworkProxy &proxy);
// "the proxy host:port" as messages name it.
QString describeProxy(const QNetworkProxy &proxy);

} // namespace signalr
