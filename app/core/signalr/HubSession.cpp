#include "HubSession.h"

#include "CredentialScope.h"
#include "HandshakeProtocol.h"
#include "HubConnectionOptions.h"
#include "HubNetwork.h"
#include "HubProtocol.h"
#include "Negotiator.h"
#include "NetworkErrors.h"
#include "SignalRLogging.h"
#include "StatefulReconnectBuffer.h"
#include "TextRecordFraming.h"
#include "WebSocketText.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrlQuery>
#include <QWebSocket>

namespace signalr {

using Kind = ConnectionError::Kind;

namespace {

// How long one turn of the event loop may spend dispatching received records before
// yielding (to the UI, timers, the socket). A turn handles a few hundred events at most.
constexpr qint64 DispatchBudgetNs = 5'000'000;
// Reading pauses while the inbox holds more than this, and resumes once it is back under
// the low mark: about 2,000 events of 475 bytes at most waiting in the client.
constexpr qint64 InboxHighWater = 1024 * 1024;
constexpr qint64 InboxLowWater = 256 * 1024;
// The read buffer while paused. Not 0 (unlimited) and small: QAbstractSocket stops
// reading once its buffer holds this much, and QWebSocket (6.4) takes a frame out of the
// buffer only once it is complete, so a frame larger than this waits for the resume
// (setReadBufferSize(0) re-enables the read notifier). A limit kept for good would
// deadlock on frames larger than it (history pages are ~450 KB): the resume does not
// depend on the socket, only on the inbox draining.
constexpr qint64 PausedReadBufferSize = 1;

} // namespace

HubSession::HubSession(HubNetwork *network, const HubConnectionOptions &options,
                       const HubProtocol &protocol, MessageHandler onMessage, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
    , m_protocol(protocol)
    , m_onMessage(std::move(onMessage))
{
    m_handshakeTimer.setSingleShot(true);
    m_serverTimeoutTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Resuming) {
            ConnectionError reason = m_resumeReason;
            reason.message += QStringLiteral(" Reopening it did not succeed within %1 ms.").arg(m_options.handshakeTimeoutMs);
            end(reason);
            return;
        }
        end(ConnectionError::make(Kind::Timeout,
                                  m_state == State::Handshaking
                                      ? QStringLiteral("The server did not answer the handshake within %1 ms.")
                                            .arg(m_options.handshakeTimeoutMs)
                                      : QStringLiteral("The WebSocket to %1 did not open within %2 ms.")
                                            .arg(m_socketUrl.host())
                                            .arg(m_options.handshakeTimeoutMs)));
    });
    connect(&m_pingTimer, &QTimer::timeout, this, [this] { send(HubMessage::ping()); });
    m_processTimer.setSingleShot(true);
    m_processTimer.setInterval(0);
    connect(&m_processTimer, &QTimer::timeout, this, [this] { processRecords(DispatchBudgetNs); });
    connect(&m_serverTimeoutTimer, &QTimer::timeout, this, [this] {
        end(ConnectionError::make(Kind::Timeout,
                                  QStringLiteral("Server timeout elapsed without receiving a message from the "
                                                 "server for %1 ms.")
                                      .arg(m_options.serverTimeoutMs)));
    });
}

