#include "HubServerConnection.h"

#include "HubServerOptions.h"
#include "signalr/HandshakeProtocol.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/TextRecordFraming.h"

#include <QPointer>
#include <QWebSocket>

namespace signalr::server {

namespace {

// ASP.NET Core 8 and later accept a handshake of any version up to 2 (the version that
// brought Ack and Sequence, which are sent on stateful connections only: never here).
constexpr int NewestProtocolVersion = 2;

} // namespace

HubServerConnection::HubServerConnection(QWebSocket *socket, QString connectionId, QString accessToken,
                                         const HubServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_connectionId(std::move(connectionId))
    , m_accessToken(std::move(accessToken))
    , m_options(options)
    , m_framing(std::make_unique<TextRecordFraming>(options.maxMessageSize))
{
    m_socket->setParent(this);
    if (options.outgoingFrameSize > 0)
        m_socket->setOutgoingFrameSize(options.outgoingFrameSize);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onBytes(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &HubServerConnection::onBytes);
    connect(m_socket, &QWebSocket::disconnected, this, &HubServerConnection::setClosed);
    connect(m_socket, &QWebSocket::bytesWritten, this, &HubServerConnection::bytesWritten);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] { send(HubMessage::ping()); });
}

HubServerConnection::~HubServerConnection()
{
    m_socket->disconnect(this);
    m_socket->abort();
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

    auto answer = [this] {
        if (m_state == State::Closed)
            return;
        m_socket->sendTextMessage(
            QString::fromUtf8(HandshakeProtocol::writeResponse() + m_options.handshakeResponseSuffix));
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
    if (m_state != State::Open)
        return false;
    return sendEncoded(m_protocol->encode(message));
}

bool HubServerConnection::sendEncoded(const QByteArray &records)
{
    if (m_state != State::Open)
        return false;
    sendRaw(records, m_protocol->transferFormat() == HubProtocol::TransferFormat::Binary);
    return true;
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
    m_socket->close();
    setClosed();
}

void HubServerConnection::abort()
{
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
    return m_socket->bytesToWrite();
}

void HubServerConnection::setClosed()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pingTimer.stop();
    emit closed();
}

} // namespace signalr::server
