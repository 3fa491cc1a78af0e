#include "NegotiateAnswer.h"

#include "NetworkErrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace signalr {

namespace {

using Kind = ConnectionError::Kind;

OfferedTransports offeredTransports(const QJsonObject &answer)
{
    const QJsonValue transports = answer.value(QLatin1String("availableTransports"));
    // A server that does not list transports (or an old one) is given the benefit of the doubt.
    if (!transports.isArray())
        return OfferedTransports{true, true, false};
    OfferedTransports offered;
    for (const QJsonValue &entry : transports.toArray()) {
        const QJsonObject transport = entry.toObject();
        const QString name = transport.value(QLatin1String("transport")).toString();
        const QJsonArray formats = transport.value(QLatin1String("transferFormats")).toArray();
        // An entry without formats is read as offering both, as before formats were listed.
        const bool text = formats.isEmpty() || formats.contains(QLatin1String("Text"));
        const bool binary = formats.isEmpty() || formats.contains(QLatin1String("Binary"));
        if (name == QLatin1String("WebSockets")) {
            offered.webSocketsText = offered.webSocketsText || text;
            offered.webSocketsBinary = offered.webSocketsBinary || binary;
        } else if (name == QLatin1String("ServerSentEvents")) {
            offered.serverSentEvents = offered.serverSentEvents || text;
        }
    }
    return offered;
}

NegotiateAnswer failure(Kind kind, const QString &message)
{
    NegotiateAnswer answer;
    answer.error = ConnectionError::make(kind, message);
    return answer;
}

} // namespace

NegotiateAnswer NegotiateAnswer::parse(int httpStatus, const QByteArray &body, const QUrl &from)
{
    if (httpStatus < 200 || httpStatus >= 300) {
        NegotiateAnswer answer;
        answer.error = fromHttpStatus(httpStatus, QStringLiteral("Negotiation"), from);
        return answer;
    }
    if (body.size() > MaxBodySize) {
        NegotiateAnswer answer;
        answer.error = tooLarge(from);
        return answer;
    }
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject()) {
        return failure(Kind::Protocol,
                       QStringLiteral("The negotiate answer from %1 is not a JSON object.").arg(hostAndPort(from)));
    }
    const QJsonObject object = document.object();

    const QString serverError = object.value(QLatin1String("error")).toString();
    if (!serverError.isEmpty())
        return failure(Kind::NegotiateRejected, QStringLiteral("The server refused the connection: %1").arg(serverError));

    const QString redirect = object.value(QLatin1String("url")).toString();
    if (!redirect.isEmpty()) {
        const QUrl url(redirect, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            return failure(Kind::Protocol,
                           QStringLiteral("Negotiation redirected to an invalid URL: %1").arg(redirect.left(200)));
        }
        NegotiateAnswer answer;
        answer.type = Type::Redirect;
        answer.redirectUrl = url;
        const QJsonValue token = object.value(QLatin1String("accessToken"));
        if (token.isString())
            answer.redirectToken = token.toString();
        return answer;
    }

    const OfferedTransports transports = offeredTransports(object);
    if (!transports.any()) {
        return failure(Kind::Protocol,
                       QStringLiteral("The server at %1 offers neither the WebSockets nor the Server-Sent Events transport.")
                           .arg(hostAndPort(from)));
    }
    NegotiateAnswer answer;
    answer.type = Type::Connect;
    answer.transports = transports;
    // Version 1 separates the connection token from the id; version 0 servers only send the id.
    answer.connectionToken = object.value(QLatin1String("connectionToken")).toString();
    if (object.value(QLatin1String("negotiateVersion")).toInt() < 1 || answer.connectionToken.isEmpty())
        answer.connectionToken = object.value(QLatin1String("connectionId")).toString();
    answer.offersStatefulReconnect = object.value(QLatin1String("useStatefulReconnect")).toBool(false);
    return answer;
}

ConnectionError NegotiateAnswer::tooLarge(const QUrl &from)
{
    return ConnectionError::make(
        Kind::Protocol,
        QStringLiteral("The negotiate answer from %1 is larger than %2 bytes.").arg(hostAndPort(from)).arg(MaxBodySize));
}

} // namespace signalr
