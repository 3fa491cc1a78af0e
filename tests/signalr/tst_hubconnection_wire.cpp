// HubConnection against the loopback TestPeer. The handshake, framing on the wire and the
// scheduling of what is received.
#include "HubConnectionTestSupport.h"

#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

using namespace signalr;
using namespace signalr::testing;
using Kind = ConnectionError::Kind;
using State = HubConnection::State;

class TestHubConnectionWire : public QObject
{
    Q_OBJECT

private slots:
    // --- Handshake ------------------------------------------------------------------

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
        QVERIFY2(error.message.contains(QLatin1String("The protocol 'json' version 1 is not supported.")),
                 qPrintable(error.message));
        QCOMPARE(events.connected, 0);
    }

    void callsInTheHandshakeFrameAreDispatched()
    {
        server::HubServerOptions peerOptions;
        peerOptions.handshakeResponseSuffix =
            serverCall(QStringLiteral("Welcome"), {1}) + serverCall(QStringLiteral("Welcome"), {2});
        TestPeer peer(peerOptions);
        HubConnection connection(optionsFor(peer));
        QList<int> welcomes;
        connection.on(QStringLiteral("Welcome"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            welcomes.append(arguments.at(0).toInt());
        });
        connection.start();
        QTRY_COMPARE(welcomes.size(), 2);
        QCOMPARE(welcomes, (QList<int>{1, 2}));
        QCOMPARE(connection.state(), State::Connected);
    }

    // --- Framing on the wire --------------------------------------------------------

    void severalRecordsInOneFrame()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QList<int> ticks;
        connection.on(QStringLiteral("Tick"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            ticks.append(arguments.at(0).toInt());
        });
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
            const QJsonArray arguments = signalr::toJsonArray(raw);
            ticks.append(arguments);
        });
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

    // --- Receive scheduling ---------------------------------------------------------

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
            const QJsonArray arguments = signalr::toJsonArray(raw);
            ticks.append(arguments.at(0).toInt());
        });
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
                                   "\x1e"
                                       + serverCall(QStringLiteral("Tick"), {}),
                                   false);
        QVERIFY(waitForCount(ticks, 1));
        QCOMPARE(connection.state(), State::Connected);
        QVERIFY(events.reconnecting.isEmpty());
        QCOMPARE(peer.openedCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHubConnectionWire)
#include "tst_hubconnection_wire.moc"
