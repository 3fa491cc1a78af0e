#include "Negotiator.h"

#include "HubConnectionOptions.h"
#include "NetworkErrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace signalr {

namespace {

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

} // namespace

Negotiator::Negotiator(QNetworkAccessManager *network, const HubConnectionOptions &options,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
{
}

Negotiator::~Negotiator()
{
    abort();
}

QUrl Negotiator::negotiateUrl(const QUrl &hubUrl)
{
    QUrl url = hubUrl;
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QLatin1String("negotiate"));
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("negotiateVersion"));
    query.addQueryItem(QStringLiteral("negotiateVersion"), QStringLiteral("1"));
    url.setQuery(query);
    return url;
}

void Negotiator::start(const QUrl &hubUrl, const QString &accessToken)
{
    abort();
    m_redirects = 0;
    post(hubUrl, accessToken);
}

void Negotiator::abort()
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void Negotiator::post(const QUrl &hubUrl, const QString &accessToken)
{
    QUrl url = negotiateUrl(hubUrl);
    QUrlQuery query(url);
    // Stateful reconnect is asked for on negotiate; a server that does not allow it (or
    // predates it) simply does not answer `useStatefulReconnect`.
    if (m_options.statefulReconnect)
        query.addQueryItem(QStringLiteral("useStatefulReconnect"), QStringLiteral("true"));
    if (m_options.accessTokenInQuery && !accessToken.isEmpty()) {
        // Fully percent-encoded: a raw '+' would reach the server as a space.
        query.addQueryItem(QStringLiteral("access_token"), QString::fromLatin1(QUrl::toPercentEncoding(accessToken)));
    }
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain;charset=UTF-8"));
    if (!accessToken.isEmpty() && !m_options.accessTokenInQuery)
        request.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
    request.setTransferTimeout(m_options.negotiateTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = m_network->post(request, QByteArray());
    m_reply = reply;
    if (m_options.ignoreSslErrors) {
        connect(reply, &QNetworkReply::sslErrors, reply,
                [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    }
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, hubUrl, accessToken] { onFinished(reply, hubUrl, accessToken); });
}

void Negotiator::onFinished(QNetworkReply *reply, const QUrl &hubUrl, const QString &accessToken)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        if (status > 0 && reply->error() != QNetworkReply::TimeoutError)
            emit failed(fromHttpStatus(status, QStringLiteral("Negotiation"), hubUrl));
        else
            emit failed(fromNetworkReply(reply->error(), status, reply->errorString(), hubUrl));
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (!document.isObject()) {
        emit failed(ConnectionError::make(ConnectionError::Kind::Protocol,
                                          QStringLiteral("The negotiate answer from %1 is not a JSON object.")
                                              .arg(hubUrl.host())));
        return;
    }
    const QJsonObject answer = document.object();

    const QString serverError = answer.value(QLatin1String("error")).toString();
    if (!serverError.isEmpty()) {
        emit failed(ConnectionError::make(ConnectionError::Kind::NegotiateRejected,
                                          QStringLiteral("The server refused the connection: %1").arg(serverError)));
        return;
    }

    const QString redirectUrl = answer.value(QLatin1String("url")).toString();
    if (!redirectUrl.isEmpty()) {
        if (++m_redirects > m_options.maxNegotiateRedirects) {
            emit failed(ConnectionError::make(ConnectionError::Kind::Protocol,
                                              QStringLiteral("Negotiation redirected more than %1 times.")
                                                  .arg(m_options.maxNegotiateRedirects)));
            return;
        }
        const QUrl next(redirectUrl);
        if (!next.isValid() || (next.scheme() != QLatin1String("http") && next.scheme() != QLatin1String("https"))) {
            emit failed(ConnectionError::make(ConnectionError::Kind::Protocol,
                                              QStringLiteral("Negotiation redirected to an invalid URL: %1").arg(redirectUrl)));
            return;
        }
        const QJsonValue redirectToken = answer.value(QLatin1String("accessToken"));
        post(next, redirectToken.isString() ? redirectToken.toString() : accessToken);
        return;
    }

    if (!offersWebSockets(answer)) {
        emit failed(ConnectionError::make(ConnectionError::Kind::Protocol,
                                          QStringLiteral("The server at %1 does not offer the WebSockets transport.")
                                              .arg(hubUrl.host())));
        return;
    }

    NegotiateResult result;
    result.hubUrl = hubUrl;
    result.accessToken = accessToken;
    // Version 1 separates the connection token from the id; version 0 servers only send the id.
    result.connectionToken = answer.value(QLatin1String("connectionToken")).toString();
    if (answer.value(QLatin1String("negotiateVersion")).toInt() < 1 || result.connectionToken.isEmpty())
        result.connectionToken = answer.value(QLatin1String("connectionId")).toString();
    result.useStatefulReconnect = m_options.statefulReconnect
                                  && answer.value(QLatin1String("useStatefulReconnect")).toBool(false);
    emit succeeded(result);
}

} // namespace signalr
