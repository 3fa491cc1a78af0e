#include "HubConnection.h"

#include "HubNetwork.h"
#include "HubSession.h"
#include "JsonHubProtocol.h"
#include "SignalRLogging.h"


#include <exception>

namespace signalr {

using Kind = ConnectionError::Kind;

namespace {

// Runs user code (a handler or a callback) so that an exception escaping it is logged
// instead of tearing down the connection or the event loop.
template<typename Function>
void runGuarded(const char *what, const QString &name, Function &&function)
{
    try {
        function();
    } catch (const std::exception &exception) {
        qCWarning(lcSignalR).noquote() << what << name << "threw:" << exception.what();
    } catch (...) {
        qCWarning(lcSignalR).noquote() << what << name << "threw an exception of unknown type";
    }
}

} // namespace

HubConnection::HubConnection(HubConnectionOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_protocol(m_options.protocol ? m_options.protocol : std::make_shared<JsonHubProtocol>())
    , m_network(new HubNetwork(m_options, this))
    , m_random(QRandomGenerator::securelySeeded())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &HubConnection::openSession);
}

HubConnection::~HubConnection()
{
    failAllPending(QStringLiteral("The connection was destroyed."));
    if (m_session)
        m_session->disconnect(this);
}

void HubConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void HubConnection::start()
{
    if (m_state != State::Disconnected)
        return;
    m_attempt = 0;
    m_lastError = {};
    m_hasConnected = false;
    setState(State::Connecting);
    openSession();
}

void HubConnection::retryNow()
{
    if (m_state == State::Disconnected) {
        start();
        return;
    }
    if (m_state != State::Reconnecting || m_session || !m_retryTimer.isActive())
        return;
    m_retryTimer.stop();
    openSession();
}

void HubConnection::stop()
{
    switch (m_state) {
    case State::Disconnected:
    case State::Disconnecting: return;
    case State::Reconnecting:
        if (!m_session) {
            m_retryTimer.stop();
            finish(ConnectionError::make(Kind::Stopped, QStringLiteral("The connection was stopped.")));
            return;
        }
        break;
    default: break;
    }
    setState(State::Disconnecting);
    if (m_session)
        m_session->close(ConnectionError::make(Kind::Stopped, QStringLiteral("The connection was stopped.")));
}

void HubConnection::openSession()
{
    m_nextAttemptAt = {};
    m_session = new HubSession(
        m_network, m_options, *m_protocol, m_preferServerSentEvents, [this](const HubMessage &message) { onMessage(message); },
        this);
    connect(m_session, &HubSession::opened, this, &HubConnection::onSessionOpened);
    connect(m_session, &HubSession::resuming, this, &HubConnection::transportResuming);
    connect(m_session, &HubSession::resumed, this, &HubConnection::transportResumed);
    connect(m_session, &HubSession::ended, this, &HubConnection::onSessionEnded);
    m_session->open();
}

void HubConnection::onSessionOpened()
{
    // A first connection that needed retries is not a reconnect: nothing was lost yet.
    const bool isReconnect = m_hasConnected;
    m_hasConnected = true;
    m_attempt = 0;
    m_lastError = {};
    m_usesServerSentEvents = m_session->usesServerSentEvents();
    setState(State::Connected);
    emit connected();
    if (isReconnect && m_state == State::Connected)
        emit reconnected();
}

