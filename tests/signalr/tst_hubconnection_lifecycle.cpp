// HubConnection against the loopback TestPeer. Close from the server, reconnects, stop() and
// the first connection.
#include "HubConnectionTestSupport.h"

#include <QElapsedTimer>

using namespace signalr;
using namespace signalr::testing;
using signalr::server::HttpRequestHead;
using signalr::server::httpResponse;
using Kind = ConnectionError::Kind;
using State = HubConnection::State;

class TestHubConnectionLifecycle : public QObject
{
    Q_OBJECT

private slots:
    // --- Close from the server and reconnects ---------------------------------------

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

    // --- stop() ---------------------------------------------------------------------

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

    // --- The first connection -------------------------------------------------------

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

QTEST_GUILESS_MAIN(TestHubConnectionLifecycle)
#include "tst_hubconnection_lifecycle.moc"
