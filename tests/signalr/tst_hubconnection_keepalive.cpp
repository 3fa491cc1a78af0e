// HubConnection against the loopback TestPeer. Keepalive pings and the server timeout.
#include "HubConnectionTestSupport.h"

#include <QElapsedTimer>

using namespace signalr;
using namespace signalr::testing;
using Kind = ConnectionError::Kind;
using State = HubConnection::State;

class TestHubConnectionKeepalive : public QObject
{
    Q_OBJECT

private slots:
    // --- Keepalive and server timeout -----------------------------------------------

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
};

QTEST_GUILESS_MAIN(TestHubConnectionKeepalive)
#include "tst_hubconnection_keepalive.moc"