HubSession::~HubSession()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QUrl HubSession::webSocketUrl(const QUrl &hubUrl, const QString &connectionToken,
                              const QString &accessTokenInQuery)
{
    QUrl url = hubUrl;
    url.setScheme(hubUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QUrlQuery query(url);
    // Percent-encoded in full, as encodeURIComponent does: QUrlQuery leaves '+' as it is,
    // and servers decode a '+' in a query as a space, which breaks base64 keys.
    if (!connectionToken.isEmpty())
        query.addQueryItem(QStringLiteral("id"), QString::fromLatin1(QUrl::toPercentEncoding(connectionToken)));
    if (!accessTokenInQuery.isEmpty())
        query.addQueryItem(QStringLiteral("access_token"), QString::fromLatin1(QUrl::toPercentEncoding(accessTokenInQuery)));
    url.setQuery(query);
    return url;
}

void HubSession::open()
{
    Q_ASSERT(m_state == State::Idle);
    if (auto refused = CredentialScope::checkCleartext(m_options.hubUrl, m_options.allowInsecureHttp)) {
        end(*refused);
        return;
    }
    const QString token = m_options.accessTokenProvider ? m_options.accessTokenProvider() : QString();
    if (m_options.skipNegotiation) {
        openWebSocket(NegotiateResult{m_options.hubUrl, token, QString()});
        return;
    }
    m_state = State::Negotiating;
    m_negotiator = new Negotiator(m_network, m_options, this);
    connect(m_negotiator, &Negotiator::succeeded, this, &HubSession::openWebSocket);
    connect(m_negotiator, &Negotiator::failed, this, &HubSession::end);
    m_negotiator->start(m_options.hubUrl, token);
}

void HubSession::openWebSocket(const NegotiateResult &negotiated)
{
    m_state = State::Connecting;
    m_socketUrl = webSocketUrl(negotiated.hubUrl, negotiated.connectionToken,
                               m_options.accessTokenInQuery ? negotiated.accessToken : QString());
    m_socketRequest = QNetworkRequest(m_socketUrl);
    if (!negotiated.accessToken.isEmpty() && !m_options.accessTokenInQuery)
        m_socketRequest.setRawHeader("Authorization", "Bearer " + negotiated.accessToken.toUtf8());
    m_statefulNegotiated = negotiated.useStatefulReconnect;

    createSocket();
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    m_socket->open(m_socketRequest);
}

void HubSession::createSocket()
{
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    // The transport enforces the limit per WebSocket message; the framing enforces it per
    // record, which may span messages.
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageSize) + 1);
    m_network->prepare(m_socket, m_socketUrl);
    connect(m_socket, &QWebSocket::connected, this, &HubSession::onSocketConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onBytesReceived(utf8FromWebSocketText(text)); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &HubSession::onBytesReceived);
    connect(m_socket, &QWebSocket::disconnected, this, &HubSession::onDisconnected);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError code) {
                if (m_transportError.kind == Kind::None)
                    m_transportError = fromSocketError(code, m_socket->errorString(), m_socketUrl, m_network->proxyFor(m_socketUrl));
                // Qt 6.4's QWebSocket reports an upgrade answered with an HTTP status other
                // than 101 (404 or 409 to a resume the server forgot) by this error alone and
                // keeps the TCP connection: without this, the session waited for its
                // handshake timeout (15 s) with nothing else to come.
                if (m_state == State::Connecting || m_state == State::Resuming)
                    QMetaObject::invokeMethod(this, &HubSession::onOpeningFailed, Qt::QueuedConnection);
            });
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (m_options.ignoreSslErrors) {
            m_socket->ignoreSslErrors();
            return;
        }
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        m_transportError = ConnectionError::make(
            Kind::Tls, QStringLiteral("The certificate of %1 is not trusted: %2")
                           .arg(m_socketUrl.host(), texts.join(QStringLiteral("; "))));
        m_transportError.peerCertificateChain = m_socket->sslConfiguration().peerCertificateChain();
    });
}

void HubSession::onSocketConnected()
{
    if (m_state == State::Resuming) {
        onResumed();
        return;
    }
    m_state = State::Handshaking;
    m_handshakeFraming = std::make_unique<TextRecordFraming>(m_options.maxMessageSize);
    // The ASP.NET Core server keeps stateful reconnect only for clients of hub protocol
    // version 2 or later (the version that brought Ack and Sequence); with version 1 it
    // accepts the handshake but forgets the connection when its WebSocket drops.
    const int version = m_statefulNegotiated ? qMax(2, m_protocol.version()) : m_protocol.version();
    sendRaw(HandshakeProtocol::writeRequest(m_protocol.name(), version));
}

