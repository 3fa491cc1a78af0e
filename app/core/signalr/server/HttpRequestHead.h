#pragma once

#include <QByteArray>
#include <QMap>
#include <QUrl>

namespace signalr::server {

// The request line and headers of an HTTP/1.1 request: all the hub server needs to route
// negotiate and the WebSocket upgrade.
struct HttpRequestHead
{
    QByteArray method;
    QUrl url; // path and query only
    QMap<QByteArray, QByteArray> headers; // names lower-cased
    qsizetype headLength = 0;             // bytes up to and including the blank line

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    bool isWebSocketUpgrade() const;
    // From "Authorization: Bearer X" or the access_token query parameter.
    QString bearerToken() const;

    // Parses a complete head from the start of `bytes`. Returns false while the blank line
    // has not arrived yet or when the head is malformed (`malformed` tells which).
    static bool parse(const QByteArray &bytes, HttpRequestHead &head, bool &malformed);
};

QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body);

} // namespace signalr::server
