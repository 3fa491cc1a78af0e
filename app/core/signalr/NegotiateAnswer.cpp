#include "NegotiateAnswer.h"

#include "NetworkErrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace signalr {

namespace {

using Kind = ConnectionError::Kind;

bool offersWebSockets(const QJsonObject &answer)
{
    const QJsonValue transports = answer.value(QLatin1String("availableTransports"));
    // A server that does not list transports (or an old one) is given the benefit of the doubt.
    if (!transports.isArray())
        return true;
    for (const QJsonValue &transport : transports.toArray()) {
        if (transport.toObject().value(QLatin1String("transport")).toString() == QLatin1String("WebSockets"))
            return true;
    }
    return false;
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
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
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

    if (!offersWebSockets(object)) {
        return failure(Kind::Protocol, QStringLiteral("The server at %1 does not offer the WebSockets transport.")
                                           .arg(hostAndPort(from)));
    }
    NegotiateAnswer answer;
    answer.type = Type::Connect;
    // Version 1 separates the connection token from the id; version 0 servers only send the id.
    answer.connectionToken = object.value(QLatin1String("connectionToken")).toString();
    if (object.value(QLatin1String("negotiateVersion")).toInt() < 1 || answer.connectionToken.isEmpty())
        answer.connectionToken = object.value(QLatin1String("connectionId")).toString();
    answer.offersStatefulReconnect = object.value(QLatin1String("useStatefulReconnect")).toBool(false);
    return answer;
}

ConnectionError NegotiateAnswer::tooLarge(const QUrl &from)
{
    return ConnectionError::make(Kind::Protocol, QStringLiteral("The negotiate answer from %1 is larger than %2 bytes.")
                                                     .arg(hostAndPort(from))
                                                     .arg(MaxBodySize));
}

} // namespace signalr