void HubSession::onBytesReceived(const QByteArray &bytes)
{
    if (m_state == State::Ended)
        return;
    if (m_state == State::Open)
        m_serverTimeoutTimer.start(m_options.serverTimeoutMs);
    if (m_state == State::Handshaking) {
        if (!processHandshake(bytes))
            return;
        processRecords(DispatchBudgetNs);
        return;
    }
    // Dispatched at the next turn: QWebSocket may be emitting a whole read's worth of
    // messages in this one.
    m_inbox.push_back(bytes);
    m_inboxBytes += bytes.size();
    if (m_inboxBytes > InboxHighWater)
        pauseReads(true);
    if (!m_processTimer.isActive())
        m_processTimer.start();
}

void HubSession::pauseReads(bool paused)
{
    if (m_readsPaused == paused || !m_socket)
        return;
    m_readsPaused = paused;
    qCDebug(lcSignalR) << (paused ? "reading paused:" : "reading resumed:") << m_inboxBytes << "bytes waiting";
    m_socket->setReadBufferSize(paused ? PausedReadBufferSize : 0);
}

bool HubSession::processHandshake(const QByteArray &bytes)
{
    if (!m_handshakeFraming->append(bytes)) {
        end(ConnectionError::make(Kind::Handshake, m_handshakeFraming->errorString()));
        return false;
    }
    QByteArray record;
    if (!m_handshakeFraming->nextRecord(record))
        return false; // the rest of the handshake response is still on its way

    QString error;
    if (!HandshakeProtocol::parseResponse(record, error)) {
        end(ConnectionError::make(Kind::Handshake, QStringLiteral("The hub refused the handshake: %1").arg(error)));
        return false;
    }
    m_handshakeTimer.stop();
    m_framing = m_protocol.createFraming(m_options.maxMessageSize);
    // Messages may follow the handshake response in the same WebSocket message.
    const QByteArray rest = m_handshakeFraming->takeRemainder();
    m_handshakeFraming.reset();
    m_state = State::Open;
    m_pingTimer.start(m_options.keepAliveIntervalMs);
    m_serverTimeoutTimer.start(m_options.serverTimeoutMs);
    if (m_statefulNegotiated) {
        m_buffer = std::make_unique<StatefulReconnectBuffer>(m_options.statefulReconnectBufferSize,
                                                             m_options.statefulReconnectAckIntervalMs);
        connect(m_buffer.get(), &StatefulReconnectBuffer::ackDue, this, [this](qint64 sequenceId) {
            HubMessage ack;
            ack.type = HubMessage::Type::Ack;
            ack.sequenceId = sequenceId;
            send(ack);
        });
    }

    QPointer<HubSession> alive(this);
    emit opened();
    if (!alive || m_state != State::Open)
        return false;
    if (!m_framing->append(rest)) {
        end(ConnectionError::make(Kind::Protocol, m_framing->errorString()));
        return false;
    }
    return true;
}

