#include "HubSession.h"

#include "CredentialScope.h"
#include "HandshakeProtocol.h"
#include "HubConnectionOptions.h"
#include "HubNetwork.h"
#include "HubProtocol.h"
#include "Negotiator.h"
#include "NetworkErrors.h"
#include "ServerSentEventsTransport.h"
#include "SignalRLogging.h"
#include "StatefulReconnectBuffer.h"
#include "TextRecordFraming.h"
#include "WebSocketTransport.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrlQuery>

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

} // namespace

HubSession::HubSession(HubNetwork *network, const HubConnectionOptions &options, const HubProtocol &protocol,
                       bool preferServerSentEvents, MessageHandler onMessage, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(options)
    , m_protocol(protocol)
    , m_preferServerSentEvents(preferServerSentEvents)
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
        end(ConnectionError::make(
            Kind::Timeout,
            m_state == State::Handshaking
                ? QStringLiteral("The server did not answer the handshake within %1 ms.").arg(m_options.handshakeTimeoutMs)
                : QStringLiteral("The %1 connection to %2 did not open within %3 ms.")
                      .arg(m_transport->name(), m_connectionRequest.url().host())
                      .arg(m_options.handshakeTimeoutMs)));
    });
    connect(&m_pingTimer, &QTimer::timeout, this, [this] { send(HubMessage::ping()); });
    m_processTimer.setSingleShot(true);
    m_processTimer.setInterval(0);
    connect(&m_processTimer, &QTimer::timeout, this, [this] { processRecords(DispatchBudgetNs); });
    connect(&m_serverTimeoutTimer, &QTimer::timeout, this, [this] {
        end(ConnectionError::make(Kind::Timeout, QStringLiteral("Server timeout elapsed without receiving a message from the "
                                                                "server for %1 ms.")
                                                     .arg(m_options.serverTimeoutMs)));
    });
}

HubSession::~HubSession()
{
    if (m_transport)
        m_transport->close(false);
}

QUrl HubSession::connectionUrl(const QUrl &hubUrl, const QString &connectionToken, const QString &accessTokenInQuery)
{
    QUrl url = hubUrl;
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
        openTransport(NegotiateResult{m_options.hubUrl, token, QString()});
        return;
    }
    m_state = State::Negotiating;
    m_negotiator = new Negotiator(m_network, m_options, this);
    connect(m_negotiator, &Negotiator::succeeded, this, &HubSession::openTransport);
    connect(m_negotiator, &Negotiator::failed, this, &HubSession::end);
    m_negotiator->start(m_options.hubUrl, token);
}

void HubSession::openTransport(const NegotiateResult &negotiated)
{
    if (!chooseTransport(negotiated))
        return;
    m_state = State::Connecting;
    const QUrl url = connectionUrl(negotiated.hubUrl, negotiated.connectionToken,
                                   m_options.accessTokenInQuery ? negotiated.accessToken : QString());
    m_connectionRequest = QNetworkRequest(url);
    if (!negotiated.accessToken.isEmpty() && !m_options.accessTokenInQuery)
        m_connectionRequest.setRawHeader("Authorization", "Bearer " + negotiated.accessToken.toUtf8());
    // The server keeps a connection stateful over WebSockets only (its HttpConnectionContext
    // checks the transport), and a handshake of version 1 tells it not to try.
    m_statefulNegotiated = negotiated.useStatefulReconnect && !m_useServerSentEvents;

    createTransport();
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    m_transport->open(m_connectionRequest);
}

bool HubSession::chooseTransport(const NegotiateResult &negotiated)
{
    const OfferedTransports &offered = negotiated.transports;
    const bool text = m_protocol.transferFormat() == HubProtocol::TransferFormat::Text;
    const bool webSockets = text ? offered.webSocketsText : offered.webSocketsBinary;
    // Server-Sent Events carry text only: MessagePack would need base64 there, which
    // ASP.NET Core does not do.
    const bool serverSentEvents = text && offered.serverSentEvents;
    m_serverSentEventsOffered = serverSentEvents;
    m_useServerSentEvents = serverSentEvents && (m_preferServerSentEvents || !webSockets);
    if (webSockets || serverSentEvents)
        return true;
    const QString host = hostAndPort(negotiated.hubUrl);
    if (offered.serverSentEvents) {
        // A handshake refusal in effect: where a text protocol is the fallback, it is tried.
        end(ConnectionError::make(Kind::Handshake,
                                  QStringLiteral("The server at %1 offers only Server-Sent Events, which carry text: "
                                                 "the %2 protocol cannot go over them.")
                                      .arg(host, m_protocol.name())));
    } else {
        end(ConnectionError::make(Kind::Protocol, QStringLiteral("The server at %1 offers no WebSockets transport for "
                                                                 "the %2 protocol.")
                                                      .arg(host, m_protocol.name())));
    }
    return false;
}

void HubSession::createTransport()
{
    if (m_useServerSentEvents)
        m_transport = new ServerSentEventsTransport(m_network, m_options, this);
    else
        m_transport = new WebSocketTransport(m_network, m_options, m_protocol.transferFormat(), this);
    connect(m_transport, &HubTransport::opened, this, &HubSession::onTransportOpened);
    connect(m_transport, &HubTransport::bytesReceived, this, &HubSession::onBytesReceived);
    connect(m_transport, &HubTransport::closed, this, &HubSession::onTransportClosed);
}

void HubSession::onTransportOpened()
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
    // Dispatched at the next turn: the transport may be emitting a whole read's worth of
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
    if (m_readsPaused == paused || !m_transport)
        return;
    m_readsPaused = paused;
    qCDebug(lcSignalR) << (paused ? "reading paused:" : "reading resumed:") << m_inboxBytes << "bytes waiting";
    m_transport->pauseReads(paused);
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
        if (m_buffer) {
            if (!filterStateful(message)) {
                if (m_state != State::Open)
                    return;
                continue;
            }
            m_buffer->noteReceivedBytes(record.size());
        }
        switch (message.type) {
        case HubMessage::Type::Ping: break;
        case HubMessage::Type::Close: {
            ConnectionError reason = ConnectionError::make(
                Kind::ServerClosed,
                message.error.isEmpty()
                    ? QStringLiteral("The server closed the connection.")
                    : QStringLiteral("The server closed the connection with an error: %1").arg(message.error));
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

void HubSession::onTransportClosed(const TransportClosure &closure)
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
    const ConnectionError &reason = closure.reason;
    if (m_state == State::Resuming) {
        // The reopened WebSocket failed too (the server forgot the connection: 404).
        ConnectionError failed = m_resumeReason;
        failed.message += QStringLiteral(" Reopening it failed: %1").arg(reason.message);
        end(failed);
        return;
    }
    if (closure.unreadableText && m_serverSentEventsOffered && !m_useServerSentEvents) {
        ConnectionError unreadable = reason;
        unreadable.kind = Kind::UnreadableText;
        end(unreadable);
        return;
    }
    if (m_state == State::Open && m_buffer && reason.allowsRetry() && closure.resumable) {
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
    m_pingTimer.stop();
    m_serverTimeoutTimer.stop();
    m_buffer->transportLost();
    m_transport->close(false);
    m_transport->deleteLater();
    m_transport = nullptr;
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
    createTransport();
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    m_transport->open(m_connectionRequest);
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
    m_transport->send(bytes);
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
    if (m_transport)
        m_transport->close(graceful);
    qCDebug(lcSignalR) << "session ended:" << reason.message;
    emit ended(reason);
}

} // namespace signalr
