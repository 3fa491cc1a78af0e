#include "HubServerConnection.h"

#include "HubServerOptions.h"
#include "signalr/HandshakeProtocol.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/SignalRLogging.h"
#include "signalr/StatefulReconnectBuffer.h"
#include "signalr/TextRecordFraming.h"

#include <QPointer>
#include <QWebSocket>

namespace signalr::server {

namespace {

// ASP.NET Core 8 and later accept a handshake of any version up to 2 (the version that
// brought Ack and Sequence, which are sent on stateful connections only).
constexpr int NewestProtocolVersion = 2;
// The framework acknowledges what it received once a second.
constexpr int AckIntervalMs = 1000;

} // namespace

HubServerConnection::HubServerConnection(QWebSocket *socket, QString connectionId, QString accessToken, bool statefulGranted,
                                         const HubServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_connectionId(std::move(connectionId))
    , m_accessToken(std::move(accessToken))
    , m_options(options)
    , m_statefulGranted(statefulGranted)
    , m_framing(std::make_unique<TextRecordFraming>(options.maxMessageSize))
{
    attach(socket);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] { send(HubMessage::ping()); });
    m_resumeWindow.setSingleShot(true);
    connect(&m_resumeWindow, &QTimer::timeout, this, &HubServerConnection::setClosed);
}