void HubConnection::onSessionEnded(const ConnectionError &reason)
{
    HubSession *session = m_session;
    m_session = nullptr;
    if (session) {
        session->disconnect(this);
        session->deleteLater();
    }
    // Said before the pending invocations fail, so that their callers know the connection
    // comes straight back.
    const bool switching = m_state != State::Disconnecting && switchToServerSentEvents(reason);
    failAllPending(reason.kind == Kind::Stopped
                       ? QStringLiteral("The invocation was canceled because the connection was stopped.")
                       : QStringLiteral("The invocation was canceled because the connection was lost: %1")
                             .arg(switching ? m_lastError.message : reason.message));

    if (switching && m_state != State::Disconnecting) {
        const bool wasConnected = m_state == State::Connected;
        if (wasConnected)
            setState(State::Reconnecting);
        if (wasConnected && m_state == State::Reconnecting)
            emit reconnecting(m_lastError);
        if (m_state == State::Connecting || m_state == State::Reconnecting)
            openSession();
        return;
    }
    if (m_state != State::Disconnecting && reason.kind == Kind::Handshake && m_options.fallbackProtocol
        && m_protocol != m_options.fallbackProtocol) {
        // Not a failure of the connection: the hub speaks another protocol. Asked again at
        // once, in that protocol, which every later session keeps.
        qCInfo(lcSignalR).noquote() << "The hub refused the" << m_protocol->name() << "protocol (" << reason.message << "); using"
                                    << m_options.fallbackProtocol->name() << "from now on.";
        m_protocol = m_options.fallbackProtocol;
        openSession();
        return;
    }
    const bool retryable = m_state == State::Connected || m_state == State::Reconnecting
                           || (m_state == State::Connecting && m_options.retryInitialConnection);
    if (m_state != State::Disconnecting && retryable && reason.allowsRetry())
        scheduleRetry(reason);
    else
        finish(reason);
}

bool HubConnection::switchToServerSentEvents(const ConnectionError &reason)
{
    if (reason.kind != Kind::UnreadableText || m_preferServerSentEvents)
        return false;
    // The hub's text is fine; our WebSocket cannot read it (docs/qt-websocket-split-utf8.md).
    // Server-Sent Events bring it undecoded; the Event Hub layer replays what this session
    // missed, as after any reconnect.
    ConnectionError why = reason;
    why.message += QStringLiteral(" Qt's WebSocket cannot read the hub's text when its frames split a character: "
                                  "reading it over Server-Sent Events from now on.");
    qCInfo(lcSignalR).noquote() << why.message;
    m_preferServerSentEvents = true;
    m_lastError = why;
    emit transportSwitched(why);
    return true;
}

void HubConnection::scheduleRetry(const ConnectionError &lost)
{
    ConnectionError reason = lost;
    if (reason.serverSentAway())
        reason.message += QLatin1String(reason.message.endsWith(QLatin1Char('.')) ? " " : ". ")
                          + QStringLiteral("It did not allow a reconnect: trying again after at least %1 s, in case it "
                                           "is restarting.")
                                .arg(m_options.retryPolicy.afterServerCloseMs / 1000.0);
    m_lastError = reason;
    const std::optional<int> delay = m_options.retryPolicy.delayBeforeAttempt(m_attempt, reason.serverSentAway(), m_random);
    if (!delay) {
        ConnectionError gaveUp = reason;
        gaveUp.message =
            QStringLiteral("Gave up reconnecting after %1 attempts. Last error: %2").arg(m_attempt).arg(reason.message);
        finish(gaveUp);
        return;
    }
    const bool wasConnected = m_state == State::Connected;
    ++m_attempt;
    m_nextAttemptAt = QDateTime::currentDateTimeUtc().addMSecs(*delay);
    setState(State::Reconnecting);
    if (wasConnected)
        emit reconnecting(reason);
    qCInfo(lcSignalR).noquote() << "connection lost:" << reason.message << "- attempt" << m_attempt << "in" << *delay << "ms";
    emit reconnectScheduled(m_attempt, m_nextAttemptAt, reason);
    if (m_state == State::Reconnecting)
        m_retryTimer.start(*delay);
}

void HubConnection::finish(const ConnectionError &reason)
{
    m_lastError = reason;
    m_nextAttemptAt = {};
    setState(State::Disconnected);
    emit closed(reason);
}

void HubConnection::on(const QString &target, Handler handler)
{
    m_lastHandler = nullptr;
    m_handlers.insert(target, std::move(handler));
}

void HubConnection::off(const QString &target)
{
    m_lastHandler = nullptr;
    m_handlers.remove(target);
}

