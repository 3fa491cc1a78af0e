#include "NetworkErrors.h"

#include "ProxySettings.h"

#include <QRegularExpression>
#include <QUrl>

namespace signalr {

namespace {

using Kind = ConnectionError::Kind;

// Qt reports a refused WebSocket upgrade only as text ("...status code: 401 ..."); the
// status is in there and matters (401 must not be retried).
int statusFromUpgradeMessage(const QString &message)
{
    static const QRegularExpression pattern(QStringLiteral("status code:?\\s*(\\d{3})\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(message);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

ConnectionError proxyError(QNetworkReply::NetworkError code, const QString &qtMessage, const QUrl &url,
                           const QNetworkProxy &proxy)
{
    const QString name = describeProxy(proxy);
    const QString hub = hostAndPort(url);
    switch (code) {
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return ConnectionError::make(Kind::ProxyUnauthorized,
                                     QStringLiteral("%1 refused to connect to %2: it wants proxy credentials it was "
                                                    "not given or did not accept (HTTP 407). The hub was not reached.")
                                         .arg(name, hub),
                                     407);
    case QNetworkReply::ProxyConnectionRefusedError:
        return ConnectionError::make(Kind::Proxy,
                                     QStringLiteral("%1 refused the connection: is the proxy's address right and is it "
                                                    "running? The hub %2 was not reached.")
                                         .arg(name, hub));
    case QNetworkReply::ProxyNotFoundError:
        return ConnectionError::make(Kind::Proxy,
                                     QStringLiteral("%1 could not be found (DNS). The hub %2 was not reached.").arg(name, hub));
    case QNetworkReply::ProxyTimeoutError:
        return ConnectionError::make(Kind::Proxy,
                                     QStringLiteral("%1 did not answer in time. The hub %2 was not reached.").arg(name, hub));
    case QNetworkReply::ProxyConnectionClosedError:
        return ConnectionError::make(Kind::Proxy, QStringLiteral("%1 closed the connection to %2 early.").arg(name, hub));
    default:
        return ConnectionError::make(Kind::Proxy, QStringLiteral("%1 failed on the way to %2: %3").arg(name, hub, qtMessage));
    }
}

QNetworkReply::NetworkError replyCodeOf(QAbstractSocket::SocketError code)
{
    switch (code) {
    case QAbstractSocket::ProxyAuthenticationRequiredError: return QNetworkReply::ProxyAuthenticationRequiredError;
    case QAbstractSocket::ProxyConnectionRefusedError: return QNetworkReply::ProxyConnectionRefusedError;
    case QAbstractSocket::ProxyConnectionClosedError: return QNetworkReply::ProxyConnectionClosedError;
    case QAbstractSocket::ProxyConnectionTimeoutError: return QNetworkReply::ProxyTimeoutError;
    case QAbstractSocket::ProxyNotFoundError: return QNetworkReply::ProxyNotFoundError;
    default: return QNetworkReply::UnknownProxyError;
    }
}

bool isProxySocketError(QAbstractSocket::SocketError code)
{
    switch (code) {
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError: return true;
    default: return false;
    }
}

bool usesProxy(const QNetworkProxy &proxy)
{
    return proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::Socks5Proxy;
}

} // namespace

bool isProxyError(QNetworkReply::NetworkError code)
{
    return code >= QNetworkReply::ProxyConnectionRefusedError && code <= QNetworkReply::UnknownProxyError;
}

QString hostAndPort(const QUrl &url)
{
    // QUrl's authority brackets an IPv6 address; the user info never belongs in a message.
    return url.adjusted(QUrl::RemoveUserInfo).authority();
}

ConnectionError fromHttpStatus(int httpStatus, const QString &what, const QUrl &url)
{
    if (httpStatus == 407) {
        return ConnectionError::make(Kind::ProxyUnauthorized,
                                     QStringLiteral("%1 to %2 was refused by a proxy on the way with HTTP 407: it wants "
                                                    "proxy credentials it was not given or did not accept.")
                                         .arg(what, hostAndPort(url)),
                                     httpStatus);
    }
    if (httpStatus == 401 || httpStatus == 403) {
        return ConnectionError::make(Kind::Unauthorized,
                                     QStringLiteral("%1 was refused by %2 with HTTP %3: the API key is wrong, expired or "
                                                    "lacks access.")
                                         .arg(what, hostAndPort(url))
                                         .arg(httpStatus),
                                     httpStatus);
    }
    return ConnectionError::make(
        Kind::Http, QStringLiteral("%1 failed: %2 answered HTTP %3.").arg(what, hostAndPort(url)).arg(httpStatus), httpStatus);
}

ConnectionError fromNetworkReply(QNetworkReply::NetworkError code, int httpStatus, const QString &qtMessage, const QUrl &url,
                                 const QNetworkProxy &proxy)
{
    // Through a proxy the only TCP peer is the proxy, and Qt 6.4's HTTP stack reports most of
    // its failures ("Proxy connection refused") as UnknownNetworkError.
    if (isProxyError(code) || (code == QNetworkReply::UnknownNetworkError && usesProxy(proxy)))
        return proxyError(code, qtMessage, url, proxy);
    if (usesProxy(proxy) && (code == QNetworkReply::ConnectionRefusedError || code == QNetworkReply::HostNotFoundError)) {
        // The proxy answered the CONNECT with 503 or 404: it was reached, the hub was not.
        ConnectionError error = fromNetworkReply(code, httpStatus, qtMessage, url);
        error.message += QStringLiteral(" (%1 could not reach it.)").arg(describeProxy(proxy));
        return error;
    }
    switch (code) {
    case QNetworkReply::HostNotFoundError:
        return ConnectionError::make(Kind::HostNotFound, QStringLiteral("The host %1 could not be found (DNS).").arg(url.host()));
    case QNetworkReply::ConnectionRefusedError:
        return ConnectionError::make(Kind::ConnectionRefused,
                                     QStringLiteral("%1 refused the connection: is the address right and "
                                                    "the service running?")
                                         .arg(hostAndPort(url)));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return ConnectionError::make(Kind::Timeout, QStringLiteral("%1 did not answer in time.").arg(hostAndPort(url)));
    case QNetworkReply::SslHandshakeFailedError:
        return ConnectionError::make(Kind::Tls,
                                     QStringLiteral("The secure connection to %1 failed: %2").arg(hostAndPort(url), qtMessage));
    case QNetworkReply::RemoteHostClosedError:
        return ConnectionError::make(Kind::ConnectionLost,
                                     QStringLiteral("%1 closed the connection before answering.").arg(hostAndPort(url)));
    default: break;
    }
    if (httpStatus > 0)
        return fromHttpStatus(httpStatus, QStringLiteral("Negotiation"), url);
    return ConnectionError::make(Kind::ConnectionLost, QStringLiteral("Could not reach %1: %2").arg(hostAndPort(url), qtMessage));
}

ConnectionError fromSocketError(QAbstractSocket::SocketError code, const QString &qtMessage, const QUrl &url,
                                const QNetworkProxy &proxy)
{
    if (isProxySocketError(code))
        return proxyError(replyCodeOf(code), qtMessage, url, proxy);
    // An HTTP proxy answers a CONNECT it will not make with 403 or 405, which Qt reports as
    // an access error: the proxy's rule, not the hub's.
    if (code == QAbstractSocket::SocketAccessError && usesProxy(proxy)) {
        return ConnectionError::make(
            Kind::Proxy,
            QStringLiteral("%1 denied the connection to %2: %3").arg(describeProxy(proxy), hostAndPort(url), qtMessage));
    }
    // First: Qt reports a refused upgrade (401, 503...) as ConnectionRefusedError, which
    // would read as "nothing listens there" and retry a wrong key forever.
    if (const int status = statusFromUpgradeMessage(qtMessage))
        return fromHttpStatus(status, QStringLiteral("The WebSocket upgrade"), url);
    switch (code) {
    case QAbstractSocket::HostNotFoundError: return fromNetworkReply(QNetworkReply::HostNotFoundError, 0, qtMessage, url, proxy);
    case QAbstractSocket::ConnectionRefusedError:
        return fromNetworkReply(QNetworkReply::ConnectionRefusedError, 0, qtMessage, url, proxy);
    case QAbstractSocket::SocketTimeoutError: return fromNetworkReply(QNetworkReply::TimeoutError, 0, qtMessage, url);
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return fromNetworkReply(QNetworkReply::SslHandshakeFailedError, 0, qtMessage, url);
    case QAbstractSocket::RemoteHostClosedError:
        return ConnectionError::make(Kind::ConnectionLost, QStringLiteral("%1 closed the connection.").arg(hostAndPort(url)));
    default: break;
    }
    return ConnectionError::make(Kind::ConnectionLost,
                                 QStringLiteral("The connection to %1 failed: %2").arg(hostAndPort(url), qtMessage));
}

} // namespace signalr
