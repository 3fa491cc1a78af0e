#pragma once

#include "ConnectionError.h"
#include "HubMessage.h"

#include <QNetworkRequest>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>
#include <memory>

namespace signalr {

class HubProtocol;
class HubTransport;
struct TransportClosure;
class StatefulReconnectBuffer;
class HubNetwork;
class Negotiator;
class RecordFraming;
struct HubConnectionOptions;
struct NegotiateResult;

// One physical hub connection, from negotiate to the end of its transport (HubTransport:
// WebSockets, or Server-Sent Events where asked for or the only one offered): handshake,
// record framing, keepalive pings and the server timeout. It ends exactly once, with the
// reason. Reconnecting is HubConnection's job: it makes a new session each time.
class HubSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubSession)

public:
    // Receives every message but pings, closes and stateful reconnect's own: called
    // directly, not through a signal, whose dispatch costs a flood (docs/benchmarks.md,
    // "Measurements behind the code's rules").
    // It may delete the session.
    using MessageHandler = std::function<void(const HubMessage &message)>;

    // `preferServerSentEvents`: SSE where the server offers it (HubConnection's choice once
    // the WebSocket could not read the hub's text), WebSockets otherwise.
    HubSession(HubNetwork *network, const HubConnectionOptions &options, const HubProtocol &protocol, bool preferServerSentEvents,
               MessageHandler onMessage, QObject *parent = nullptr);
    ~HubSession() override;

    void open();
    // Ends the session from our side: sends a Close message when connected, then closes.
    void close(const ConnectionError &reason);
    // Sends, or while a stateful reconnect is resuming, buffers for the replay.
    bool send(const HubMessage &message);

    // The URL of the connection's transport: the hub's, with the connection token (and the
    // access token, where it goes in the query).
    // Once the transport was chosen (after negotiate).
    bool usesServerSentEvents() const { return m_useServerSentEvents; }

    static QUrl connectionUrl(const QUrl &hubUrl, const QString &connectionToken, const QString &accessTokenInQuery);

signals:
    void opened();
    // Stateful reconnect: the WebSocket dropped and is being reopened for the same
    // connection (the session has not ended), then it was.
    void resuming(const signalr::ConnectionError &reason);
    void resumed();
    void ended(const signalr::ConnectionError &reason);

private:
    enum class State { Idle, Negotiating, Connecting, Handshaking, Open, Resuming, Ended };

    void openTransport(const NegotiateResult &negotiated);
    // Which transport `negotiated` allows for the protocol; false (the session ended) when
    // none does.
    bool chooseTransport(const NegotiateResult &negotiated);
    void createTransport();
    void onTransportOpened();
    // Stateful reconnect: reopen the WebSocket after a drop, then resend.
    void resume(const ConnectionError &reason);
    void onResumed();
    // Ack, Sequence and duplicates of stateful reconnect; true when `message` goes on.
    bool filterStateful(const HubMessage &message);
    void onBytesReceived(const QByteArray &bytes);
    bool processHandshake(const QByteArray &bytes);
    // Frames, decodes and dispatches what the inbox holds, for at most `budgetNs` of this
    // turn of the event loop (-1: all of it), then continues at the next turn.
    void processRecords(qint64 budgetNs);
    void pauseReads(bool paused);
    void onTransportClosed(const TransportClosure &closure);
    void sendRaw(const QByteArray &bytes);
    void end(const ConnectionError &reason);

    HubNetwork *const m_network;
    const HubConnectionOptions &m_options;
    const HubProtocol &m_protocol;
    const bool m_preferServerSentEvents;
    const MessageHandler m_onMessage;
    State m_state = State::Idle;
    Negotiator *m_negotiator = nullptr;
    HubTransport *m_transport = nullptr;
    bool m_useServerSentEvents = false;
    // The server offered Server-Sent Events for this connection: a WebSocket that cannot
    // read its text ends the session so that HubConnection switches to them.
    bool m_serverSentEventsOffered = false;
    QNetworkRequest m_connectionRequest;
    // Set once the handshake succeeded on a session the server made stateful.
    std::unique_ptr<StatefulReconnectBuffer> m_buffer;
    bool m_statefulNegotiated = false;
    // Why the transport dropped, while resuming: the session ends with it if resuming fails.
    ConnectionError m_resumeReason;
    std::unique_ptr<RecordFraming> m_handshakeFraming;
    std::unique_ptr<RecordFraming> m_framing;
    // Transport messages received and not yet framed. QWebSocket hands over everything one
    // read brought (megabytes in a flood) in one go: they wait here and are dispatched a
    // few milliseconds per turn, so that the thread stays responsive. While the inbox
    // holds more than a threshold, reading from the network pauses (the backlog stays
    // with the server, as TCP flow control has it) until it has drained.
    std::deque<QByteArray> m_inbox;
    qint64 m_inboxBytes = 0;
    bool m_readsPaused = false;
    QTimer m_processTimer;
    QTimer m_handshakeTimer;
    QTimer m_pingTimer;
    QTimer m_serverTimeoutTimer;
};

} // namespace signalr
