// HubConnection against the loopback TestPeer. Invocations: results, errors, failures while
// not connected, contexts, ids.
#include "HubConnectionTestSupport.h"

#include <QJsonObject>

using namespace signalr;
using namespace signalr::testing;
using State = HubConnection::State;

class TestHubConnectionInvocations : public QObject
{
    Q_OBJECT

private slots:
    // --- Invocations ----------------------------------------------------------------

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
};

QTEST_GUILESS_MAIN(TestHubConnectionInvocations)
#include "tst_hubconnection_invocations.moc"
