// HubConnection against the loopback TestPeer: invocations, server callbacks, the
// handshake, framing on the wire, keepalive and server timeout, Close, reconnects and stop.
#include "SignalRTestSupport.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <stdexcept>

using namespace signalr;
using namespace signalr::testing;
using signalr::server::HttpRequestHead;
using signalr::server::httpResponse;
using Kind = ConnectionError::Kind;
using State = HubConnection::State;

namespace {

// A protocol the client does not speak: a peer that only accepts it refuses the handshake.
class OtherProtocol final : public HubProtocol
{
public:
    QString name() const override { return QStringLiteral("other"); }
    int version() const override { return 1; }
    TransferFormat transferFormat() const override { return TransferFormat::Text; }
    std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const override
    {
        return m_json.createFraming(maxRecordSize);
    }
    bool decode(const QByteArray &record, HubMessage &message, QString &error) const override
    {
        return m_json.decode(record, message, error);
    }
    QByteArray encode(const HubMessage &message) const override { return m_json.encode(message); }

private:
    JsonHubProtocol m_json;
};

QByteArray encoded(const HubMessage &message)
{
    return JsonHubProtocol().encode(message);
}

QByteArray serverCall(const QString &target, const QJsonArray &arguments)
{
    return encoded(HubMessage::invocation(QString(), target, arguments));
}

// Everything a connection reports, in order.
struct Events
{
    explicit Events(HubConnection &connection)
    {
        QObject::connect(&connection, &HubConnection::stateChanged, &connection,
                         [this](HubConnection::State state) { states.append(state); });
        QObject::connect(&connection, &HubConnection::connected, &connection, [this] { ++connected; });
        QObject::connect(&connection, &HubConnection::reconnected, &connection, [this] { ++reconnected; });
        QObject::connect(&connection, &HubConnection::reconnecting, &connection,
                         [this](const ConnectionError &reason) { reconnecting.append(reason); });
        QObject::connect(&connection, &HubConnection::reconnectScheduled, &connection,
                         [this](int attempt, const QDateTime &at, const ConnectionError &reason) {
                             attempts.append(attempt);
                             attemptTimes.append(at);
                             scheduled.append(reason);
                         });
        QObject::connect(&connection, &HubConnection::closed, &connection,
                         [this](const ConnectionError &reason) { closed.append(reason); });
    }

    QList<HubConnection::State> states;
    int connected = 0;
    int reconnected = 0;
    QList<ConnectionError> reconnecting;
    QList<int> attempts;
    QList<QDateTime> attemptTimes;
    QList<ConnectionError> scheduled;
    QList<ConnectionError> closed;
};

QString describe(const ConnectionError &error)
{
    return QStringLiteral("kind %1, HTTP %2: %3").arg(int(error.kind)).arg(error.httpStatus).arg(error.message);
}

QList<HubMessage> ofType(const QList<HubMessage> &messages, HubMessage::Type type)
{
    QList<HubMessage> matching;
    for (const HubMessage &message : messages) {
        if (message.type == type)
            matching.append(message);
    }
    return matching;
}

} // namespace

class TestHubConnection : public QObject
{
    Q_OBJECT

private:
    static HubConnectionOptions optionsFor(const TestPeer &peer)
    {
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        options.accessTokenProvider = [] { return QStringLiteral("secret"); };
        return options;
    }

    // Starts and waits for the first session; false when it did not come up.
    static bool connectTo(HubConnection &connection)
    {
        connection.start();
        return waitForState(connection, State::Connected);
    }

    // Waits until `handler` has run `count` times in total; the peer's messages are
    // handled in order, so this also means everything sent before was processed.
    static bool waitForCount(const int &counter, int count)
    {
        return QTest::qWaitFor([&] { return counter >= count; }, 5000);
    }

private slots:
    // --- Invocations -------------------------------------------------------------------

