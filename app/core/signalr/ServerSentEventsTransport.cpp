#include "ServerSentEventsTransport.h"

#include "HubConnectionOptions.h"
#include "HubNetwork.h"
#include "NetworkErrors.h"
#include "SignalRLogging.h"

#include <QNetworkReply>

namespace signalr {

using Kind = ConnectionError::Kind;

namespace {

// The reply's buffer while reads are paused: the HTTP layer stops reading from the socket
// once it holds this much, and the backlog stays with the server (TCP flow control).
constexpr qint64 PausedReadBufferSize = 64 * 1024;

} // namespace

ServerSentEventsTransport::ServerSentEventsTransport(HubNetwork *network, const HubConnectionOptions &options, QObject *parent)
    : HubTransport(parent)
    , m_network(network)
    , m_options(options)
    , m_parser(options.maxMessageSize)
{}

ServerSentEventsTransport::~ServerSentEventsTransport()
{
    close(false);
}

QNetworkRequest ServerSentEventsTransport::requestFor(const QByteArray &accept) const
{
    QNetworkRequest request = m_request;
    request.setRawHeader("Accept", accept);
    m_network->prepare(request);
    // Never followed: a redirect would take the bearer header elsewhere (Negotiator checks
    // each of its own; the connection's requests have no reason to be redirected).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

void ServerSentEventsTransport::watchCertificate(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &) {
        if (m_options.ignoreSslErrors)
            reply->ignoreSslErrors();
        else
            m_untrustedChain = reply->sslConfiguration().peerCertificateChain();
    });
}

void ServerSentEventsTransport::open(const QNetworkRequest &request)
{
    m_request = request;
    QNetworkRequest get = requestFor("text/event-stream");
    get.setRawHeader("Cache-Control", "no-cache");
    // The stream stays open for the connection's life; the hub's pings (and the session's
    // server timeout) tell a dead one.
    get.setTransferTimeout(0);
    m_stream = m_network->get(get);
    watchCertificate(m_stream);
    connect(m_stream, &QNetworkReply::metaDataChanged, this, &ServerSentEventsTransport::onStreamHeaders);
    connect(m_stream, &QNetworkReply::readyRead, this, &ServerSentEventsTransport::readStream);
    connect(m_stream, &QNetworkReply::finished, this, &ServerSentEventsTransport::onStreamFinished);
}

void ServerSentEventsTransport::onStreamHeaders()
{
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_opened || status != 200)
        return; // a refusal is told by finished()
    m_opened = true;
    qCDebug(lcSignalR) << "event stream open:" << m_stream->url().adjusted(QUrl::RemoveQuery);
    emit opened();
}

void ServerSentEventsTransport::readStream()
{
    if (m_closed || m_readsPaused || !m_opened)
        return;
    QList<QByteArray> events;
    if (!m_parser.append(m_stream->readAll(), events)) {
        fail(ConnectionError::make(Kind::Protocol, m_parser.errorString()));
        return;
    }
    QPointer<ServerSentEventsTransport> alive(this);
    for (const QByteArray &event : std::as_const(events)) {
        emit bytesReceived(event);
        if (!alive || m_closed)
            return;
    }
}

void ServerSentEventsTransport::onStreamFinished()
{
    if (m_closed)
        return;
    // Events that came with the end (a Close message) first, paused or not.
    m_readsPaused = false;
    readStream();
    if (m_closed)
        return;
    if (!m_opened) {
        fail(errorOf(m_stream, QStringLiteral("The event stream request")));
        return;
    }
    fail(ConnectionError::make(Kind::ConnectionLost,
                               m_stream->error() == QNetworkReply::NoError
                                   ? QStringLiteral("%1 ended the event stream.").arg(hostAndPort(m_stream->url()))
                                   : QStringLiteral("The event stream from %1 broke off: %2")
                                         .arg(hostAndPort(m_stream->url()), m_stream->errorString())));
}

void ServerSentEventsTransport::send(const QByteArray &bytes)
{
    m_outbox.push_back(bytes);
    if (!m_post)
        postNext();
}

void ServerSentEventsTransport::postNext()
{
    if (m_closed || m_outbox.empty())
        return;
    QNetworkRequest post = requestFor("*/*");
    post.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain;charset=UTF-8"));
    post.setTransferTimeout(m_options.negotiateTimeoutMs);
    QNetworkReply *reply = m_network->post(post, m_outbox.front());
    m_post = reply;
    watchCertificate(reply);
    // Deleted when done, also after this transport is gone: a Close message sent just
    // before a graceful close still reaches the server.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPostFinished(reply); });
}

void ServerSentEventsTransport::onPostFinished(QNetworkReply *reply)
{
    if (m_closed)
        return;
    // Not out any more, although deleted only later: the next send goes at once.
    m_post = nullptr;
    if (reply->error() != QNetworkReply::NoError) {
        fail(errorOf(reply, QStringLiteral("Sending a message")));
        return;
    }
    m_outbox.pop_front();
    postNext();
}

ConnectionError ServerSentEventsTransport::errorOf(QNetworkReply *reply, const QString &what) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl url = reply->url();
    if (status == 404) {
        return ConnectionError::make(
            Kind::ConnectionLost,
            QStringLiteral("The server no longer knows the connection (%1 answered 404).").arg(what.toLower()), status);
    }
    ConnectionError error = status > 0 && reply->error() != QNetworkReply::TimeoutError && !isProxyError(reply->error())
                                ? fromHttpStatus(status, what, url)
                                : fromNetworkReply(reply->error(), status, reply->errorString(), url, m_network->proxyFor(url));
    if (error.kind == Kind::Tls)
        error.peerCertificateChain = m_untrustedChain;
    return error;
}

void ServerSentEventsTransport::fail(const ConnectionError &reason)
{
    if (m_closed)
        return;
    close(false);
    TransportClosure closure;
    closure.reason = reason;
    emit closed(closure);
}

void ServerSentEventsTransport::pauseReads(bool paused)
{
    if (m_readsPaused == paused || !m_stream)
        return;
    m_readsPaused = paused;
    m_stream->setReadBufferSize(paused ? PausedReadBufferSize : 0);
    if (!paused)
        QMetaObject::invokeMethod(this, &ServerSentEventsTransport::readStream, Qt::QueuedConnection);
}

void ServerSentEventsTransport::close(bool graceful)
{
    Q_UNUSED(graceful) // ending the stream is how the connection ends (TransportProtocols.md)
    if (m_closed)
        return;
    m_closed = true;
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream->deleteLater();
    }
    // A send still out goes on by itself (and deletes itself); the rest are moot.
    if (m_post)
        m_post->disconnect(this);
    m_outbox.clear();
}

} // namespace signalr