void HubSession::processRecords(qint64 budgetNs)
{
    QPointer<HubSession> alive(this);
    QElapsedTimer clock;
    clock.start();
    QByteArray record;
    HubMessage message;
    QString error;
    // The clock is read every 16 steps, not for each record (docs/benchmarks.md,
    // "Measurements behind the code's rules").
    int steps = 0;
    while (m_state == State::Open) {
        if (budgetNs >= 0 && ++steps % 16 == 0 && clock.nsecsElapsed() >= budgetNs) {
            m_processTimer.start();
            break;
        }
        if (!m_framing->nextRecord(record)) {
            if (!m_framing->errorString().isEmpty()) {
                end(ConnectionError::make(Kind::Protocol, m_framing->errorString()));
                return;
            }
            if (m_inbox.empty())
                break;
            const QByteArray bytes = std::move(m_inbox.front());
            m_inbox.pop_front();
            m_inboxBytes -= bytes.size();
            if (!m_framing->append(bytes)) {
                end(ConnectionError::make(Kind::Protocol, m_framing->errorString()));
                return;
            }
            continue;
        }
        if (!m_protocol.decode(record, message, error)) {
            if (error.isEmpty())
                continue; // a message type from a newer protocol: ignored
            end(ConnectionError::make(Kind::Protocol, QStringLiteral("The server sent a malformed message: %1").arg(error)));
            return;
        }
        if (m_buffer && !filterStateful(message)) {
            if (m_state != State::Open)
                return;
            continue;
        }
        switch (message.type) {
        case HubMessage::Type::Ping:
            break;
        case HubMessage::Type::Close: {
            ConnectionError reason = ConnectionError::make(
                Kind::ServerClosed, message.error.isEmpty()
                                        ? QStringLiteral("The server closed the connection.")
                                        : QStringLiteral("The server closed the connection with an error: %1")
                                              .arg(message.error));
            reason.serverAllowsReconnect = message.allowReconnect;
            end(reason);
            return;
        }
        default:
            m_onMessage(message);
            if (!alive)
                return;
        }
    }
    if (m_state == State::Open && m_inboxBytes <= InboxLowWater)
        pauseReads(false);
}

void HubSession::onOpeningFailed()
{
    if ((m_state == State::Connecting || m_state == State::Resuming) && m_socket->state() != QAbstractSocket::ConnectedState)
        onDisconnected();
}

void HubSession::onDisconnected()
{
    if (m_state == State::Ended)
        return;
    // What was received before the drop is dispatched first, in full, as when it was
    // dispatched on arrival: a Close among it ends the session with its own reason.
    if (m_state == State::Open && (!m_inbox.empty() || m_processTimer.isActive())) {
        QPointer<HubSession> alive(this);
        m_processTimer.stop();
        processRecords(-1);
        if (!alive || m_state == State::Ended)
            return;
    }
    if (m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData) {
        end(ConnectionError::make(Kind::Protocol,
                                  QStringLiteral("The server sent a message larger than the limit of %1 bytes.")
                                      .arg(m_options.maxMessageSize)));
        return;
    }
    // A TCP connect that fails (refused, unknown host) emits disconnected before error:
    // the socket already knows why, and "closed with status code 1000" would hide it.
    if (m_transportError.kind == Kind::None && m_state == State::Connecting
        && m_socket->error() != QAbstractSocket::UnknownSocketError)
        m_transportError = fromSocketError(m_socket->error(), m_socket->errorString(), m_socketUrl,
                                           m_network->proxyFor(m_socketUrl));
    ConnectionError reason = m_transportError;
    if (reason.kind == Kind::None) {
        const QString text = m_socket->closeReason();
        reason = ConnectionError::make(Kind::ConnectionLost,
                                       QStringLiteral("The WebSocket closed with status code %1%2.")
                                           .arg(int(m_socket->closeCode()))
                                           .arg(text.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(text)));
    }
    if (m_state == State::Resuming) {
        // The reopened WebSocket failed too (the server forgot the connection: 404).
        ConnectionError failed = m_resumeReason;
        failed.message += QStringLiteral(" Reopening it failed: %1").arg(reason.message);
        end(failed);
        return;
    }
    // A close frame with an error code (1011 and the like) is the server ending the
    // connection on purpose ("the connection should be considered terminated",
    // TransportProtocols.md): reopening it would only wait for a 404. Resume after drops
    // without one: aborts (Qt reports 1000 or 1006), network errors, 1001 going away.
    const int closeCode = int(m_socket->closeCode());
    const bool serverTerminated = m_transportError.kind == Kind::None && closeCode != QWebSocketProtocol::CloseCodeNormal
                                  && closeCode != QWebSocketProtocol::CloseCodeGoingAway
                                  && closeCode != QWebSocketProtocol::CloseCodeAbnormalDisconnection;
    if (m_state == State::Open && m_buffer && reason.allowsRetry() && !serverTerminated) {
        resume(reason);
        return;
    }
    end(reason);
}