    void invokeReturnsTheResult()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));

        auto add = invoke(connection, QStringLiteral("Add"), {2, 3}, this);
        auto echo = invoke(connection, QStringLiteral("Echo"), {QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}}}, this);
        QTRY_VERIFY(add->done() && echo->done());
        QVERIFY(add->result.ok);
        QCOMPARE(add->result.value.toValue().toDouble(), 5.0);
        QVERIFY(echo->result.ok);
        QCOMPARE(echo->result.value.toValue().toObject().value(QStringLiteral("k")).toString(), QStringLiteral("v"));
        QCOMPARE(add->calls, 1);
        QCOMPARE(echo->calls, 1);
    }

    void invokeErrorIsTheServersTextWordForWord()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        const QString text = QStringLiteral("Strategy 'Iron Condor #4' is not running: it was paused at 10:31.");
        auto call = invoke(connection, QStringLiteral("Fail"), {text}, this);
        QTRY_VERIFY(call->done());
        QVERIFY(!call->result.ok);
        QCOMPARE(call->result.error, text);
        QCOMPARE(call->calls, 1);
        QCOMPARE(connection.state(), State::Connected);
    }

    void pendingInvokeFailsWhenThePeerDrops()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        auto call = invoke(connection, QStringLiteral("Never"), {}, this);
        QTRY_COMPARE(ofType(peer.received, HubMessage::Type::Invocation).size(), 1);
        QVERIFY(!call->done());
        peer.connection()->abort();
        QTRY_VERIFY(call->done());
        QVERIFY(!call->result.ok);
        QVERIFY2(call->result.error.contains(QLatin1String("connection was lost")), qPrintable(call->result.error));
        // Exactly once, also after the reconnect.
        QVERIFY(peer.waitForOpened(2));
        QVERIFY(waitForState(connection, State::Connected));
        QCOMPARE(call->calls, 1);
    }

    void pendingInvokeFailsWhenStopped()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        auto call = invoke(connection, QStringLiteral("Never"), {}, this);
        connection.stop();
        QTRY_VERIFY(call->done());
        QVERIFY(!call->result.ok);
        QVERIFY2(call->result.error.contains(QLatin1String("stopped")), qPrintable(call->result.error));
    }

    void invokeWhileDisconnectedFailsAsynchronously()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        auto call = invoke(connection, QStringLiteral("Echo"), {1}, this);
        // Not from within invoke(): the caller may still be setting up what the callback uses.
        QCOMPARE(call->calls, 0);
        QTRY_VERIFY(call->done());
        QCOMPARE(call->calls, 1);
        QVERIFY(!call->result.ok);
        QVERIFY2(call->result.error.contains(QLatin1String("Echo")), qPrintable(call->result.error));
        QVERIFY2(call->result.error.contains(QLatin1String("not established")), qPrintable(call->result.error));
        QCOMPARE(peer.server().negotiateCount(), 0);
    }

    void invokeWhileReconnectingFailsAsynchronously()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.retryPolicy.delaysMs = {5000};
        HubConnection connection(options);
        QVERIFY(connectTo(connection));
        peer.connection()->abort();
        QVERIFY(waitForState(connection, State::Reconnecting));
        auto call = invoke(connection, QStringLiteral("Echo"), {1}, this);
        QCOMPARE(call->calls, 0);
        QTRY_VERIFY(call->done());
        QVERIFY(!call->result.ok);
    }

    void callbackNotCalledOnceItsContextIsGone()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));

        auto *context = new QObject;
        auto orphan = invoke(connection, QStringLiteral("Echo"), {1}, context);
        delete context;
        // Completions arrive in order: once this one is in, the first one was handled.
        auto witness = invoke(connection, QStringLiteral("Echo"), {2}, this);
        QTRY_VERIFY(witness->done());
        QCOMPARE(ofType(peer.received, HubMessage::Type::Invocation).size(), 2);
        QCOMPARE(orphan->calls, 0);

        // The same for a failure delivered later (not connected).
        connection.stop();
        auto *context2 = new QObject;
        auto orphan2 = invoke(connection, QStringLiteral("Echo"), {3}, context2);
        delete context2;
        auto witness2 = invoke(connection, QStringLiteral("Echo"), {4}, this);
        QTRY_VERIFY(witness2->done());
        QCOMPARE(orphan2->calls, 0);
    }

    void sendReachesThePeerWithoutInvocationId()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(!connection.send(QStringLiteral("Notify"), {1}));
        QVERIFY(connectTo(connection));
        QVERIFY(connection.send(QStringLiteral("Notify"), {QStringLiteral("a"), 2}));
        QTRY_COMPARE(peer.received.size(), 1);
        const HubMessage message = peer.received.first();
        QCOMPARE(message.type, HubMessage::Type::Invocation);
        QVERIFY(message.invocationId.isEmpty());
        QCOMPARE(message.target, QStringLiteral("Notify"));
        QCOMPARE(signalr::toJsonArray(message.arguments), (QJsonArray{QStringLiteral("a"), 2}));
    }

    void invocationIdsCountUpAndSurviveReconnects()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        auto first = invoke(connection, QStringLiteral("Echo"), {1}, this);
        auto second = invoke(connection, QStringLiteral("Echo"), {2}, this);
        QTRY_VERIFY(first->done() && second->done());

        peer.connection()->abort();
        QVERIFY(peer.waitForOpened(2));
        QVERIFY(waitForState(connection, State::Connected));
        auto third = invoke(connection, QStringLiteral("Echo"), {3}, this);
        QTRY_VERIFY(third->done());
        QVERIFY(third->result.ok);
        QCOMPARE(third->result.value.toValue().toInt(), 3);

        QStringList ids;
        for (const HubMessage &message : ofType(peer.received, HubMessage::Type::Invocation))
            ids << message.invocationId;
        QCOMPARE(ids, (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}));
    }

    // --- Server callbacks --------------------------------------------------------------

    void handlerReceivesServerInvocations()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<QJsonArray> calls;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); calls.append(arguments); });
        QVERIFY(connectTo(connection));
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{1, QStringLiteral("a")}));
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{QJsonObject{{QStringLiteral("n"), 2}}}));
        QTRY_COMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0), (QJsonArray{1, QStringLiteral("a")}));
        QCOMPARE(calls.at(1).at(0).toObject().value(QStringLiteral("n")).toInt(), 2);
    }

    void nonAsciiTextArrivesIntact()
    {
        // The client narrows ASCII messages itself and encodes a message that holds any
        // other character as UTF-8 in full: one such character early in a long message,
        // one in its last characters, and a message that is ASCII throughout.
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QStringList received;
        connection.on(QStringLiteral("Say"), [&](const signalr::RawJsonList &raw) {
            received.append(signalr::toJsonArray(raw).at(0).toString()); });
        QVERIFY(connectTo(connection));
        const QString padding(100, QLatin1Char('x'));
        const QStringList sent{QStringLiteral("Grüße, 日本 €") + padding, padding + QStringLiteral("ü€"), padding};
        for (const QString &text : sent)
            peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Say"), QJsonArray{text}));
        QTRY_COMPARE(received.size(), sent.size());
        QCOMPARE(received, sent);
    }

    void offStopsTheHandler()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        int ticks = 0;
        int markers = 0;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        connection.on(QStringLiteral("Marker"), [&](const signalr::RawJsonList &) { ++markers; });
        QVERIFY(connectTo(connection));
        connection.off(QStringLiteral("Tick"));
        QTest::ignoreMessage(QtWarningMsg, "No handler is registered for the server's method Tick - its calls are ignored.");
        peer.connection()->sendEncoded(serverCall(QStringLiteral("Tick"), {}) + serverCall(QStringLiteral("Marker"), {}));
        QVERIFY(waitForCount(markers, 1));
        QCOMPARE(ticks, 0);
    }

    // The handler found last is remembered for the next call of the same method: a handler
    // replaced or removed after calls were dispatched is honoured all the same, and calls
    // that alternate between methods each reach their own.
    void handlersReplacedOrRemovedAfterCallsAreHonoured()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        int ticks = 0, replacedTicks = 0, markers = 0;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        connection.on(QStringLiteral("Marker"), [&](const signalr::RawJsonList &) { ++markers; });
        QVERIFY(connectTo(connection));
        const QByteArray tick = serverCall(QStringLiteral("Tick"), {});
        const QByteArray marker = serverCall(QStringLiteral("Marker"), {});
        peer.connection()->sendEncoded(tick + tick + marker + tick + marker);
        QVERIFY(waitForCount(markers, 2));
        QCOMPARE(ticks, 3);
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++replacedTicks; });
        peer.connection()->sendEncoded(tick + tick + marker);
        QVERIFY(waitForCount(markers, 3));
        QCOMPARE(ticks, 3);
        QCOMPARE(replacedTicks, 2);
        connection.off(QStringLiteral("Tick"));
        QTest::ignoreMessage(QtWarningMsg, "No handler is registered for the server's method Tick - its calls are ignored.");
        peer.connection()->sendEncoded(tick + marker);
        QVERIFY(waitForCount(markers, 4));
        QCOMPARE(replacedTicks, 2);
    }

    void messageWithHeadersIsAccepted()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<QJsonArray> calls;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); calls.append(arguments); });
        QVERIFY(connectTo(connection));
        peer.connection()->sendRaw(
            R"({"type":1,"headers":{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},"target":"Tick","arguments":[7]})"
            "\x1e",
            false);
        QTRY_COMPARE(calls.size(), 1);
        QCOMPARE(calls.first(), QJsonArray{7});
        QCOMPARE(connection.state(), State::Connected);
    }

    void unregisteredTargetIsLoggedOnceAndIgnored()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        int markers = 0;
        connection.on(QStringLiteral("Marker"), [&](const signalr::RawJsonList &) { ++markers; });
        QVERIFY(connectTo(connection));

        QTest::ignoreMessage(QtWarningMsg, "No handler is registered for the server's method Nobody - its calls are ignored.");
        peer.connection()->sendEncoded(serverCall(QStringLiteral("Nobody"), {1}) + serverCall(QStringLiteral("Marker"), {}));
        QVERIFY(waitForCount(markers, 1));

        // From here on, any further warning about it fails the test.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Nobody")));
        peer.connection()->sendEncoded(serverCall(QStringLiteral("Nobody"), {2}) + serverCall(QStringLiteral("Nobody"), {3})
                                       + serverCall(QStringLiteral("Marker"), {}));
        QVERIFY(waitForCount(markers, 2));

        QCOMPARE(connection.state(), State::Connected);
        auto echo = invoke(connection, QStringLiteral("Echo"), {5}, this);
        QTRY_VERIFY(echo->done());
        QVERIFY(echo->result.ok);
    }

    void unregisteredTargetWithAnIdIsAnsweredWithAnError()
    {
        // A server awaiting a client result must not wait forever.
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        QTest::ignoreMessage(QtWarningMsg, "No handler is registered for the server's method AskClient - its calls are ignored.");
        peer.connection()->send(HubMessage::invocation(QStringLiteral("s1"), QStringLiteral("AskClient"), QJsonArray{}));
        QTRY_COMPARE(ofType(peer.received, HubMessage::Type::Completion).size(), 1);
        const HubMessage completion = ofType(peer.received, HubMessage::Type::Completion).first();
        QCOMPARE(completion.invocationId, QStringLiteral("s1"));
        QVERIFY(!completion.error.isEmpty());
    }

    void throwingHandlerIsLoggedAndTheNextCallGetsThrough()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        int calls = 0;
        connection.on(QStringLiteral("Boom"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            ++calls;
            if (arguments.at(0).toBool())
                throw std::runtime_error("handler broke");
        });
        QVERIFY(connectTo(connection));
        QTest::ignoreMessage(QtWarningMsg, "The handler for Boom threw: handler broke");
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Boom"), QJsonArray{true}));
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Boom"), QJsonArray{false}));
        QVERIFY(waitForCount(calls, 2));
        QCOMPARE(connection.state(), State::Connected);
        auto echo = invoke(connection, QStringLiteral("Echo"), {1}, this);
        QTRY_VERIFY(echo->done());
        QVERIFY(echo->result.ok);
    }

    void fallbackHandlerGetsUnregisteredTargets()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<QPair<QString, QJsonArray>> fallback;
        int ticks = 0;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        connection.setFallbackHandler([&](const QString &target, const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            fallback.append({target, arguments});
        });
        QVERIFY(connectTo(connection));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("No handler")));
        peer.connection()->sendEncoded(serverCall(QStringLiteral("Other"), {1, 2}) + serverCall(QStringLiteral("Tick"), {})
                                       + serverCall(QStringLiteral("Third"), {}));
        QTRY_COMPARE(fallback.size(), 2);
        QCOMPARE(ticks, 1);
        QCOMPARE(fallback.at(0).first, QStringLiteral("Other"));
        QCOMPARE(fallback.at(0).second, (QJsonArray{1, 2}));
        QCOMPARE(fallback.at(1).first, QStringLiteral("Third"));
    }

    // --- Handshake ---------------------------------------------------------------------

    void slowHandshakeTimesOut()
    {
        server::HubServerOptions peerOptions;
        peerOptions.handshakeDelayMs = 2000;
        TestPeer peer(peerOptions);
        HubConnectionOptions options = optionsFor(peer);
        options.handshakeTimeoutMs = 300;
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        QElapsedTimer elapsed;
        elapsed.start();
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 1500);
        QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));
        const ConnectionError error = events.closed.first();
        QVERIFY2(error.kind == Kind::Timeout, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(QLatin1String("handshake")), qPrintable(error.message));
        QCOMPARE(connection.state(), State::Disconnected);
        QCOMPARE(peer.openedCount(), 0);
    }

    void handshakeRefusedByThePeer()
    {
        server::HubServerOptions peerOptions;
        peerOptions.protocols = {std::make_shared<OtherProtocol>()};
        TestPeer peer(peerOptions);
        HubConnectionOptions options = optionsFor(peer);
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_COMPARE(events.closed.size(), 1);
        const ConnectionError error = events.closed.first();
        QVERIFY2(error.kind == Kind::Handshake, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(QLatin1String("The protocol 'json' version 1 is not supported.")), qPrintable(error.message));
        QCOMPARE(events.connected, 0);
    }

    void callsInTheHandshakeFrameAreDispatched()
    {
        server::HubServerOptions peerOptions;
        peerOptions.handshakeResponseSuffix = serverCall(QStringLiteral("Welcome"), {1}) + serverCall(QStringLiteral("Welcome"), {2});
        TestPeer peer(peerOptions);
        HubConnection connection(optionsFor(peer));
        QList<int> welcomes;
        connection.on(QStringLiteral("Welcome"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); welcomes.append(arguments.at(0).toInt()); });
        connection.start();
        QTRY_COMPARE(welcomes.size(), 2);
        QCOMPARE(welcomes, (QList<int>{1, 2}));
        QCOMPARE(connection.state(), State::Connected);
    }

    // --- Framing on the wire -----------------------------------------------------------

    void severalRecordsInOneFrame()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<int> ticks;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); ticks.append(arguments.at(0).toInt()); });
        QVERIFY(connectTo(connection));
        peer.connection()->sendEncoded(serverCall(QStringLiteral("Tick"), {1}) + encoded(HubMessage::ping())
                                       + serverCall(QStringLiteral("Tick"), {2}) + serverCall(QStringLiteral("Tick"), {3}));
        QTRY_COMPARE(ticks.size(), 3);
        QCOMPARE(ticks, (QList<int>{1, 2, 3}));
    }

    void recordSplitAcrossTwoMessages()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<QJsonArray> ticks;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); ticks.append(arguments); });
        QVERIFY(connectTo(connection));
        const QByteArray record = serverCall(QStringLiteral("Tick"), {QStringLiteral("split in two")});
        peer.connection()->sendRaw(record.left(10), false);
        peer.connection()->sendRaw(record.mid(10) + record.left(5), false);
        peer.connection()->sendRaw(record.mid(5), true);
        QTRY_COMPARE(ticks.size(), 2);
        QCOMPARE(ticks.at(0), QJsonArray{QStringLiteral("split in two")});
        QCOMPARE(ticks.at(1), QJsonArray{QStringLiteral("split in two")});
        QCOMPARE(connection.state(), State::Connected);
    }

    // --- Receive scheduling ----------------------------------------------------------------

    void floodIsDispatchedOverSeveralTurnsOfTheEventLoop()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<int> ticks;
        int ticksWhenTheLoopRan = -1;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            if (ticks.isEmpty())
                QTimer::singleShot(0, &connection, [&] { ticksWhenTheLoopRan = int(ticks.size()); });
            ticks.append(arguments.at(0).toInt());
            QThread::msleep(1); // a slow consumer: 200 of them take far longer than a turn
        });
        QVERIFY(connectTo(connection));
        QByteArray records;
        for (int i = 0; i < 200; ++i)
            records += serverCall(QStringLiteral("Tick"), {i});
        peer.connection()->sendEncoded(records);
        QTRY_COMPARE(ticks.size(), 200);
        // The event loop had a turn in between, instead of waiting for all 200.
        QVERIFY2(ticksWhenTheLoopRan > 0 && ticksWhenTheLoopRan < 200, qPrintable(QString::number(ticksWhenTheLoopRan)));
        for (int i = 0; i < 200; ++i)
            QCOMPARE(ticks.at(i), i);
        QCOMPARE(connection.state(), State::Connected);
    }

    void whatArrivedBeforeTheServerClosedIsDispatchedFirst()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        int ticks = 0;
        int ticksWhenClosed = -1;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        connect(&connection, &HubConnection::reconnecting, this, [&] { ticksWhenClosed = ticks; });
        QVERIFY(connectTo(connection));
        QByteArray records;
        for (int i = 0; i < 2000; ++i)
            records += serverCall(QStringLiteral("Tick"), {QString(100, QLatin1Char('t'))});
        peer.connection()->sendEncoded(records);
        peer.connection()->closeWithError(QStringLiteral("Maintenance."), false);
        QTRY_COMPARE(events.reconnecting.size(), 1);
        QCOMPARE(ticksWhenClosed, 2000);
        QCOMPARE(events.reconnecting.first().kind, Kind::ServerClosed);
    }

    void binaryFrameCarryingJsonRecords()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<int> ticks;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw); ticks.append(arguments.at(0).toInt()); });
        QVERIFY(connectTo(connection));
        peer.connection()->sendRaw(serverCall(QStringLiteral("Tick"), {1}) + serverCall(QStringLiteral("Tick"), {2}), true);
        QTRY_COMPARE(ticks, (QList<int>{1, 2}));
        QCOMPARE(connection.state(), State::Connected);
    }

    void garbageIsAProtocolErrorAndReconnects()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        QVERIFY(connectTo(connection));
        peer.connection()->sendRaw("this is not JSON at all\x1e", false);
        QTRY_COMPARE(events.reconnecting.size(), 1);
        const ConnectionError reason = events.reconnecting.first();
        QVERIFY2(reason.kind == Kind::Protocol, qPrintable(describe(reason)));
        QVERIFY2(reason.message.contains(QLatin1String("malformed")), qPrintable(reason.message));
        QTRY_COMPARE(events.reconnected, 1);
        QCOMPARE(peer.openedCount(), 2);
        QCOMPARE(connection.state(), State::Connected);
    }

    void oversizedRecordIsAProtocolError_data()
    {
        QTest::addColumn<bool>("inOneMessage");
        QTest::newRow("one message over the limit") << true;
        QTest::newRow("a record growing over several messages") << false;
    }

    void oversizedRecordIsAProtocolError()
    {
        QFETCH(bool, inOneMessage);
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.maxMessageSize = 1024;
        HubConnection connection(options);
        Events events(connection);
        int ticks = 0;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        QVERIFY(connectTo(connection));

        // A record of exactly the limit (separator not counted) is fine.
        const qsizetype overhead = serverCall(QStringLiteral("Tick"), {QString()}).size() - 1;
        const QByteArray fits = serverCall(QStringLiteral("Tick"), {QString(1024 - overhead, QLatin1Char('x'))});
        QCOMPARE(fits.size(), 1025);
        peer.connection()->sendRaw(fits, false);
        QVERIFY(waitForCount(ticks, 1));

        const QByteArray big = serverCall(QStringLiteral("Tick"), {QString(2000, QLatin1Char('x'))});
        if (inOneMessage) {
            peer.connection()->sendRaw(big, false);
        } else {
            for (qsizetype at = 0; at < big.size(); at += 600)
                peer.connection()->sendRaw(big.mid(at, 600), false);
        }
        QTRY_COMPARE(events.reconnecting.size(), 1);
        const ConnectionError reason = events.reconnecting.first();
        QVERIFY2(reason.kind == Kind::Protocol, qPrintable(describe(reason)));
        QVERIFY2(reason.message.contains(QLatin1String("1024")), qPrintable(reason.message));
        QCOMPARE(ticks, 1);
        QTRY_COMPARE(events.reconnected, 1);
    }

    void unknownMessageTypeIsIgnored()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        int ticks = 0;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &) { ++ticks; });
        QVERIFY(connectTo(connection));
        peer.connection()->sendRaw(R"({"type":99,"something":"new"})"
                                   "\x1e",
                                   false);
        peer.connection()->sendRaw(R"({"type":99})"
                                   "\x1e" +
                                       serverCall(QStringLiteral("Tick"), {}),
                                   false);
        QVERIFY(waitForCount(ticks, 1));
        QCOMPARE(connection.state(), State::Connected);
        QVERIFY(events.reconnecting.isEmpty());
        QCOMPARE(peer.openedCount(), 1);
    }

    // --- Keepalive and server timeout --------------------------------------------------

    void clientSendsKeepAlivePings()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.keepAliveIntervalMs = 100;
        HubConnection connection(options);
        QVERIFY(connectTo(connection));
        QElapsedTimer elapsed;
        elapsed.start();
        // Every 100 ms: three within half a second, with some slack for a busy machine.
        QTRY_VERIFY_WITH_TIMEOUT(ofType(peer.received, HubMessage::Type::Ping).size() >= 3, 700);
        QVERIFY2(elapsed.elapsed() >= 150, qPrintable(QString::number(elapsed.elapsed())));
    }

    void noPingsWhileBusySending()
    {
        // A ping is only due after an interval without anything sent.
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.keepAliveIntervalMs = 300;
        HubConnection connection(options);
        QVERIFY(connectTo(connection));
        QElapsedTimer elapsed;
        elapsed.start();
        while (elapsed.elapsed() < 600) {
            connection.send(QStringLiteral("Notify"), {});
            QTest::qWait(50);
        }
        QCOMPARE(ofType(peer.received, HubMessage::Type::Ping).size(), 0);
        QTRY_COMPARE(ofType(peer.received, HubMessage::Type::Ping).size(), 1);
    }

    void serverTimeoutReconnects()
    {
        server::HubServerOptions peerOptions;
        peerOptions.keepAliveIntervalMs = 0;
        TestPeer peer(peerOptions);
        HubConnectionOptions options = optionsFor(peer);
        options.serverTimeoutMs = 300;
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        QElapsedTimer elapsed;
        elapsed.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.reconnecting.size(), 1, 2000);
        QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));
        const ConnectionError reason = events.reconnecting.first();
        QVERIFY2(reason.kind == Kind::Timeout, qPrintable(describe(reason)));
        QVERIFY2(reason.message.contains(QLatin1String("Server timeout")), qPrintable(reason.message));
        QTRY_COMPARE(events.reconnected, 1);
    }

    void serverPingsKeepTheConnectionUp()
    {
        server::HubServerOptions peerOptions;
        peerOptions.keepAliveIntervalMs = 50;
        TestPeer peer(peerOptions);
        HubConnectionOptions options = optionsFor(peer);
        options.serverTimeoutMs = 400;
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        // Twice the timeout: only the server's pings keep it alive.
        QTest::qWait(800);
        QVERIFY(events.reconnecting.isEmpty());
        QCOMPARE(connection.state(), State::Connected);
        // And silence is noticed.
        peer.connection()->setPingsEnabled(false);
        QTRY_COMPARE_WITH_TIMEOUT(events.reconnecting.size(), 1, 2000);
        QCOMPARE(events.reconnecting.first().kind, Kind::Timeout);
    }

    // --- Close from the server and reconnects ------------------------------------------

    // Unlike the official clients, which stop for good (a monitor should not stop on a
    // server's restart), but no sooner than afterServerCloseMs, and saying why.
    void serverCloseWithoutReconnectRetriesLater()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.retryPolicy.afterServerCloseMs = 300;
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        QElapsedTimer sinceClose;
        sinceClose.start();
        peer.connection()->closeWithError(QStringLiteral("Your key was revoked by an administrator."), false);
        QTRY_COMPARE(events.reconnecting.size(), 1);
        const ConnectionError reason = events.reconnecting.first();
        QVERIFY2(reason.kind == Kind::ServerClosed, qPrintable(describe(reason)));
        QVERIFY(!reason.serverAllowsReconnect);
        QVERIFY2(reason.message.contains(QLatin1String("Your key was revoked by an administrator. It did not allow a "
                                                       "reconnect: trying again after at least 0.3 s")),
                 qPrintable(reason.message));
        QCOMPARE(connection.state(), State::Reconnecting);
        QTRY_COMPARE(events.reconnected, 1);
        QVERIFY2(sinceClose.elapsed() >= 300, qPrintable(QString::number(sinceClose.elapsed())));
        QCOMPARE(peer.server().negotiateCount(), 2);
        QVERIFY(events.closed.isEmpty());
    }

    void serverCloseAllowingReconnectReconnects()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        QVERIFY(connectTo(connection));
        peer.connection()->closeWithError(QStringLiteral("Server restarting."), true);
        QTRY_COMPARE(events.reconnected, 1);
        QCOMPARE(events.reconnecting.size(), 1);
        QCOMPARE(events.reconnecting.first().kind, Kind::ServerClosed);
        QVERIFY(events.reconnecting.first().serverAllowsReconnect);
        QVERIFY(events.closed.isEmpty());
        QCOMPARE(peer.server().negotiateCount(), 2);
        QCOMPARE(connection.state(), State::Connected);
    }

    void abruptDropReconnects()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        int tokenRequests = 0;
        options.accessTokenProvider = [&] {
            ++tokenRequests;
            return QStringLiteral("token-%1").arg(tokenRequests);
        };
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        QCOMPARE(tokenRequests, 1);
        QCOMPARE(peer.server().negotiateCount(), 1);

        const QDateTime before = QDateTime::currentDateTimeUtc();
        peer.connection()->abort();
        QTRY_COMPARE(events.reconnected, 1);

        QCOMPARE(events.states, (QList<State>{State::Connecting, State::Connected, State::Reconnecting, State::Connected}));
        QCOMPARE(events.connected, 2);
        QCOMPARE(events.reconnecting.size(), 1);
        QVERIFY2(events.reconnecting.first().kind == Kind::ConnectionLost, qPrintable(describe(events.reconnecting.first())));
        QCOMPARE(events.attempts, QList<int>{1});
        const QDateTime at = events.attemptTimes.first();
        QVERIFY(at.isValid());
        QVERIFY(at >= before.addMSecs(-5));
        QVERIFY(at <= QDateTime::currentDateTimeUtc());
        // A new negotiate with a freshly asked token.
        QCOMPARE(peer.server().negotiateCount(), 2);
        QCOMPARE(tokenRequests, 2);
        QCOMPARE(peer.connection()->accessToken(), QStringLiteral("token-2"));
        QCOMPARE(connection.reconnectAttempt(), 0);
        QVERIFY(!connection.nextAttemptAt().isValid());
        QCOMPARE(connection.lastError().kind, Kind::None);
    }

    void retriesContinueWhileThePeerIsDown()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        QVERIFY(connectTo(connection));

        int refused = 0;
        peer.server().options().negotiateOverride = [&](const HttpRequestHead &) -> std::optional<QByteArray> {
            if (refused >= 5)
                return std::nullopt;
            ++refused;
            return httpResponse(503, "text/plain", "Service Unavailable");
        };
        peer.connection()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(events.reconnected, 1, 5000);
        QCOMPARE(refused, 5);
        QCOMPARE(events.attempts, (QList<int>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(events.scheduled.first().kind, Kind::ConnectionLost);
        for (int i = 1; i < events.scheduled.size(); ++i) {
            QCOMPARE(events.scheduled.at(i).kind, Kind::Http);
            QCOMPARE(events.scheduled.at(i).httpStatus, 503);
        }
        QCOMPARE(events.reconnecting.size(), 1);
        QVERIFY(events.closed.isEmpty());
        QCOMPARE(connection.state(), State::Connected);
    }

    void retryPolicyGivingUpCloses()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.retryPolicy.repeatDelayMs.reset(); // 0, 50, 100 ms, then give up
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        peer.server().options().negotiateOverride = [](const HttpRequestHead &) -> std::optional<QByteArray> {
            return httpResponse(503, "text/plain", "Service Unavailable");
        };
        peer.connection()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);
        QCOMPARE(events.attempts, (QList<int>{1, 2, 3}));
        QCOMPARE(events.closed.first().kind, Kind::Http);
        QVERIFY2(events.closed.first().message.contains(QLatin1String("Gave up")), qPrintable(events.closed.first().message));
        QCOMPARE(connection.state(), State::Disconnected);
    }

    // --- stop() ------------------------------------------------------------------------

    void stopWhileWaitingToReconnect()
    {
        TestPeer peer;
        HubConnectionOptions options = optionsFor(peer);
        options.retryPolicy.delaysMs = {5000};
        HubConnection connection(options);
        Events events(connection);
        QVERIFY(connectTo(connection));
        peer.connection()->abort();
        QVERIFY(waitForState(connection, State::Reconnecting));
        QVERIFY(connection.nextAttemptAt().isValid());
        connection.stop();
        QCOMPARE(connection.state(), State::Disconnected);
        QCOMPARE(events.closed.size(), 1);
        QCOMPARE(events.closed.first().kind, Kind::Stopped);
        QVERIFY(!events.closed.first().isError());
        QCOMPARE(events.states.last(), State::Disconnected);
        QCOMPARE(peer.server().negotiateCount(), 1);
    }

    void stopDuringAReconnectAttempt()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        QVERIFY(connectTo(connection));
        // The next session gets stuck in the handshake.
        peer.server().options().handshakeDelayMs = 5000;
        peer.connection()->abort();
        QTRY_COMPARE(peer.server().negotiateCount(), 2);
        QCOMPARE(connection.state(), State::Reconnecting);
        connection.stop();
        QTRY_COMPARE(events.closed.size(), 1);
        QCOMPARE(events.closed.first().kind, Kind::Stopped);
        QCOMPARE(connection.state(), State::Disconnected);
        QCOMPARE(events.reconnected, 0);
        QTest::qWait(200);
        QCOMPARE(peer.server().negotiateCount(), 2);
        QCOMPARE(events.closed.size(), 1);
    }

    void stopWhileConnectedSendsClose()
    {
        auto log = std::make_shared<QList<HubMessage>>();
        server::HubServerOptions peerOptions;
        peerOptions.protocols = {std::make_shared<RecordingJsonProtocol>(log)};
        TestPeer peer(peerOptions);
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        QVERIFY(connectTo(connection));
        QCOMPARE(peer.server().connections().size(), 1);
        connection.stop();
        QTRY_COMPARE(events.closed.size(), 1);
        QCOMPARE(events.closed.first().kind, Kind::Stopped);
        QCOMPARE(connection.state(), State::Disconnected);
        QCOMPARE(events.states.mid(events.states.size() - 2), (QList<State>{State::Disconnecting, State::Disconnected}));
        QTRY_COMPARE(ofType(*log, HubMessage::Type::Close).size(), 1);
        QTRY_VERIFY(peer.server().connections().isEmpty());
        QTest::qWait(100);
        QCOMPARE(peer.server().negotiateCount(), 1);
    }

    void stopWhileConnecting()
    {
        server::HubServerOptions peerOptions;
        peerOptions.handshakeDelayMs = 5000;
        TestPeer peer(peerOptions);
        HubConnection connection(optionsFor(peer));
        Events events(connection);
        connection.start();
        QTRY_COMPARE(peer.server().negotiateCount(), 1);
        connection.stop();
        QTRY_COMPARE(events.closed.size(), 1);
        QCOMPARE(events.closed.first().kind, Kind::Stopped);
        QCOMPARE(connection.state(), State::Disconnected);
        QCOMPARE(events.connected, 0);
    }

    void restartAfterStop()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QVERIFY(connectTo(connection));
        connection.stop();
        QCOMPARE(connection.state(), State::Disconnected);
        QVERIFY(connectTo(connection));
        QCOMPARE(peer.openedCount(), 2);
        auto echo = invoke(connection, QStringLiteral("Echo"), {1}, this);
        QTRY_VERIFY(echo->done());
        QVERIFY(echo->result.ok);
    }

    // --- The first connection ----------------------------------------------------------

    void refusedFirstConnectionWithoutRetry()
    {
        HubConnectionOptions options = fastOptions(QUrl(QStringLiteral("http://127.0.0.1:%1/hubs/events").arg(closedPort())));
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_COMPARE(events.closed.size(), 1);
        QVERIFY2(events.closed.first().kind == Kind::ConnectionRefused, qPrintable(describe(events.closed.first())));
        QCOMPARE(connection.state(), State::Disconnected);
        QVERIFY(events.scheduled.isEmpty());
        QCOMPARE(events.states, (QList<State>{State::Connecting, State::Disconnected}));
    }

    void refusedFirstConnectionIsRetriedByDefault()
    {
        const quint16 port = closedPort();
        HubConnectionOptions options = fastOptions(QUrl(QStringLiteral("http://127.0.0.1:%1/hubs/events").arg(port)));
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_VERIFY(events.scheduled.size() >= 2);
        QVERIFY(events.closed.isEmpty());
        QCOMPARE(events.scheduled.first().kind, Kind::ConnectionRefused);
        QCOMPARE(connection.state(), State::Reconnecting);
        connection.stop();
        QCOMPARE(connection.state(), State::Disconnected);
    }

    void firstConnectionAfterRetriesIsNotAReconnect()
    {
        TestPeer peer;
        int refused = 0;
        peer.server().options().negotiateOverride = [&](const HttpRequestHead &) -> std::optional<QByteArray> {
            if (refused >= 2)
                return std::nullopt;
            ++refused;
            return httpResponse(503, "text/plain", "Service Unavailable");
        };
        HubConnection connection(fastOptions(peer.hubUrl()));
        Events events(connection);
        connection.start();
        QTRY_COMPARE(events.connected, 1);
        QCOMPARE(refused, 2);
        QCOMPARE(events.reconnected, 0);
        QVERIFY(events.reconnecting.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHubConnection)
#include "tst_hubconnection.moc"
