#include "NetworkErrors.h"

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

} // namespace

QString hostAndPort(const QUrl &url)
{
    const int port = url.port();
    return port > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(port) : url.host();
}

ConnectionError fromHttpStatus(int httpStatus, const QString &what, const QUrl &url)
{
    if (httpStatus == 401 || httpStatus == 403) {
        return ConnectionError::make(
            Kind::Unauthorized,
            QStringLiteral("%1 was refused by %2 with HTTP %3: the API key is wrong, expired or "
                           "lacks access.")
                .arg(what, hostAndPort(url))
                .arg(httpStatus),
            httpStatus);
    }
    return ConnectionError::make(
        Kind::Http, QStringLiteral("%1 failed: %2 answered HTTP %3.").arg(what, hostAndPort(url)).arg(httpStatus),
        httpStatus);
}

ConnectionError fromNetworkReply(QNetworkReply::NetworkError code, int httpStatus,
                                 const QString &qtMessage, const QUrl &url)
{
    switch (code) {
    case QNetworkReply::HostNotFoundError:
        return ConnectionError::make(Kind::HostNotFound,
                                     QStringLiteral("The host %1 could not be found (DNS).").arg(url.host()));
    case QNetworkReply::ConnectionRefusedError:
        return ConnectionError::make(Kind::ConnectionRefused,
                                     QStringLiteral("%1 refused the connection: is the address right and "
                                                    "the service running?")
                                         .arg(hostAndPort(url)));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return ConnectionError::make(Kind::Timeout,
                                     QStringLiteral("%1 did not answer in time.").arg(hostAndPort(url)));
    case QNetworkReply::SslHandshakeFailedError:
        return ConnectionError::make(Kind::Tls, QStringLiteral("The secure connection to %1 failed: %2")
                                                    .arg(hostAndPort(url), qtMessage));
    case QNetworkReply::RemoteHostClosedError:
        return ConnectionError::make(Kind::ConnectionLost,
                                     QStringLiteral("%1 closed the connection before answering.").arg(hostAndPort(url)));
    default:
        break;
    }
    if (httpStatus > 0)
        return fromHttpStatus(httpStatus, QStringLiteral("Negotiation"), url);
    return ConnectionError::make(Kind::ConnectionLost,
                                 QStringLiteral("Could not reach %1: %2").arg(hostAndPort(url), qtMessage));
}

ConnectionError fromSocketError(QAbstractSocket::SocketError code, const QString &qtMessage,
                                const QUrl &url)
{
    // First: Qt reports a refused upgrade (401, 503...) as ConnectionRefusedError, which
    // would read as "nothing listens there" and retry a wrong key forever.
    if (const int status = statusFromUpgradeMessage(qtMessage))
        return fromHttpStatus(status, QStringLiteral("The WebSocket upgrade"), url);
    switch (code) {
    case QAbstractSocket::HostNotFoundError:
        return fromNetworkReply(QNetworkReply::HostNotFoundError, 0, qtMessage, url);
    case QAbstractSocket::ConnectionRefusedError:
        return fromNetworkReply(QNetworkReply::ConnectionRefusedError, 0, qtMessage, url);
    case QAbstractSocket::SocketTimeoutError:
        return fromNetworkReply(QNetworkReply::TimeoutError, 0, qtMessage, url);
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return fromNetworkReply(QNetworkReply::SslHandshakeFailedError, 0, qtMessage, url);
    case QAbstractSocket::RemoteHostClosedError:
        return ConnectionError::make(Kind::ConnectionLost,
                                     QStringLiteral("%1 closed the connection.").arg(hostAndPort(url)));
    default:
        break;
    }
    return ConnectionError::make(Kind::ConnectionLost,
                                 QStringLiteral("The connection to %1 failed: %2").arg(hostAndPort(url), qtMessage));
}

} // namespace signalr
