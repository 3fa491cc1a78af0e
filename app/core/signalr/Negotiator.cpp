#include "Negotiator.h"

#include "CredentialScope.h"
#include "HubConnectionOptions.h"
#include "HubNetwork.h"
#include "NegotiateAnswer.h"
#include "NetworkErrors.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace signalr {

Negotiator::Negotiator(HubNetwork *network, const HubConnectionOptions &options, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
{}

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
    m_scope = std::make_unique<CredentialScope>(hubUrl, accessToken, m_options.allowInsecureHttp);
    post(hubUrl);
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

void Negotiator::fail(const ConnectionError &error)
{
    abort();
    emit failed(error);
}

void Negotiator::post(const QUrl &hubUrl)
{
    const QString &accessToken = m_scope->token();
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
    m_network->prepare(request);
    // Every HTTP redirect is checked here: Qt's NoLessSafeRedirectPolicy would take the
    // Authorization header (and a token in the query) to any other host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);

    QNetworkReply *reply = m_network->post(request, QByteArray());
    m_reply = reply;
    m_untrustedChain.clear();
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &) {
        if (m_options.ignoreSslErrors)
            reply->ignoreSslErrors();
        else
            m_untrustedChain = reply->sslConfiguration().peerCertificateChain();
    });
    // Against the URL asked for: by the time `redirected` arrives, reply->url() already is
    // the target. Only same-origin redirects go on, so a chain of them stays on this origin.
    connect(reply, &QNetworkReply::redirected, this, [this, reply, url](const QUrl &target) {
        if (auto refused = CredentialScope::checkHttpRedirect(url, target))
            fail(*refused);
        else
            emit reply->redirectAllowed();
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        if (received > NegotiateAnswer::MaxBodySize || total > NegotiateAnswer::MaxBodySize)
            fail(NegotiateAnswer::tooLarge(reply->url()));
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, hubUrl] { onFinished(reply, hubUrl); });
}

void Negotiator::onFinished(QNetworkReply *reply, const QUrl &hubUrl)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;

    // The URL that answered (after any same-origin redirect) is the one messages name.
    const QUrl answered = reply->url();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError) {
        // A proxy's refusal names the proxy, whatever status came with it.
        ConnectionError error =
            status > 0 && reply->error() != QNetworkReply::TimeoutError && !isProxyError(reply->error())
                ? fromHttpStatus(status, QStringLiteral("Negotiation"), answered)
                : fromNetworkReply(reply->error(), status, reply->errorString(), answered, m_network->proxyFor(answered));
        if (error.kind == ConnectionError::Kind::Tls)
            error.peerCertificateChain = m_untrustedChain;
        emit failed(error);
        return;
    }

    const NegotiateAnswer answer = NegotiateAnswer::parse(status, reply->read(NegotiateAnswer::MaxBodySize + 1), answered);
    switch (answer.type) {
    case NegotiateAnswer::Type::Failed: emit failed(answer.error); return;
    case NegotiateAnswer::Type::Redirect:
        if (++m_redirects > m_options.maxNegotiateRedirects) {
            emit failed(ConnectionError::make(
                ConnectionError::Kind::Protocol,
                QStringLiteral("Negotiation redirected more than %1 times.").arg(m_options.maxNegotiateRedirects)));
            return;
        }
        if (auto refused = m_scope->follow(hubUrl, answer.redirectUrl, answer.redirectToken)) {
            emit failed(*refused);
            return;
        }
        post(answer.redirectUrl);
        return;
    case NegotiateAnswer::Type::Connect: break;
    }

    NegotiateResult result;
    result.hubUrl = hubUrl;
    result.accessToken = m_scope->token();
    result.connectionToken = answer.connectionToken;
    result.useStatefulReconnect = m_options.statefulReconnect && answer.offersStatefulReconnect;
    result.transports = answer.transports;
    emit succeeded(result);
}

} // namespace signalr
