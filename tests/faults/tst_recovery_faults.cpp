// The promise "never lose or duplicate an event", proven under faults against the
// simulator. Each scenario ends by checking that the events stored equal the events the
// simulator produced: the same EventIds, none twice, EventSeqIds 1..N without a hole, and
// the cursor at N.

#include "RecoveringClient.h"
#include "hubsim/EventHubSimulator.h"
#include "hubsim/EventLog.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

constexpr qint64 StreamSize = 20000;

void verifyStoreMatchesLog(const QString &storePath, const hubsim::EventLog &log)
{
    const StoredEvents stored = StoredEvents::read(storePath);
    QCOMPARE(stored.events.size(), log.size());
    QCOMPARE(stored.cursor, log.latestSeqId());
    for (qsizetype i = 0; i < log.size(); ++i) {
        const eventhub::Event &expected = log.eventAt(i);
        const eventhub::Event &actual = stored.events.at(i);
        if (actual.seqId != qint64(i + 1) || actual.eventId() != expected.eventId())
            QFAIL(qPrintable(QStringLiteral("stored event %1 is seq %2 id %3, the simulator's is seq %4 id %5")
                                 .arg(i)
                                 .arg(actual.seqId)
                                 .arg(actual.eventId())
                                 .arg(expected.seqId)
                                 .arg(expected.eventId())));
    }
}

hubsim::SimulatorOptions floodOf(qint64 events)
{
    hubsim::SimulatorOptions options;
    options.ratePerSecond = 0;
    options.flood = events;
    return options;
}

// The in-process simulator, started; null (with a warning) when it cannot listen.
std::unique_ptr<hubsim::EventHubSimulator> startSimulator(const hubsim::SimulatorOptions &options)
{
    auto simulator = std::make_unique<hubsim::EventHubSimulator>(options);
    QString error;
    if (!simulator->start(error)) {
        qWarning("simulator: %s", qPrintable(error));
        return nullptr;
    }
    return simulator;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

bool waitForStdoutLine(QProcess &process, int timeoutMs = 10000)
{
    return QTest::qWaitFor([&] { return process.canReadLine(); }, timeoutMs);
}

} // namespace

class TestRecoveryFaults : public QObject
{
    Q_OBJECT

private slots:
    void abruptDisconnectsAtRandomPoints_data()
    {
        QTest::addColumn<bool>("stateful");
        // A hub without stateful reconnect: each drop is a new connection and a replay.
        QTest::newRow("reconnects") << false;
        // A hub with it (the simulator's default): each drop resumes the same connection,
        // both sides replaying what the other had not acknowledged.
        QTest::newRow("resumes") << true;
    }

