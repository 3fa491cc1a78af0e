// HubConnection over the MessagePack hub protocol against the loopback test peer: the
// handshake names it, frames are binary, records split across WebSocket messages or merged
// into one come out whole, and server pings keep an idle connection alive. (Against the
// real server: tests/reference.)

#include "SignalRTestSupport.h"
#include "signalr/BinaryRecordFraming.h"
#include "signalr/MessagePackHubProtocol.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace signalr;
using namespace signalr::testing;

class TestMessagePackConnection : public QObject
{
    Q_OBJECT

private:
    static server::HubServerOptions peerOptions()
    {
        server::HubServerOptions options;
        options.protocols = {std::make_shared<JsonHubProtocol>(), std::make_shared<MessagePackHubProtocol>()};
        return options;
    }

    static HubConnectionOptions clientOptions(const TestPeer &peer)
    {
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        options.protocol = std::make_shared<MessagePackHubProtocol>();
        return options;
    }

private slots:
    void invocationsRoundTrip()
    {
        TestPeer peer(peerOptions());
        HubConnection connection(clientOptions(peer));
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        QVERIFY(peer.connection());
        QCOMPARE(peer.connection()->protocol()->name(), QStringLiteral("messagepack"));

        const QJsonObject payload{{QStringLiteral("Strategies"), QJsonValue::Null},
                                  {QStringLiteral("Limit"), 1000},
                                  {QStringLiteral("Price"), 12.5},
                                  {QStringLiteral("Name"), QStringLiteral("Grüße")}};
        auto echo = invoke(connection, QStringLiteral("Echo"), QJsonArray{payload}, this);
        auto add = invoke(connection, QStringLiteral("Add"), QJsonArray{40, 2}, this);
        auto fail = invoke(connection, QStringLiteral("Fail"), QJsonArray{QStringLiteral("It didn't work!")}, this);
        QTRY_VERIFY(echo->done() && add->done() && fail->done());
        QCOMPARE(echo->result.value.toValue().toObject(), payload);
        QCOMPARE(add->result.value.toValue().toInteger(), 42);
        QVERIFY(!fail->result.ok);
        QCOMPARE(fail->result.error, QStringLiteral("It didn't work!"));
    }

    void splitAndMergedRecordsFromTheServer()
    {
        TestPeer peer(peerOptions());
        HubConnection connection(clientOptions(peer));
        QList<int> received;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            received.append(arguments.at(0).toInt());
        });
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        MessagePackHubProtocol protocol;
        QByteArray stream;
        for (int i = 1; i <= 3; ++i)
            stream += protocol.encode(HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{i}));
        // A large one, with a two-byte length prefix, split inside the prefix.
        const QByteArray large = protocol.encode(
            HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{4, QString(300, QLatin1Char('x'))}));
        peer.connection()->sendRaw(stream + large.left(1), true);
        peer.connection()->sendRaw(large.mid(1, 100), true);
        peer.connection()->sendRaw(large.mid(101), true);
        QTRY_COMPARE(received, (QList<int>{1, 2, 3, 4}));
        QCOMPARE(connection.state(), HubConnection::State::Connected);
    }

    void aTextFrameOfGarbageIsAProtocolError()
    {
        TestPeer peer(peerOptions());
        HubConnectionOptions options = clientOptions(peer);
        options.retryPolicy = RetryPolicy::never();
        HubConnection connection(options);
        QSignalSpy closed(&connection, &HubConnection::closed);
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        // A record whose body is not a MessagePack array.
        peer.connection()->sendRaw(BinaryRecordFraming::frame("\xa3xyz"), true);
        QVERIFY(closed.wait(5000));
        QCOMPARE(closed.at(0).at(0).value<ConnectionError>().kind, ConnectionError::Kind::Protocol);
    }

    void serverPingsKeepAnIdleConnection()
    {
        server::HubServerOptions serverOptions = peerOptions();
        serverOptions.keepAliveIntervalMs = 100;
        TestPeer peer(serverOptions);
        HubConnectionOptions options = clientOptions(peer);
        options.serverTimeoutMs = 400;
        options.keepAliveIntervalMs = 100;
        HubConnection connection(options);
        QSignalSpy reconnecting(&connection, &HubConnection::reconnecting);
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        // Our pings reach the peer too, as MessagePack Pings.
        QTRY_VERIFY(std::any_of(peer.received.begin(), peer.received.end(),
                                [](const HubMessage &message) { return message.type == HubMessage::Type::Ping; }));
        QTest::qWait(1200); // three server timeouts' worth of idle time
        QCOMPARE(reconnecting.size(), 0);
    }
};

QTEST_MAIN(TestMessagePackConnection)
#include "tst_messagepackconnection.moc"
