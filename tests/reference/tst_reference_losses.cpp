// Every way a stock ASP.NET Core hub can lose a connection leaves the client with a new
// attempt scheduled (or the connection back), never waiting with nothing to come: a
// dropped transport, a Close without allowReconnect (Context.Abort()), and a stateful
// resume the server refuses with 404 or 409 because it forgot the connection. After a
// refused resume the feed replays from its cursor on the fresh connection, and while the
// hub sends events without pause and loses the connection again and again, the feed
// delivers every event it sent, once, in order.

#include "ReferenceSupport.h"
#include "feed/EventFeed.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace eventhub;
using signalr::ConnectionError;
using signalr::HubConnection;

Q_DECLARE_METATYPE(signalr::ConnectionError)

class TestReferenceLosses : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReferenceHub> m_hub;

    QString onlyConnectionId()
    {
        if (!QTest::qWaitFor([this] { return m_hub->connectionIds().size() == 1; }, 10000))
            qFatal("expected one connection, the hub has %d", int(m_hub->connectionIds().size()));
        return m_hub->connectionIds().at(0);
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ConnectionError>();
        m_hub = std::make_unique<ReferenceHub>(reference::hubArguments({QStringLiteral("--stateful-reconnect")}));
    }

    void cleanupTestCase() { m_hub.reset(); }

    // The hub forgets a connection whose resume it refused only when its own timers say so:
    // 12 s once on a loaded machine, so 10 s was not enough.
    void cleanup() { QTRY_VERIFY_WITH_TIMEOUT(m_hub->connectionIds().isEmpty(), 30000); }

    void aLossSchedulesAnAttempt_data()
    {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<bool>("stateful");
        QTest::addColumn<int>("earliestMs"); // how soon the attempt may come, at least
        QTest::newRow("drop") << QStringLiteral("drop") << false << 0;
        QTest::newRow("abort") << QStringLiteral("abort") << false << 5000;
        QTest::newRow("abort, stateful") << QStringLiteral("abort") << true << 5000;
        QTest::newRow("resume refused with 404") << QStringLiteral("404") << true << 0;
        QTest::newRow("resume refused with 409") << QStringLiteral("409") << true << 0;
    }

    void aLossSchedulesAnAttempt()
    {
        QFETCH(QString, loss);
        QFETCH(bool, stateful);
        QFETCH(int, earliestMs);
        signalr::HubConnectionOptions options = reference::options(*m_hub);
        options.statefulReconnect = stateful;
        options.retryPolicy = signalr::RetryPolicy{}; // the shipped delays, as a user has them
        EventHubClient client(options);
        QSignalSpy scheduled(&client.connection(), &HubConnection::reconnectScheduled);
        QSignalSpy closed(&client.connection(), &HubConnection::closed);
        client.start();
        QVERIFY(reference::waitConnected(client));
        const QString id = onlyConnectionId();

        QElapsedTimer sinceLoss;
        sinceLoss.start();
        if (loss == QLatin1String("drop"))
            m_hub->drop(id);
        else if (loss == QLatin1String("abort"))
            m_hub->abort(id);
        else
            m_hub->refuseResume(id, loss.toInt());

        // Scheduled at once (not after a handshake timeout), for no sooner than allowed.
        QTRY_COMPARE_WITH_TIMEOUT(scheduled.size(), 1, 3000);
        QVERIFY2(sinceLoss.elapsed() < 3000, qPrintable(QString::number(sinceLoss.elapsed())));
        const auto at = scheduled.at(0).at(1).toDateTime();
        const auto error = scheduled.at(0).at(2).value<ConnectionError>();
        QVERIFY2(QDateTime::currentDateTimeUtc().msecsTo(at) + sinceLoss.elapsed() >= earliestMs, qPrintable(error.message));
        QCOMPARE(client.connection().state(), HubConnection::State::Reconnecting);
        QCOMPARE(closed.size(), 0);
        if (loss == QLatin1String("abort")) {
            QVERIFY(error.serverSentAway());
            QVERIFY2(error.message.contains(QLatin1String("in case it is restarting")), qPrintable(error.message));
            client.stop();
            return;
        }
        // And the attempt comes, making a new connection.
        QTRY_COMPARE_WITH_TIMEOUT(client.connection().state(), HubConnection::State::Connected, 5000);
        QVERIFY(onlyConnectionId() != id);
        client.stop();
    }

    // A refused resume lost whatever the server had buffered for the old connection: the
    // feed replays it from its cursor on the new one.
    void aRefusedResumeReplaysFromTheCursor()
    {
        EventHubClient client(reference::options(*m_hub));
        feed::EventFeed::Options feedOptions;
        feedOptions.batchIntervalMs = 0;
        feedOptions.startCursor = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 2).second;
        feedOptions.floorSeqId = feedOptions.startCursor; // not the older active state
        feed::EventFeed feed(client, feedOptions);
        QList<qint64> seqIds;
        connect(&feed, &feed::EventFeed::eventsArrived, this, [&](const QList<Event> &events) {
            for (const Event &event : events)
                seqIds.append(event.seqId);
        });
        QSignalSpy reconnected(&client.connection(), &HubConnection::reconnected);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isSynchronizing() && client.connection().state() == HubConnection::State::Connected,
                                 10000);
        const QString id = onlyConnectionId();
        const auto before = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 2, 3);
        QTRY_VERIFY_WITH_TIMEOUT(seqIds.contains(before.second), 10000);

        m_hub->refuseResume(id, 404);
        // Sent to the connection the server is forgetting, or to none.
        const auto during = m_hub->emitEvents(QStringLiteral("LegUpdate"), 2, 3);
        QTRY_COMPARE_WITH_TIMEOUT(reconnected.size(), 1, 5000);
        const auto after = m_hub->emitEvents(QStringLiteral("PositionUpdate"), 2, 3);
        QTRY_VERIFY_WITH_TIMEOUT(seqIds.contains(after.second), 10000);
        QList<qint64> expected;
        for (qint64 seqId = before.first; seqId <= after.second; ++seqId)
            expected.append(seqId);
        QCOMPARE(seqIds, expected);
        QVERIFY(during.first > before.second);
        client.stop();
        QTRY_COMPARE_WITH_TIMEOUT(client.connection().state(), HubConnection::State::Disconnected, 5000);
    }

    void repeatedLossesLoseNothing_data()
    {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<bool>("stateful");
        QTest::newRow("drops") << QStringLiteral("drop") << false;
        QTest::newRow("drops, stateful") << QStringLiteral("drop") << true;
        QTest::newRow("aborts") << QStringLiteral("abort") << false;
        QTest::newRow("aborts, stateful") << QStringLiteral("abort") << true;
    }

    // Events go out every 50 ms; every 1.2 s the connection is lost (the transport cut, or
    // Context.Abort()'s Close), four times. What the hub says it sent is what the feed gets.
    void repeatedLossesLoseNothing()
    {
        QFETCH(QString, loss);
        QFETCH(bool, stateful);
        signalr::HubConnectionOptions options = reference::options(*m_hub);
        options.statefulReconnect = stateful;
        options.retryPolicy.afterServerCloseMs = 300; // the shipped 5 s would make this test a minute long
        EventHubClient client(options);
        feed::EventFeed::Options feedOptions;
        feedOptions.batchIntervalMs = 0;
        feedOptions.startCursor = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 2).second;
        feedOptions.floorSeqId = feedOptions.startCursor;
        feed::EventFeed feed(client, feedOptions);
        QList<qint64> delivered;
        connect(&feed, &feed::EventFeed::eventsArrived, this, [&](const QList<Event> &events) {
            for (const Event &event : events)
                delivered.append(event.seqId);
        });
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isSynchronizing() && client.connection().state() == HubConnection::State::Connected,
                                 10000);

        QList<qint64> sent;
        QElapsedTimer clock;
        clock.start();
        int losses = 0;
        while (losses < 4 || clock.elapsed() < 4 * 1200 + 600) {
            const auto range = m_hub->emitEvents(QStringLiteral("all"), 2);
            for (qint64 seqId = range.first; seqId <= range.second; ++seqId)
                sent.append(seqId);
            if (losses < 4 && clock.elapsed() >= (losses + 1) * 1200) {
                const QStringList ids = m_hub->connectionIds();
                if (!ids.isEmpty()) {
                    ++losses;
                    if (loss == QLatin1String("drop"))
                        m_hub->drop(ids.first());
                    else
                        m_hub->abort(ids.first());
                }
            }
            QTest::qWait(50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(delivered.size() >= sent.size(), 15000);
        QCOMPARE(delivered, sent);
        QCOMPARE(losses, 4);
        client.stop();
        QTRY_COMPARE_WITH_TIMEOUT(client.connection().state(), HubConnection::State::Disconnected, 5000);
    }
};

QTEST_MAIN(TestReferenceLosses)
#include "tst_reference_losses.moc"