const HubConnection::Handler *HubConnection::handlerFor(const QString &target)
{
    // The decoder shares one QString for each method name: the same text is the same data.
    if (m_lastHandler && target.constData() == m_lastTarget.constData() && target.size() == m_lastTarget.size())
        return m_lastHandler;
    const auto found = m_handlers.constFind(target);
    if (found == m_handlers.constEnd())
        return nullptr;
    m_lastTarget = target;
    m_lastHandler = &found.value();
    return m_lastHandler;
}

void HubConnection::setFallbackHandler(FallbackHandler handler)
{
    m_fallbackHandler = std::move(handler);
}

void HubConnection::invoke(const QString &target, const QJsonArray &arguments, QObject *context, InvocationCallback callback)
{
    PendingInvocation pending{context ? QPointer<QObject>(context) : QPointer<QObject>(this), std::move(callback)};
    if (m_state != State::Connected || !m_session) {
        const InvocationResult failure =
            InvocationResult::failure(QStringLiteral("Cannot invoke '%1': the connection is not established.").arg(target));
        QMetaObject::invokeMethod(this, [pending, failure] { deliver(pending, failure); }, Qt::QueuedConnection);
        return;
    }
    // Ids count up as strings and are not reset by a reconnect, as in the official clients.
    const QString invocationId = QString::number(m_nextInvocationId++);
    m_pending.insert(invocationId, std::move(pending));
    m_session->send(HubMessage::invocation(invocationId, target, arguments));
}

bool HubConnection::send(const QString &target, const QJsonArray &arguments)
{
    if (m_state != State::Connected || !m_session)
        return false;
    return m_session->send(HubMessage::invocation(QString(), target, arguments));
}

void HubConnection::onMessage(const HubMessage &message)
{
    switch (message.type) {
    case HubMessage::Type::Invocation: dispatchInvocation(message); break;
    case HubMessage::Type::Completion:
        completeInvocation(message.invocationId, message.error.isEmpty() ? InvocationResult::success(message.result)
                                                                         : InvocationResult::failure(message.error));
        break;
    default:
        // Streams are not used by this client; HubSession handles Ack and Sequence.
        break;
    }
}

void HubConnection::dispatchInvocation(const HubMessage &message)
{
    if (const Handler *handler = handlerFor(message.target)) {
        runGuarded("The handler for", message.target, [&] { (*handler)(message.arguments); });
    } else if (m_fallbackHandler) {
        runGuarded("The fallback handler for", message.target, [&] { m_fallbackHandler(message.target, message.arguments); });
    } else if (!m_warnedTargets.contains(message.target)) {
        m_warnedTargets.insert(message.target);
        qCWarning(lcSignalR).noquote() << "No handler is registered for the server's method" << message.target
                                       << "- its calls are ignored.";
    }
    // The server waits for an answer when it set an id (client results): we never have one.
    if (!message.invocationId.isEmpty() && m_session)
        m_session->send(HubMessage::completionWithError(message.invocationId, QStringLiteral("Client didn't provide a result.")));
}

void HubConnection::completeInvocation(const QString &invocationId, const InvocationResult &result)
{
    const auto it = m_pending.find(invocationId);
    if (it == m_pending.end()) {
        qCWarning(lcSignalR).noquote() << "The server completed an unknown invocation" << invocationId;
        return;
    }
    const PendingInvocation pending = std::move(it.value());
    m_pending.erase(it);
    deliver(pending, result);
}

void HubConnection::failAllPending(const QString &why)
{
    const QHash<QString, PendingInvocation> pending = std::exchange(m_pending, {});
    for (const PendingInvocation &invocation : pending)
        deliver(invocation, InvocationResult::failure(why));
}

void HubConnection::deliver(const PendingInvocation &pending, const InvocationResult &result)
{
    if (!pending.context || !pending.callback)
        return;
    runGuarded("The result callback", QString(), [&] { pending.callback(result); });
}

} // namespace signalr