HubServerConnection::~HubServerConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void HubServerConnection::attach(QWebSocket *socket)
{
    m_socket = socket;
    m_socket->setParent(this);
    if (m_options.outgoingFrameSize > 0)
        m_socket->setOutgoingFrameSize(m_options.outgoingFrameSize);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { onBytes(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &HubServerConnection::onBytes);
    connect(m_socket, &QWebSocket::disconnected, this, &HubServerConnection::onSocketDisconnected);
    connect(m_socket, &QWebSocket::bytesWritten, this, &HubServerConnection::bytesWritten);
}

void HubServerConnection::onBytes(const QByteArray &bytes)
{
    if (m_state == State::Closed)
        return;
    if (!m_framing->append(bytes)) {
        closeWithError(m_framing->errorString());
        return;
    }
    if (m_state == State::Handshaking)
        processHandshake();
    else
        processRecords();
}

void HubServerConnection::onSocketDisconnected()
{
    if (m_state == State::Open && m_buffer)
        loseTransport();
    else
        setClosed();
}

void HubServerConnection::loseTransport()
{
    m_state = State::WaitingForResume;
    m_pingTimer.stop();
    m_buffer->transportLost();
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    // Half a record from the dead WebSocket is worthless: the client resends whole messages.
    m_framing = m_protocol->createFraming(m_options.maxMessageSize);
    m_resumeWindow.start(m_options.statefulDisconnectTimeoutMs);
    qCInfo(lcSignalR).noquote() << "hub server: connection" << m_connectionId << "lost its WebSocket; waiting"
                                << m_options.statefulDisconnectTimeoutMs << "ms for it to resume";
    emit transportLost();
}

void HubServerConnection::resume(QWebSocket *socket)
{
    if (m_state == State::Open)
        loseTransport();
    if (m_state != State::WaitingForResume) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    m_resumeWindow.stop();
    attach(socket);
    m_state = State::Open;
    // As the framework does: our oldest unacknowledged id, then everything from it.
    HubMessage sequence;
    sequence.type = HubMessage::Type::Sequence;
    sequence.sequenceId = m_buffer->resendFromSequenceId();
    const bool binary = m_protocol->transferFormat() == HubProtocol::TransferFormat::Binary;
    sendRaw(m_protocol->encode(sequence), binary);
    for (const QByteArray &message : m_buffer->unacknowledged())
        sendRaw(message, binary);
    m_buffer->transportResumed();
    setPingsEnabled(true);
    qCInfo(lcSignalR).noquote() << "hub server: connection" << m_connectionId << "resumed; replayed"
                                << m_buffer->unacknowledged().size() << "sends";
    emit resumed();
}

void HubServerConnection::processHandshake()
{
    QByteArray record;
    if (!m_framing->nextRecord(record))
        return;
    HandshakeProtocol::Request request;
    QString error;
    if (HandshakeProtocol::parseRequest(record, request, error)) {
        const auto protocols = m_options.protocols.isEmpty()
                                   ? QList<std::shared_ptr<const HubProtocol>>{std::make_shared<JsonHubProtocol>()}
                                   : m_options.protocols;
        for (const auto &protocol : protocols) {
            if (protocol->name() == request.protocol && request.version <= qMax(protocol->version(), NewestProtocolVersion))
                m_protocol = protocol;
        }
        if (!m_protocol)
            error = QStringLiteral("The protocol '%1' version %2 is not supported.").arg(request.protocol).arg(request.version);
    }
    if (!error.isEmpty()) {
        m_socket->sendTextMessage(QString::fromUtf8(HandshakeProtocol::writeResponse(error)));
        m_socket->close();
        setClosed();
        return;
    }
    const QByteArray rest = m_framing->takeRemainder();
    m_framing = m_protocol->createFraming(m_options.maxMessageSize);
    m_framing->append(rest);
    // Version 1 clients know no Ack or Sequence: the framework keeps such a connection
    // stateless whatever negotiate said.
    if (m_statefulGranted && request.version >= 2) {
        m_buffer = std::make_unique<StatefulReconnectBuffer>(m_options.statefulReconnectBufferSize, AckIntervalMs);
        connect(m_buffer.get(), &StatefulReconnectBuffer::ackDue, this, [this](qint64 sequenceId) {
            HubMessage ack;
            ack.type = HubMessage::Type::Ack;
            ack.sequenceId = sequenceId;
            send(ack);
        });
    }

    auto answer = [this] {
        if (m_state == State::Closed)
            return;
        m_socket->sendTextMessage(QString::fromUtf8(HandshakeProtocol::writeResponse() + m_options.handshakeResponseSuffix));
        m_state = State::Open;
        setPingsEnabled(m_options.keepAliveIntervalMs > 0);
        QPointer<HubServerConnection> alive(this);
        emit opened();
        if (alive)
            processRecords();
    };
    if (m_options.handshakeDelayMs > 0)
        QTimer::singleShot(m_options.handshakeDelayMs, this, answer);
    else
        answer();
}

void HubServerConnection::processRecords()
{
    QPointer<HubServerConnection> alive(this);
    QByteArray record;
    HubMessage message;
    QString error;
    while (m_state == State::Open && m_framing->nextRecord(record)) {
        if (!m_protocol->decode(record, message, error)) {
            if (!error.isEmpty()) {
                closeWithError(error);
                return;
            }
            continue;
        }
        if (m_buffer && !m_buffer->admit(message, error)) {
            if (!error.isEmpty()) {
                closeWithError(error);
                return;
            }
            // An Ack may have made room.
            if (message.type == HubMessage::Type::Ack)
                sendHeld();
            continue;
        }
        if (message.type == HubMessage::Type::Close) {
            m_socket->close();
            setClosed();
            return;
        }
        if (message.type == HubMessage::Type::Invocation)
            emit invocationReceived(message);
        else
            emit messageReceived(message);
        if (!alive)
            return;
    }
}

bool HubServerConnection::send(const HubMessage &message)
{
    const bool trackable = m_buffer && StatefulReconnectBuffer::isTrackable(message.type);
    if (m_state == State::WaitingForResume)
        return trackable && sendEncoded(m_protocol->encode(message));
    if (m_state != State::Open)
        return false;
    const QByteArray bytes = m_protocol->encode(message);
    if (trackable)
        return sendEncoded(bytes);
    sendRaw(bytes, m_protocol->transferFormat() == HubProtocol::TransferFormat::Binary);
    return true;
}

bool HubServerConnection::sendEncoded(const QByteArray &records)
{
    if (m_state != State::Open && m_state != State::WaitingForResume)
        return false;
    if (m_buffer && (!m_held.empty() || m_buffer->isOverLimit())) {
        m_held.push_back(records);
        m_heldBytes += records.size();
        return true;
    }
    transmit(records);
    return true;
}

void HubServerConnection::sendHeld()
{
    while (!m_held.empty() && !m_buffer->isOverLimit() && (m_state == State::Open || m_state == State::WaitingForResume)) {
        const QByteArray records = std::move(m_held.front());
        m_held.pop_front();
        m_heldBytes -= records.size();
        transmit(records);
    }
}

void HubServerConnection::transmit(const QByteArray &records)
{
    if (m_buffer) {
        // The records are shared with the framing, not copied: counting them is cheap.
        const std::unique_ptr<RecordFraming> framing = m_protocol->createFraming(records.size());
        framing->append(records);
        qint64 count = 0;
        for (QByteArray record; framing->nextRecord(record);)
            ++count;
        m_buffer->recordSentBatch(count, records);
    }
    if (m_state == State::Open)
        sendRaw(records, m_protocol->transferFormat() == HubProtocol::TransferFormat::Binary);
}

void HubServerConnection::complete(const QString &invocationId, const QJsonValue &result)
{
    send(HubMessage::completionWithResult(invocationId, result));
}

void HubServerConnection::complete(const QString &invocationId, const RawJson &result)
{
    send(HubMessage::completionWithResult(invocationId, result));
}

void HubServerConnection::fail(const QString &invocationId, const QString &error)
{
    send(HubMessage::completionWithError(invocationId, error));
}

void HubServerConnection::sendRaw(const QByteArray &bytes, bool binary)
{
    if (!m_socket)
        return;
    if (binary)
        m_socket->sendBinaryMessage(bytes);
    else
        m_socket->sendTextMessage(QString::fromUtf8(bytes));
}

void HubServerConnection::closeWithError(const QString &error, bool allowReconnect)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Open)
        send(HubMessage::close(error, allowReconnect));
    if (m_socket)
        m_socket->close();
    setClosed();
}

void HubServerConnection::abort()
{
    if (m_state == State::Open && m_buffer) {
        loseTransport();
        return;
    }
    if (m_socket)
        m_socket->abort();
    setClosed();
}

void HubServerConnection::setPingsEnabled(bool enabled)
{
    if (enabled && m_options.keepAliveIntervalMs > 0)
        m_pingTimer.start(m_options.keepAliveIntervalMs);
    else
        m_pingTimer.stop();
}

qint64 HubServerConnection::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() + m_heldBytes : 0;
}

void HubServerConnection::setClosed()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pingTimer.stop();
    m_resumeWindow.stop();
    emit closed();
}

} // namespace signalr::server
