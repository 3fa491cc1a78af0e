#include "HandshakeProtocol.h"

#include "TextRecordFraming.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace signalr::HandshakeProtocol {

QByteArray writeRequest(const QString &protocolName, int version)
{
    const QJsonObject request{{QLatin1String("protocol"), protocolName}, {QLatin1String("version"), version}};
    return TextRecordFraming::frame(QJsonDocument(request).toJson(QJsonDocument::Compact));
}

bool parseRequest(const QByteArray &record, Request &request, QString &error)
{
    const QJsonDocument document = QJsonDocument::fromJson(record);
    const QJsonObject object = document.object();
    if (!document.isObject() || !object.value(QLatin1String("protocol")).isString()
        || !object.value(QLatin1String("version")).isDouble()) {
        error = QStringLiteral("The handshake request is malformed.");
        return false;
    }
    request.protocol = object.value(QLatin1String("protocol")).toString();
    request.version = object.value(QLatin1String("version")).toInt();
    return true;
}

bool parseResponse(const QByteArray &record, QString &error)
{
    const QJsonDocument document = QJsonDocument::fromJson(record);
    if (!document.isObject()) {
        error = QStringLiteral("The server's handshake response is not a JSON object.");
        return false;
    }
    const QJsonValue serverError = document.object().value(QLatin1String("error"));
    if (serverError.isString() && !serverError.toString().isEmpty()) {
        error = serverError.toString();
        return false;
    }
    return true;
}

QByteArray writeResponse(const QString &error)
{
    QJsonObject response;
    if (!error.isEmpty())
        response.insert(QLatin1String("error"), error);
    return TextRecordFraming::frame(QJsonDocument(response).toJson(QJsonDocument::Compact));
}

} // namespace signalr::HandshakeProtocol
