#pragma once

#include "ConnectionError.h"

#include <QAbstractSocket>
#include <QNetworkProxy>
#include <QNetworkReply>

class QUrl;

namespace signalr {

// Turns Qt's many network error codes into one readable ConnectionError each, naming the
// host so that the user sees what was tried, and the proxy when it is the proxy that failed
// or refused (`proxy`: the one the request went through, NoProxy when none).
ConnectionError fromNetworkReply(QNetworkReply::NetworkError code, int httpStatus, const QString &qtMessage, const QUrl &url,
                                 const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy));
ConnectionError fromSocketError(QAbstractSocket::SocketError code, const QString &qtMessage, const QUrl &url,
                                const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy));
ConnectionError fromHttpStatus(int httpStatus, const QString &what, const QUrl &url);
// Errors that come from the proxy rather than from the hub (407 included).
bool isProxyError(QNetworkReply::NetworkError code);
// "host" or "host:port" ("[::1]:5001" for IPv6), as the messages name a host.
QString hostAndPort(const QUrl &url);

} // namespace signalr
