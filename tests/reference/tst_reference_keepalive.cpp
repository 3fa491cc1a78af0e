// Keepalive both ways against the reference hub with the framework's defaults (the server
// pings every 15 s and drops a client silent for 30 s; we do the same): an idle connection
// stays up for 60 s. Slow on purpose: the time passing is the thing under test.

#include "ReferenceSupport.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using signalr::HubConnection;

Q_DECLARE_METATYPE(signalr::ConnectionError)

class TestReferenceKeepAlive : public QObject
{
    Q_OBJECT

private slots:
    void anIdleConnectionStaysUpForSixtySeconds()
    {
        qRegisterMetaType<signalr::ConnectionError>();
        ReferenceHub hub(reference::hubArguments());
        signalr::HubConnectionOptions options = reference::options(hub);
        // The defaults under test: ping every 15 s, 30 s of silence is a lost server.
        QCOMPARE(options.keepAliveIntervalMs, 15000);
        QCOMPARE(options.serverTimeoutMs, 30000);
        eventhub::EventHubClient client(options);
        QSignalSpy reconnecting(&client.connection(), &HubConnection::reconnecting);
        QSignalSpy resuming(&client.connection(), &HubConnection::transportResuming);
        QSignalSpy closed(&client.connection(), &HubConnection::closed);
        client.start();
        QVERIFY(reference::waitConnected(client));
        // The hub registers a connection in OnConnectedAsync, just after the handshake.
        QTRY_COMPARE_WITH_TIMEOUT(hub.connectionIds().size(), 1, 5000);
        const QStringList ids = hub.connectionIds();

        // Nothing but pings for 60 s: two server timeouts on either side, had either side's
        // pings not arrived.
        QTest::qWait(60000);

        QCOMPARE(reconnecting.size(), 0);
        QCOMPARE(resuming.size(), 0);
        QCOMPARE(closed.size(), 0);
        QCOMPARE(client.connection().state(), HubConnection::State::Connected);
        QCOMPARE(hub.connectionIds(), ids);
        QVERIFY(reference::invokeAndWait(client.connection(), QStringLiteral("GetLatestEventSeqId")).ok);
        client.stop();
        QTRY_VERIFY_WITH_TIMEOUT(hub.connectionIds().isEmpty(), 10000);
    }
};

QTEST_MAIN(TestReferenceKeepAlive)
#include "tst_reference_keepalive.moc"