    void abruptDisconnectsAtRandomPoints()
    {
        QFETCH(bool, stateful);
        hubsim::SimulatorOptions options = floodOf(StreamSize);
        options.statefulReconnect = stateful;
        const auto started = startSimulator(options);
        QVERIFY(started);
        hubsim::EventHubSimulator &simulator = *started;

        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        QList<qint64> dropPoints;
        while (dropPoints.size() < 5) {
            const qint64 point = 1000 + random.bounded(int(StreamSize - 2000));
            if (!dropPoints.contains(point))
                dropPoints.append(point);
        }
        std::sort(dropPoints.begin(), dropPoints.end());
        qInfo() << "seed" << seed << "drops when the client has received" << dropPoints;

        QTemporaryDir directory;
        const QString storePath = directory.filePath("events.sqlite");
        {
            RecoveringClient client(simulator.hubUrl(), storePath);
            const signalr::HubConnection &connection = client.client().connection();
            QSignalSpy reconnected(&connection, &signalr::HubConnection::reconnected);
            QSignalSpy resumed(&connection, &signalr::HubConnection::transportResumed);
            QSignalSpy &recovered = stateful ? resumed : reconnected;
            QSignalSpy replays(&client.feed(), &feed::EventFeed::replayStarted);
            // Each drop happens when the client has reached its point in the stream, so the
            // drops fall while it receives live, while it replays, and in between; and only
            // once the previous drop was followed by a reconnect (or resume), so every drop
            // cuts a live connection.
            int drops = 0;
            qsizetype replaysBeforeDrops = -1;
            QTimer dropper;
            connect(&dropper, &QTimer::timeout, this, [&] {
                if (!dropPoints.isEmpty() && client.deliveredUpTo() >= dropPoints.first() && recovered.size() == drops
                    && simulator.connectionCount() > 0 && connection.state() == signalr::HubConnection::State::Connected) {
                    dropPoints.removeFirst();
                    if (drops++ == 0)
                        replaysBeforeDrops = replays.size();
                    simulator.dropConnections();
                }
            });
            dropper.start(1);
            client.start();
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() == StreamSize && dropPoints.isEmpty(); }, 60000));
            QVERIFY(QTest::qWaitFor([&] { return recovered.size() == 5; }, 10000));
            // Resumed, the connection was never lost as far as the Event Hub layer knows.
            QCOMPARE(reconnected.size(), stateful ? 0 : 5);
            // And the resumes left no gap for the feed to read back from the history.
            if (stateful)
                QCOMPARE(replays.size(), replaysBeforeDrops);
            QVERIFY2(client.duplicates().isEmpty(), qPrintable(client.duplicates().join(QLatin1Char(','))));
            QCOMPARE(client.deliveredCount(), StreamSize);
            QVERIFY(client.store().flush());
        }
        verifyStoreMatchesLog(storePath, simulator.log());
    }

    void simulatorKilledAndRestartedWithItsDurableLog()
    {
        QTemporaryDir directory;
        const QString logPath = directory.filePath("hub.log");
        const QString storePath = directory.filePath("events.sqlite");
        const QStringList arguments{"--port",  QString::number(freePort()), "--log", logPath, "--rate", "0",
                                    "--flood", QString::number(StreamSize)};

        QProcess simulator;
        simulator.start(QStringLiteral(MESOLIVE_HUBSIM_BIN), arguments);
        QVERIFY(waitForStdoutLine(simulator));
        const QUrl hubUrl(QString::fromUtf8(simulator.readLine().trimmed()));

        qint64 eventsBeforeKill = 0;
        {
            RecoveringClient client(hubUrl, storePath);
            client.start();
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() >= 6000; }, 30000));
            simulator.kill(); // SIGKILL on Unix
            QVERIFY(simulator.waitForFinished(5000));
            {
                // What survived the kill; a torn last line is cut, as the restarted hub does.
                hubsim::EventLog survived;
                QString error;
                QVERIFY2(survived.openDurable(logPath, error), qPrintable(error));
                eventsBeforeKill = survived.latestSeqId();
            }
            QVERIFY(eventsBeforeKill >= 6000);
            simulator.start(QStringLiteral(MESOLIVE_HUBSIM_BIN), arguments);
            QVERIFY(waitForStdoutLine(simulator));
            // The restarted hub floods again after the client's subscription comes back.
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() == eventsBeforeKill + StreamSize; }, 60000));
            QVERIFY(client.duplicates().isEmpty());
            QVERIFY(client.store().flush());
        }
        simulator.kill();
        simulator.waitForFinished();
        hubsim::EventLog log;
        QString error;
        QVERIFY2(log.openDurable(logPath, error), qPrintable(error));
        QCOMPARE(log.latestSeqId(), eventsBeforeKill + StreamSize);
        verifyStoreMatchesLog(storePath, log);
    }

    void clientKilledMidStreamThenStartedAgain()
    {
        const auto started = startSimulator(floodOf(StreamSize));
        QVERIFY(started);
        hubsim::EventHubSimulator &simulator = *started;
        const QString instance = QStringLiteral("http://127.0.0.1:%1").arg(simulator.hubUrl().port());

        QTemporaryDir directory;
        const QString storePath = directory.filePath("events.sqlite");
        // JSON, the protocol our client reads fastest (MessagePack costs it about ten times
        // the CPU): the kill must land while the hub is still sending, and the megabytes of
        // buffers between them let a slower reader fall that far behind.
        const QStringList arguments{"dump",    "--instance", instance,     "--store-file", storePath,
                                    "--since", "0",          "--protocol", "json"};

        QProcess client;
        client.start(QStringLiteral(MESOLIVE_EVENTS_BIN), arguments);
        qint64 lines = 0;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (client.canReadLine() && client.readLine().size() > 0)
                    ++lines;
                return lines >= 7000;
            },
            30000));
        client.kill(); // SIGKILL on Unix
        QVERIFY(client.waitForFinished(5000));
        QCOMPARE(client.exitStatus(), QProcess::CrashExit);
        QVERIFY(simulator.log().size() < StreamSize); // killed mid-stream, not after it

        // Started again: it resumes after the stored cursor (no --since this time).
        client.start(QStringLiteral(MESOLIVE_EVENTS_BIN), QStringList{"dump", "--instance", instance, "--store-file", storePath});
        QVERIFY(QTest::qWaitFor([&] { return simulator.log().size() == StreamSize; }, 60000));
        const QByteArray lastSeq = QByteArray("\"EventSeqId\":") + QByteArray::number(StreamSize) + ',';
        QByteArray tail;
        const bool reachedTheEnd = QTest::qWaitFor(
            [&] {
                tail += client.readAllStandardOutput();
                tail = tail.right(4096);
                return tail.contains(lastSeq);
            },
            60000);
        QVERIFY2(reachedTheEnd, client.readAllStandardError().constData());
        client.terminate(); // SIGTERM: a normal end, what is pending is committed
        QVERIFY(QTest::qWaitFor([&] { return client.state() == QProcess::NotRunning; }, 10000));
        QCOMPARE(client.exitCode(), 0);
        verifyStoreMatchesLog(storePath, simulator.log());
    }

    void halfOpenConnectionIsDetectedByTheServerTimeout()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 300;
        const auto started = startSimulator(options);
        QVERIFY(started);
        hubsim::EventHubSimulator &simulator = *started;

        QTemporaryDir directory;
        const QString storePath = directory.filePath("events.sqlite");
        {
            RecoveringClient client(simulator.hubUrl(), storePath, 1000);
            QSignalSpy reconnecting(&client.client().connection(), &signalr::HubConnection::reconnecting);
            client.start();
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() == 300; }, 10000));
            QVERIFY(QTest::qWaitFor(
                [&] { return client.feed().subscriptionState(101) == feed::EventFeed::SubscriptionState::Subscribed; }, 5000));

            // The hub goes silent without closing: its pings stop, callbacks are lost.
            simulator.freezeConnections();
            for (int i = 0; i < 200; ++i)
                simulator.publishNext();
            QVERIFY(reconnecting.wait(5000));
            QCOMPARE(reconnecting.first().first().value<signalr::ConnectionError>().kind,
                     signalr::ConnectionError::Kind::Timeout);
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() == 500; }, 10000));
            QVERIFY(QTest::qWaitFor(
                [&] { return client.feed().subscriptionState(101) == feed::EventFeed::SubscriptionState::Subscribed; }, 5000));
            for (int i = 0; i < 200; ++i)
                simulator.publishNext();
            QVERIFY(QTest::qWaitFor([&] { return client.deliveredUpTo() == 700; }, 10000));
            QVERIFY(client.duplicates().isEmpty());
            QVERIFY(client.store().flush());
        }
        verifyStoreMatchesLog(storePath, simulator.log());
    }
};

QTEST_GUILESS_MAIN(TestRecoveryFaults)
#include "tst_recovery_faults.moc"
