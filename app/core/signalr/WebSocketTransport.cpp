#include "WebSocketTransport.h"

#include "HubConnectionOptions.h"
#include "HubNetwork.h"
#include "NetworkErrors.h"
#include "WebSocketText.h"

#include <QWebSocket>

namespace signalr {

using Kind = ConnectionError::Kind;

namespace {

// The read buffer while paused. Not 0 (unlimited) and small: QAbstractSocket stops
// reading once its buffer holds this much, and QWebSocket (6.4) takes a frame out of the
// buffer only once it is complete, so a frame larger than this waits for the resume
// (setReadBufferSize(0) re-enables the read notifier). A limit kept for good would
// deadlock on frames larger than it (history pages are ~450 KB): the resume does not
// depend on the socket, only on the session's inbox draining.
constexpr qint64 PausedReadBufferSize = 1;

} // namespace

WebSocketTransport::WebSocketTransport(HubNetwork *network, const HubConnectionOptions &options,
                                       HubProtocol::TransferFormat format, QObject *parent)
    : HubTransport(parent)
    , m_network(network)
    , m_options(options)
    , m_format(format)
{}

WebSocketTransport::~WebSocketTransport()
{
    close(false);
}

QUrl WebSocketTransport::webSocketUrl(const QUrl &connectionUrl)
{
    QUrl url = connectionUrl;
    url.setScheme(connectionUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return url;
}

void WebSocketTransport::open(const QNetworkRequest &httpRequest)
{
    m_url = webSocketUrl(httpRequest.url());
    QNetworkRequest request = httpRequest;
    request.setUrl(m_url);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    // The transport enforces the limit per WebSocket message; the framing enforces it per
    // record, which may span messages.
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageSize) + 1);
    m_network->prepare(m_socket, m_url);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_opened = true;
        emit opened();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { emit bytesReceived(utf8FromWebSocketText(text)); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &HubTransport::bytesReceived);
    connect(m_socket, &QWebSocket::disconnected, this, &WebSocketTransport::onDisconnected);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError code) {
                if (m_error.kind == Kind::None)
                    m_error = fromSocketError(code, m_socket->errorString(), m_url, m_network->proxyFor(m_url));
                // Qt 6.4's QWebSocket reports an upgrade answered with an HTTP status other
                // than 101 (404 or 409 to a resume the server forgot) by this error alone and
                // keeps the TCP connection: without this, the session waited for its
                // handshake timeout (15 s) with nothing else to come.
                if (!m_opened)
                    QMetaObject::invokeMethod(this, &WebSocketTransport::onOpeningFailed, Qt::QueuedConnection);
            });
    connect(m_socket, &QWebSocket::sslErrors, this, &WebSocketTransport::onSslErrors);
    m_socket->open(request);
}

void WebSocketTransport::onSslErrors(const QList<QSslError> &errors)
{
    if (m_options.ignoreSslErrors) {
        m_socket->ignoreSslErrors();
        return;
    }
    QStringList texts;
    for (const QSslError &error : errors)
        texts << error.errorString();
    m_error = ConnectionError::make(
        Kind::Tls,
        QStringLiteral("The certificate of %1 is not trusted: %2").arg(m_url.host(), texts.join(QStringLiteral("; "))));
    m_error.peerCertificateChain = m_socket->sslConfiguration().peerCertificateChain();
}

void WebSocketTransport::send(const QByteArray &bytes)
{
    if (m_format == HubProtocol::TransferFormat::Text)
        m_socket->sendTextMessage(QString::fromUtf8(bytes));
    else
        m_socket->sendBinaryMessage(bytes);
}

void WebSocketTransport::pauseReads(bool paused)
{
    if (m_socket)
        m_socket->setReadBufferSize(paused ? PausedReadBufferSize : 0);
}

void WebSocketTransport::close(bool graceful)
{
    m_closed = true;
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    if (graceful)
        m_socket->close();
    else
        m_socket->abort();
}

void WebSocketTransport::onOpeningFailed()
{
    if (!m_opened && m_socket->state() != QAbstractSocket::ConnectedState)
        onDisconnected();
}

void WebSocketTransport::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_socket->disconnect(this);
    TransportClosure closure;
    const int closeCode = int(m_socket->closeCode());
    if (closeCode == QWebSocketProtocol::CloseCodeTooMuchData) {
        closure.reason = ConnectionError::make(
            Kind::Protocol,
            QStringLiteral("The server sent a message larger than the limit of %1 bytes.").arg(m_options.maxMessageSize));
        emit closed(closure);
        return;
    }
    // A TCP connect that fails (refused, unknown host) emits disconnected before error:
    // the socket already knows why, and "closed with status code 1000" would hide it.
    if (m_error.kind == Kind::None && !m_opened && m_socket->error() != QAbstractSocket::UnknownSocketError)
        m_error = fromSocketError(m_socket->error(), m_socket->errorString(), m_url, m_network->proxyFor(m_url));
    closure.reason = m_error;
    if (closure.reason.kind == Kind::None) {
        const QString text = m_socket->closeReason();
        closure.reason =
            ConnectionError::make(Kind::ConnectionLost, QStringLiteral("The WebSocket closed with status code %1%2.")
                                                            .arg(closeCode)
                                                            .arg(text.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(text)));
    }
    // A close frame with an error code (1011 and the like) is the server ending the
    // connection on purpose ("the connection should be considered terminated",
    // TransportProtocols.md): reopening it would only wait for a 404. Resumable: aborts
    // (Qt reports 1000 or 1006), network errors, 1001 going away.
    closure.resumable = m_error.kind != Kind::None || closeCode == QWebSocketProtocol::CloseCodeNormal
                        || closeCode == QWebSocketProtocol::CloseCodeGoingAway
                        || closeCode == QWebSocketProtocol::CloseCodeAbnormalDisconnection;
    closure.unreadableText = m_error.kind == Kind::None && closeCode == QWebSocketProtocol::CloseCodeWrongDatatype;
    emit closed(closure);
}

} // namespace signalr
