// HubConnection against the loopback TestPeer. Server callbacks: handlers, headers,
// unregistered targets, throwing handlers, the fallback.
#include "HubConnectionTestSupport.h"

#include <QJsonObject>
#include <QRegularExpression>

#include <stdexcept>

using namespace signalr;
using namespace signalr::testing;
using State = HubConnection::State;

class TestHubConnectionCallbacks : public QObject
{
    Q_OBJECT

private slots:
    // --- Server callbacks -----------------------------------------------------------

    void handlerReceivesServerInvocations()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<QJsonArray> calls;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            calls.append(arguments);
        });
        QVERIFY(connectTo(connection));
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{1, QStringLiteral("a")}));
        peer.connection()->send(
            HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{QJsonObject{{QStringLiteral("n"), 2}}}));
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
        connection.on(QStringLiteral("Say"),
                      [&](const signalr::RawJsonList &raw) { received.append(signalr::toJsonArray(raw).at(0).toString()); });
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
            const QJsonArray arguments = signalr::toJsonArray(raw);
            calls.append(arguments);
        });
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
};

QTEST_GUILESS_MAIN(TestHubConnectionCallbacks)
#include "tst_hubconnection_callbacks.moc"
