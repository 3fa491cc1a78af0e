#pragma once

#include "signalr/HubMessage.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

class QWebSocket;

namespace signalr {
class HubProtocol;
class RecordFraming;
class StatefulReconnectBuffer;
}

namespace signalr::server {

struct HubServerOptions;

// The server's side of one client connection: handshake, record framing, keepalive pings,
// and sending messages. What to do with the client's invocations is the owner's business
// (invocationReceived). Also lets tests misbehave on purpose (raw bytes, abrupt drops).
// A stateful connection (HubServerOptions::statefulReconnect) outlives its WebSocket: it
// waits for the client to come back (resume), meanwhile keeping what it is given to send.
class HubServerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubServerConnection)

public:
    // `statefulGranted`: negotiate granted stateful reconnect; it holds from a handshake of
    // version 2 on, as in ASP.NET Core.
    HubServerConnection(QWebSocket *socket, QString connectionId, QString accessToken, bool statefulGranted,
                        const HubServerOptions &options, QObject *parent = nullptr);
    ~HubServerConnection() override;

    QString connectionId() const { return m_connectionId; }
    QString accessToken() const { return m_accessToken; }
    bool isOpen() const { return m_state == State::Open; }
    bool isStateful() const { return m_buffer != nullptr; }
    // Stateful, its WebSocket gone, waiting for the client to resume.
    bool isWaitingForResume() const { return m_state == State::WaitingForResume; }
    // The client reopened the WebSocket with this connection's token: Sequence, the replay
    // of what it has not acknowledged, and on as before. A WebSocket still open is dropped.
    void resume(QWebSocket *socket);
    const HubProtocol *protocol() const { return m_protocol.get(); }

    // Sends, or on a stateful connection waiting for its client, keeps for the replay.
    bool send(const HubMessage &message);
    // Encoded records sent as one WebSocket message, as ASP.NET Core coalesces its output.
    // On a stateful connection every record counts as one message to acknowledge (callers
    // coalesce invocations, never pings), and, as the framework's MessageBuffer does, writing
    // stops while the client leaves its buffer's worth (statefulReconnectBufferSize,
    // 100,000 bytes) unacknowledged: what comes meanwhile waits here, in order, for its Acks.
    bool sendEncoded(const QByteArray &records);
    void complete(const QString &invocationId, const QJsonValue &result);
    void complete(const QString &invocationId, const RawJson &result);
    void fail(const QString &invocationId, const QString &error);
    // Bytes, framing and all, exactly as given: for tests that break the protocol.
    void sendRaw(const QByteArray &bytes, bool binary);
    // A Close message, then the WebSocket close.
    void closeWithError(const QString &error, bool allowReconnect = false);
    // Drops the TCP connection without any closing handshake. A stateful connection then
    // waits for its client to resume.
    void abort();
    void setPingsEnabled(bool enabled);
    // Bytes queued in the socket but not yet written, and those held for the client's Acks
    // (none while waiting for a resume): senders pace floods on it.
    qint64 bytesToWrite() const;

signals:
    void opened();
    void invocationReceived(const signalr::HubMessage &message);
    // Every other message from the client (pings, completions).
    void messageReceived(const signalr::HubMessage &message);
    void bytesWritten(qint64 bytes);
    // Stateful: the WebSocket was lost, and the client resumed on a new one.
    void transportLost();
    void resumed();
    void closed();

private:
    enum class State { Handshaking, Open, WaitingForResume, Closed };

    void attach(QWebSocket *socket);
    void onBytes(const QByteArray &bytes);
    void onSocketDisconnected();
    void processHandshake();
    void processRecords();
    void loseTransport();
    void setClosed();
    // Records and sends `records` (stateful: numbered and kept until acknowledged).
    void transmit(const QByteArray &records);
    // Sends what waited for Acks, as far as the buffer's limit allows.
    void sendHeld();

    QWebSocket *m_socket = nullptr;
    const QString m_connectionId;
    const QString m_accessToken;
    const HubServerOptions &m_options;
    const bool m_statefulGranted;
    State m_state = State::Handshaking;
    std::unique_ptr<StatefulReconnectBuffer> m_buffer;
    // Stateful: sends that came while the buffer was over its limit, and their bytes.
    std::deque<QByteArray> m_held;
    qint64 m_heldBytes = 0;
    QTimer m_resumeWindow;
    std::shared_ptr<const HubProtocol> m_protocol;
    std::unique_ptr<RecordFraming> m_framing;
    QTimer m_pingTimer;
};

} // namespace signalr::server
