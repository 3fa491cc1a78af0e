#pragma once

#include "ConnectionError.h"

#include <QAbstractSocket>
#include <QNetworkReply>

class QUrl;

namespace signalr {

// Turns Qt's many network error codes into one readable ConnectionError each, naming the
// host so that the user sees what was tried.
ConnectionError fromNetworkReply(QNetworkReply::NetworkError code, int httpStatus,
                                 const QString &qtMessage, const QUrl &url);
ConnectionError fromSocketError(QAbstractSocket::SocketError code, const QString &qtMessage,
                                const QUrl &url);
ConnectionError fromHttpStatus(int httpStatus, const QString &what, const QUrl &url);
// "host" or "host:port", as the messages name a host.
QString hostAndPort(const QUrl &url);

} // namespace signalr
