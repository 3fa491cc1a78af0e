#pragma once

#include "ConnectionError.h"
#include "HubConnectionOptions.h"
#include "HubMessage.h"
#include "InvocationResult.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <functional>


namespace signalr {

class HubProtocol;
class HubNetwork;
class HubSession;

// A SignalR hub connection that stays up: it opens sessions (negotiate, WebSocket,
// handshake), dispatches server callbacks to registered handlers, matches invocations to
// their completions, and reconnects by its retry policy when a session ends.
// Everything happens on the thread that owns it, through its event loop: no locks, and
// every handler and callback is called on that thread.
class HubConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubConnection)

public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting, Disconnecting };
    Q_ENUM(State)

    using Handler = std::function<void(const RawJsonList &arguments)>;
    using FallbackHandler = std::function<void(const QString &target, const RawJsonList &arguments)>;
    using InvocationCallback = std::function<void(const InvocationResult &result)>;

    explicit HubConnection(HubConnectionOptions options, QObject *parent = nullptr);
    ~HubConnection() override;

    void start();
    void stop();
    // The user's "reconnect now": while Reconnecting, the attempt waiting for its delay
    // starts at once (the attempt count goes on); when Disconnected, start(). Nothing while
    // an attempt is under way or when connected.
    void retryNow();

    State state() const { return m_state; }
    const HubConnectionOptions &options() const { return m_options; }
    // The protocol the next session speaks: the options' own, or their fallback once the
    // hub refused it.
    const HubProtocol &protocol() const { return *m_protocol; }
    // True once sessions go over Server-Sent Events: the hub offers only them, or the
    // WebSocket could not read its text (transportSwitched()).
    bool usesServerSentEvents() const { return m_usesServerSentEvents; }
    // While Reconnecting: when the next attempt starts, and its number (1 for the first).
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }
    int reconnectAttempt() const { return m_attempt; }
    ConnectionError lastError() const { return m_lastError; }

    // Registers a handler for a server callback. Register before start(): the server may
    // call right after the handshake. A handler that throws is logged and skipped.
    void on(const QString &target, Handler handler);
    void off(const QString &target);
    // Receives invocations for targets nobody registered (otherwise logged once each).
    void setFallbackHandler(FallbackHandler handler);

    // Calls a hub method; `callback` gets its result or error exactly once, on this thread
    // and never synchronously from within invoke(). It fails at once when not connected and
    // when the connection is lost before the completion. Not called once `context` is gone.
    void invoke(const QString &target, const QJsonArray &arguments, QObject *context, InvocationCallback callback);
    // Fire and forget. Returns false when not connected (the message was not sent).
    bool send(const QString &target, const QJsonArray &arguments);

signals:
    void stateChanged(signalr::HubConnection::State state);
    // A session is established: after start() and after every successful reconnect.
    void connected();
    void reconnecting(const signalr::ConnectionError &reason);
    void reconnectScheduled(int attempt, const QDateTime &at, const signalr::ConnectionError &lastError);
    // A connection established again after one was lost (not a first start that retried).
    void reconnected();
    // The connection is over for good: stopped, refused, or the retry policy gave up.
    void closed(const signalr::ConnectionError &reason);
    // Stateful reconnect: the WebSocket dropped and is being reopened for the same hub
    // connection, which stays Connected (invocations wait, nothing is lost); then it was.
    // When reopening fails, the usual reconnecting() follows.
    void transportResuming(const signalr::ConnectionError &reason);
    void transportResumed();
    // The WebSocket could not read the hub's text (`why`, a 1007 close: Qt 6.4 and
    // characters split across frames): the connection is made again at once over
    // Server-Sent Events, and every later one too. Emitted before the invocations that were
    // waiting fail, so that their callers can tell.
    void transportSwitched(const signalr::ConnectionError &why);

private:
    struct PendingInvocation
    {
        QPointer<QObject> context;
        InvocationCallback callback;
    };

    void setState(State state);
    void openSession();
    void onSessionOpened();
    void onSessionEnded(const ConnectionError &reason);
    // When `reason` is the WebSocket unable to read the hub's text (the first time): every
    // session from now on prefers Server-Sent Events, and the next one starts at once.
    bool switchToServerSentEvents(const ConnectionError &reason);
    void onMessage(const HubMessage &message);
    void dispatchInvocation(const HubMessage &message);
    const Handler *handlerFor(const QString &target);
    void completeInvocation(const QString &invocationId, const InvocationResult &result);
    void failAllPending(const QString &why);
    void scheduleRetry(const ConnectionError &reason);
    void finish(const ConnectionError &reason);
    static void deliver(const PendingInvocation &pending, const InvocationResult &result);

    HubConnectionOptions m_options;
    std::shared_ptr<const HubProtocol> m_protocol;
    HubNetwork *m_network;
    HubSession *m_session = nullptr;
    // Set for the rest of the connection's life once the WebSocket could not read the
    // hub's text; then every session prefers Server-Sent Events.
    bool m_preferServerSentEvents = false;
    bool m_usesServerSentEvents = false;
    State m_state = State::Disconnected;
    // Since start(): whether a session was ever established (so a new one is a reconnect).
    bool m_hasConnected = false;
    ConnectionError m_lastError;

    QHash<QString, Handler> m_handlers;
    // The handler found last and its target, held so that the text's address cannot be
    // another's: a flood calls one method over and over, and a look-up hashes and compares
    // the name (docs/performance-rules.md). Reset when m_handlers changes.
    QString m_lastTarget;
    const Handler *m_lastHandler = nullptr;
    FallbackHandler m_fallbackHandler;
    QSet<QString> m_warnedTargets;
    QHash<QString, PendingInvocation> m_pending;
    quint64 m_nextInvocationId = 0;

    QTimer m_retryTimer;
    QRandomGenerator m_random;
    int m_attempt = 0;
    QDateTime m_nextAttemptAt;
};

} // namespace signalr
