#include "HttpRequestHead.h"

#include <QUrlQuery>

namespace signalr::server {

bool HttpRequestHead::isWebSocketUpgrade() const
{
    return header("upgrade").toLower() == "websocket";
}

QString HttpRequestHead::bearerToken() const
{
    const QByteArray authorization = header("authorization");
    if (authorization.startsWith("Bearer "))
        return QString::fromUtf8(authorization.mid(7).trimmed());
    return QUrlQuery(url).queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded);
}

bool HttpRequestHead::parse(const QByteArray &bytes, HttpRequestHead &head, bool &malformed)
{
    malformed = false;
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = bytes.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        malformed = true;
        return false;
    }
    head.method = requestLine.at(0);
    head.url = QUrl::fromEncoded(requestLine.at(1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            malformed = true;
            return false;
        }
        head.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    head.headLength = end + 4;
    return true;
}

QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body)
{
    QByteArray reason;
    switch (status) {
    case 200: reason = "OK"; break;
    case 400: reason = "Bad Request"; break;
    case 401: reason = "Unauthorized"; break;
    case 403: reason = "Forbidden"; break;
    case 404: reason = "Not Found"; break;
    case 405: reason = "Method Not Allowed"; break;
    default: reason = "Error"; break;
    }
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    if (!contentType.isEmpty())
        response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    return response + body;
}

} // namespace signalr::server