void HubSession::resume(const ConnectionError &reason)
{
    qCInfo(lcSignalR).noquote() << "transport lost:" << reason.message << "- resuming the same connection";
    m_state = State::Resuming;
    m_resumeReason = reason;
    m_transportError = {};
    m_pingTimer.stop();
    m_serverTimeoutTimer.stop();
    m_buffer->transportLost();
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    // Half a record from the dead WebSocket is worthless: the peer resends whole messages.
    m_framing = m_protocol.createFraming(m_options.maxMessageSize);
    m_inbox.clear();
    m_inboxBytes = 0;
    m_readsPaused = false; // the new socket reads without limit
    m_processTimer.stop();

    QPointer<HubSession> alive(this);
    emit resuming(reason);
    if (!alive || m_state != State::Resuming)
        return;
    // The same URL (the connection token names the connection) and credentials; no
    // negotiate and no handshake: the hub connection goes on.
    createSocket();
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    m_socket->open(m_socketRequest);
}

void HubSession::onResumed()
{
    m_handshakeTimer.stop();
    m_state = State::Open;
    HubMessage sequence;
    sequence.type = HubMessage::Type::Sequence;
    sequence.sequenceId = m_buffer->resendFromSequenceId();
    sendRaw(m_protocol.encode(sequence));
    for (const QByteArray &message : m_buffer->unacknowledged())
        sendRaw(message);
    m_buffer->transportResumed();
    m_pingTimer.start(m_options.keepAliveIntervalMs);
    m_serverTimeoutTimer.start(m_options.serverTimeoutMs);
    qCInfo(lcSignalR).noquote() << "connection resumed; resent" << m_buffer->unacknowledged().size() << "messages";
    emit resumed();
}

bool HubSession::filterStateful(const HubMessage &message)
{
    QString error;
    if (m_buffer->admit(message, error))
        return true;
    if (!error.isEmpty())
        end(ConnectionError::make(Kind::Protocol, error));
    return false;
}

bool HubSession::send(const HubMessage &message)
{
    if (m_state != State::Open && m_state != State::Resuming)
        return false;
    const QByteArray bytes = m_protocol.encode(message);
    if (m_buffer) {
        m_buffer->recordSent(message.type, bytes);
        if (m_buffer->isOverLimit())
            qCWarning(lcSignalR) << "stateful reconnect: more than" << m_options.statefulReconnectBufferSize
                                 << "bytes sent and not yet acknowledged by the server";
    }
    // While resuming, a trackable message goes out with the replay; others are moot.
    if (m_state == State::Resuming)
        return StatefulReconnectBuffer::isTrackable(message.type);
    sendRaw(bytes);
    m_pingTimer.start(m_options.keepAliveIntervalMs);
    return true;
}

void HubSession::sendRaw(const QByteArray &bytes)
{
    if (m_protocol.transferFormat() == HubProtocol::TransferFormat::Text)
        m_socket->sendTextMessage(QString::fromUtf8(bytes));
    else
        m_socket->sendBinaryMessage(bytes);
}

void HubSession::close(const ConnectionError &reason)
{
    if (m_state == State::Open)
        send(HubMessage::close());
    end(reason);
}

void HubSession::end(const ConnectionError &reason)
{
    if (m_state == State::Ended)
        return;
    const bool graceful = m_state == State::Open && reason.kind == Kind::Stopped;
    m_state = State::Ended;
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    m_serverTimeoutTimer.stop();
    m_processTimer.stop();
    m_inbox.clear();
    m_inboxBytes = 0;
    if (m_negotiator)
        m_negotiator->abort();
    if (m_socket) {
        m_socket->disconnect(this);
        if (graceful)
            m_socket->close();
        else
            m_socket->abort();
    }
    qCDebug(lcSignalR) << "session ended:" << reason.message;
    emit ended(reason);
}

} // namespace signalr
