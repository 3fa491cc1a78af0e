#pragma once

#include "signalr/HubMessage.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace signalr {
class HubProtocol;
class RecordFraming;
}

namespace signalr::server {

struct HubServerOptions;

// The server's side of one client connection: handshake, record framing, keepalive pings,
// and sending messages. What to do with the client's invocations is the owner's business
// (invocationReceived). Also lets tests misbehave on purpose (raw bytes, abrupt drops).
class HubServerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubServerConnection)

public:
    HubServerConnection(QWebSocket *socket, QString connectionId, QString accessToken,
                        const HubServerOptions &options, QObject *parent = nullptr);
    ~HubServerConnection() override;

    QString connectionId() const { return m_connectionId; }
    QString accessToken() const { return m_accessToken; }
    bool isOpen() const { return m_state == State::Open; }
    const HubProtocol *protocol() const { return m_protocol.get(); }

    bool send(const HubMessage &message);
    // Encoded records sent as one WebSocket message, as ASP.NET Core coalesces its output.
    bool sendEncoded(const QByteArray &records);
    void complete(const QString &invocationId, const QJsonValue &result);
    void complete(const QString &invocationId, const RawJson &result);
    void fail(const QString &invocationId, const QString &error);
    // Bytes, framing and all, exactly as given: for tests that break the protocol.
    void sendRaw(const QByteArray &bytes, bool binary);
    // A Close message, then the WebSocket close.
    void closeWithError(const QString &error, bool allowReconnect = false);
    // Drops the TCP connection without any closing handshake.
    void abort();
    void setPingsEnabled(bool enabled);
    // Bytes queued in the socket but not yet written: senders pace floods on it.
    qint64 bytesToWrite() const;

signals:
    void opened();
    void invocationReceived(const signalr::HubMessage &message);
    // Every other message from the client (pings, completions).
    void messageReceived(const signalr::HubMessage &message);
    void bytesWritten(qint64 bytes);
    void closed();

private:
    enum class State { Handshaking, Open, Closed };

    void onBytes(const QByteArray &bytes);
    void processHandshake();
    void processRecords();
    void setClosed();

    QWebSocket *m_socket;
    const QString m_connectionId;
    const QString m_accessToken;
    const HubServerOptions &m_options;
    State m_state = State::Handshaking;
    std::shared_ptr<const HubProtocol> m_protocol;
    std::unique_ptr<RecordFraming> m_framing;
    QTimer m_pingTimer;
};

} // namespace signalr::server
