// EventFeed against the in-process simulator: replay, merge, dedupe, gap fill, and the
// subscriptions kept across reconnects.

#include "eventhub/EventHubClient.h"
#include "feed/EventFeed.h"
#include "hubsim/EventHubSimulator.h"
#include "hubsim/EventLog.h"
#include "signalr/SharedBytes.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using feed::EventFeed;
using hubsim::EventHubSimulator;

namespace {

struct Harness
{
    std::unique_ptr<EventHubSimulator> simulator;
    std::unique_ptr<eventhub::EventHubClient> client;
    std::unique_ptr<EventFeed> feed;
    QList<eventhub::Event> delivered;
    qint64 deliveredUpTo = 0;

    enum class Flood { Generated, Preserialised };

    // Batches go at once (batchIntervalMs 0) unless the test asks otherwise.
    Harness(hubsim::SimulatorOptions simulatorOptions, EventFeed::Options feedOptions, int batchIntervalMs = 0,
            Flood flood = Flood::Generated)
    {
        simulator = std::make_unique<EventHubSimulator>(simulatorOptions);
        simulator->setPreserialisedFlood(flood == Flood::Preserialised);
        QString error;
        if (!simulator->start(error))
            qFatal("simulator: %s", qPrintable(error));
        signalr::HubConnectionOptions options;
        options.hubUrl = simulator->hubUrl();
        options.retryPolicy.delaysMs = {0, 50, 100};
        options.retryPolicy.repeatDelayMs = 100;
        options.retryPolicy.zeroDelayJitterMs = 0;
        client = std::make_unique<eventhub::EventHubClient>(options);
        feedOptions.batchIntervalMs = batchIntervalMs;
        feed = std::make_unique<EventFeed>(*client, feedOptions);
        QObject::connect(feed.get(), &EventFeed::eventsArrived, [this](const QList<eventhub::Event> &events) {
            delivered += events;
            for (const eventhub::Event &event : events)
                deliveredUpTo = std::max(deliveredUpTo, event.seqId);
        });
    }

    bool waitForSeq(qint64 seqId, int timeoutMs = 20000)
    {
        return QTest::qWaitFor([&] { return deliveredUpTo >= seqId && !feed->isSynchronizing(); }, timeoutMs);
    }

    // Caught up and subscribed: what is published from now on is delivered live.
    bool waitUntilLive(qint64 seqId, qint64 strategyId = 101)
    {
        return waitForSeq(seqId)
               && QTest::qWaitFor([&] { return feed->subscriptionState(strategyId) == EventFeed::SubscriptionState::Subscribed; },
                                  5000);
    }

    // Every logged event delivered exactly once.
    void verifyExactlyOnce(qint64 fromSeqId = 0)
    {
        QSet<QString> ids;
        for (const eventhub::Event &event : std::as_const(delivered)) {
            QVERIFY2(!ids.contains(event.eventId()), qPrintable(QStringLiteral("duplicate %1").arg(event.seqId)));
            ids.insert(event.eventId());
        }
        const hubsim::EventLog &log = simulator->log();
        for (qsizetype i = 0; i < log.size(); ++i) {
            if (log.eventAt(i).seqId > fromSeqId)
                QVERIFY2(ids.contains(log.eventAt(i).eventId()),
                         qPrintable(QStringLiteral("missing %1").arg(log.eventAt(i).seqId)));
        }
    }
};

hubsim::SimulatorOptions quietSimulator(qint64 history = 0)
{
    hubsim::SimulatorOptions options;
    options.ratePerSecond = 0;
    options.seedHistory = history;
    return options;
}

} // namespace

class TestEventFeed : public QObject
{
    Q_OBJECT

private slots:
    void replaysFromTheCursorThenFollowsLive()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(quietSimulator(2500), options);
        QSignalSpy finished(h.feed.get(), &EventFeed::replayFinished);
        h.client->start();
        QVERIFY(h.waitUntilLive(2500));
        // The replay from the cursor, then the catch-up after subscribing.
        QCOMPARE(finished.size(), 2);
        QCOMPARE(h.feed->startingPoint(), 0);
        for (int i = 0; i < 300; ++i)
            h.simulator->publishNext();
        QVERIFY(h.waitForSeq(2800));
        // History first, in order; the active state pushed on connect adds nothing new.
        QCOMPARE(h.delivered.size(), 2800);
        for (int i = 0; i < 2800; ++i)
            QCOMPARE(h.delivered.at(i).seqId, qint64(i + 1));
        h.verifyExactlyOnce();
    }

    void withoutCursorStartsAtTheLatestAndKeepsThePushedState()
    {
        Harness h(quietSimulator(500), EventFeed::Options{});
        h.client->start();
        QVERIFY(QTest::qWaitFor([&] { return h.feed->cursor() == 500 && !h.feed->isSynchronizing(); }, 5000));
        QCOMPARE(h.feed->startingPoint(), 500);
        QVERIFY(
            QTest::qWaitFor([&] { return h.feed->subscriptionState(101) == EventFeed::SubscriptionState::Subscribed; }, 5000));
        // Only the pushed active state so far: no history replay.
        QTRY_VERIFY(!h.delivered.isEmpty());
        QVERIFY(h.delivered.size() < 100);
        const qsizetype pushed = h.delivered.size();
        for (int i = 0; i < 50; ++i)
            h.simulator->publishNext();
        QVERIFY(h.waitForSeq(550));
        QCOMPARE(h.delivered.size(), pushed + 50);
        for (qsizetype i = pushed; i < h.delivered.size(); ++i)
            QCOMPARE(h.delivered.at(i).seqId, qint64(501 + i - pushed));
    }

    void aFullBatchGoesBeforeItsInterval()
    {
        EventFeed::Options options;
        options.maxBatchSize = 100;
        // An interval no test waits out: only a full batch can arrive in time.
        Harness h(quietSimulator(), options, 600000);
        h.client->start();
        QVERIFY(
            QTest::qWaitFor([&] { return h.feed->subscriptionState(101) == EventFeed::SubscriptionState::Subscribed; }, 5000));
        for (int i = 0; i < 150; ++i)
            h.simulator->publishNext();
        QTRY_VERIFY_WITH_TIMEOUT(h.delivered.size() >= 100, 10000);
    }

    // The CLI destroys its client before the feed, the tests the feed first. Either way
    // nothing may reach the one that is gone (AddressSanitizer, in CI, sees it if it does).
    void theFeedAndItsClientMayGoInEitherOrder()
    {
        {
            Harness h(quietSimulator(), EventFeed::Options{});
            h.client->start();
            QVERIFY(h.waitUntilLive(0));
            h.feed.reset();
            QSignalSpy events(h.client.get(), &eventhub::EventHubClient::eventReceived);
            h.simulator->publishNext();
            QVERIFY(events.wait(5000));
        }
        {
            Harness h(quietSimulator(), EventFeed::Options{});
            h.client->start();
            QVERIFY(h.waitUntilLive(0));
            h.client.reset();
            h.feed.reset();
        }
    }

    // A flood's events come many to a WebSocket message, and each shares it. Delivered
    // for keeping (the default), each has bytes of its own; for a consumer done with each
    // batch (eventsOutliveBatch off), they still share it: no copy.
    void eventsOutliveTheirBatchWithBytesOfTheirOwn_data()
    {
        QTest::addColumn<bool>("outliveBatch");
        QTest::newRow("kept") << true;
        QTest::newRow("done with each batch") << false;
    }

    void eventsOutliveTheirBatchWithBytesOfTheirOwn()
    {
        QFETCH(bool, outliveBatch);
        if (!outliveBatch && !signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        hubsim::SimulatorOptions simulatorOptions = quietSimulator();
        simulatorOptions.flood = 500;
        EventFeed::Options options;
        options.eventsOutliveBatch = outliveBatch;
        Harness h(simulatorOptions, options, 0, Harness::Flood::Preserialised);
        h.client->start();
        QTRY_COMPARE_WITH_TIMEOUT(h.delivered.size(), 500, 10000);
        qsizetype sharing = 0;
        for (const eventhub::Event &event : std::as_const(h.delivered)) {
            if (signalr::bytesAfter(event.payloadJson()) > 0)
                ++sharing;
        }
        QCOMPARE(sharing, outliveBatch ? 0 : 500);
    }

    void fillsAGapFromTheHistory()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(quietSimulator(10), options);
        QSignalSpy replays(h.feed.get(), &EventFeed::replayStarted);
        h.client->start();
        QVERIFY(h.waitUntilLive(10));
        h.simulator->publishNext(EventHubSimulator::Delivery::Lost);
        h.simulator->publishNext(EventHubSimulator::Delivery::Lost);
        h.simulator->publishNext();
        QVERIFY(h.waitForSeq(13));
        // At connect, the catch-up after subscribing, and the gap.
        QCOMPARE(replays.size(), 3);
        QCOMPARE(replays.last().at(0).toLongLong(), 10);
        QCOMPARE(h.delivered.size(), 13);
        for (int i = 0; i < 13; ++i)
            QCOMPARE(h.delivered.at(i).seqId, qint64(i + 1));
        h.verifyExactlyOnce();
    }

    // The flood a real hub sends is also in its history: the catch-up replay after
    // subscribing reads it back while the same events arrive live. Each EventSeqId is
    // delivered once however long the flood (60,000 > the 50,000 EventIds the feed once
    // remembered), and the live events held meanwhile stay within their cap.
    void aFloodKeptInTheHistoryIsDeliveredOnceWithinTheHoldingCap()
    {
        hubsim::SimulatorOptions simulatorOptions = quietSimulator(50);
        simulatorOptions.flood = 60000;
        EventFeed::Options options; // no cursor: starts at the hub's latest, as dump does
        options.maxHeldEvents = 2000;
        Harness h(simulatorOptions, options);
        h.client->start();
        QVERIFY(h.waitForSeq(60050, 90000));
        QTest::qWait(200); // anything delivered twice would come now
        const qint64 start = h.feed->startingPoint().value_or(-1);
        QVERIFY(start >= 50);
        QSet<qint64> seen;
        for (const eventhub::Event &event : std::as_const(h.delivered)) {
            QVERIFY2(!seen.contains(event.seqId), qPrintable(QStringLiteral("EventSeqId %1 delivered twice").arg(event.seqId)));
            seen.insert(event.seqId);
        }
        for (qint64 seqId = start + 1; seqId <= 60050; ++seqId)
            QVERIFY2(seen.contains(seqId), qPrintable(QStringLiteral("EventSeqId %1 never delivered").arg(seqId)));
        QVERIFY2(h.feed->peakHeldEvents() <= 2000, qPrintable(QString::number(h.feed->peakHeldEvents())));
        // The flood is one range; the active state pushed on connect (below the start) a few.
        QVERIFY2(h.feed->deliveredRangeCount() < 50, qPrintable(QString::number(h.feed->deliveredRangeCount())));
    }

    // The catch-up replay after subscribing stops where the live events held meanwhile
    // take over, instead of reading the whole flood back from the history while the same
    // events arrive live (which doubled a flood's cost).
    void theLiveStreamTakesOverFromTheCatchUpReplay()
    {
        hubsim::SimulatorOptions simulatorOptions = quietSimulator(50);
        simulatorOptions.flood = 60000;
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(simulatorOptions, options);
        h.client->start();
        QVERIFY(h.waitForSeq(60050, 90000));
        h.verifyExactlyOnce();
        // The 50 events before the flood, a page of the flood at most, and what the hub
        // sent between the subscription and its answer.
        QVERIFY2(h.feed->historyEventsRead() < 5000, qPrintable(QString::number(h.feed->historyEventsRead())));
    }

    void anEventDeliveredTwiceByTheHubIsDeliveredOnce()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(quietSimulator(10), options);
        h.client->start();
        QVERIFY(h.waitUntilLive(10));
        for (int i = 0; i < 20; ++i)
            h.simulator->publishNext(EventHubSimulator::Delivery::Twice);
        QVERIFY(h.waitForSeq(30));
        QTest::qWait(100);
        QCOMPARE(h.delivered.size(), 30);
        h.verifyExactlyOnce();
    }

    // A live event ahead of anything the history returns was held, replayed for, and held
    // again, forever. Now: three tries, one report, and the stream goes on.
    void aGapTheHistoryCannotFillIsReportedAndTheStreamGoesOn()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(quietSimulator(10), options);
        QSignalSpy replays(h.feed.get(), &EventFeed::replayStarted);
        QSignalSpy problems(h.feed.get(), &EventFeed::problem);
        h.client->start();
        QVERIFY(h.waitUntilLive(10));
        const qsizetype replaysBefore = replays.size();
        h.simulator->setHistoryHorizon(10);
        h.simulator->publishNext(EventHubSimulator::Delivery::Lost); // 11: never seen again
        h.simulator->publishNext();                                  // 12
        QVERIFY(h.waitForSeq(12));
        h.simulator->publishNext(); // 13
        QVERIFY(h.waitForSeq(13));
        QCOMPARE(replays.size() - replaysBefore, EventFeed::MaxGapFillTries);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().first().toString().contains("beyond the hub's history"));
        // Shown, but the cursor does not claim what was never read.
        QCOMPARE(h.feed->cursor(), 10);
        QCOMPARE(h.delivered.last().seqId, 13);
    }

    void theCursorMovesOnOnceTheHistoryCatchesUp()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        // A reconnect's replay is what reads the history again: no resume.
        hubsim::SimulatorOptions hubOptions = quietSimulator(10);
        hubOptions.statefulReconnect = false;
        Harness h(hubOptions, options);
        QSignalSpy problems(h.feed.get(), &EventFeed::problem);
        h.client->start();
        QVERIFY(h.waitUntilLive(10));
        h.simulator->setHistoryHorizon(10);
        h.simulator->publishNext(EventHubSimulator::Delivery::Lost); // 11
        h.simulator->publishNext();                                  // 12, beyond the history
        QVERIFY(h.waitForSeq(12));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(h.feed->cursor(), 10);
        // The history catches up: a reconnect's replay brings 11, and 12 is not shown again.
        h.simulator->setHistoryHorizon(std::nullopt);
        h.simulator->dropConnections();
        QVERIFY(QTest::qWaitFor([&] { return h.feed->cursor() == 12 && !h.feed->isSynchronizing(); }, 10000));
        QTest::qWait(100);
        QCOMPARE(h.delivered.size(), 12);
        h.verifyExactlyOnce();
    }

    // Live events beyond the held cap are dropped and read back from the history. A
    // history that lags gets a few more rounds; one that never has them is reported.
    void droppedLiveEventsAreReadBackOrReported_data()
    {
        QTest::addColumn<bool>("historyCatchesUp");
        QTest::newRow("history catches up") << true;
        QTest::newRow("history never has them") << false;
    }

    void droppedLiveEventsAreReadBackOrReported()
    {
        QFETCH(bool, historyCatchesUp);
        EventFeed::Options options;
        options.startCursor = 0;
        options.maxHeldEvents = 10;
        Harness h(quietSimulator(2500), options);
        QSignalSpy problems(h.feed.get(), &EventFeed::problem);
        QSignalSpy replays(h.feed.get(), &EventFeed::replayStarted);
        bool published = false;
        // The catch-up replay after subscribing: what is published now arrives while it runs.
        QObject::connect(h.feed.get(), &EventFeed::replayStarted, h.feed.get(), [&] {
            if (published || h.feed->subscriptionState(101) != EventFeed::SubscriptionState::Subscribed)
                return;
            published = true;
            h.simulator->setHistoryHorizon(2500);
            for (int i = 0; i < 100; ++i)
                h.simulator->publishNext();
        });
        QObject::connect(h.feed.get(), &EventFeed::replayFinished, h.feed.get(), [&] {
            if (historyCatchesUp && published)
                h.simulator->setHistoryHorizon(std::nullopt);
        });
        h.client->start();
        QVERIFY(QTest::qWaitFor([&] { return published && !h.feed->isSynchronizing(); }, 20000));
        QVERIFY(h.feed->peakHeldEvents() <= 10);
        if (historyCatchesUp) {
            QVERIFY(h.waitForSeq(2600));
            QCOMPARE(problems.size(), 0);
            h.verifyExactlyOnce();
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.first().first().toString().contains("could not be kept"),
                     qPrintable(problems.first().first().toString()));
        }
    }

    void aFailedReplayIsRetriedAndReported()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(quietSimulator(2500), options);
        QSignalSpy problems(h.feed.get(), &EventFeed::problem);
        h.simulator->failHistoryCalls(1);
        h.client->start();
        QVERIFY(h.waitUntilLive(2500));
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().first().toString().contains("Trying again"));
        QCOMPARE(h.delivered.size(), 2500);
        h.verifyExactlyOnce();
    }

    // The history holds every strategy's events, and the hub pushes every strategy's
    // active state on connect: a feed for a subset delivered them all.
    void aFeedForSomeStrategiesDeliversOnlyTheirEvents()
    {
        EventFeed::Options options;
        options.startCursor = 0;
        options.subscribeAll = false;
        Harness h(quietSimulator(2000), options);
        h.feed->setStrategySubscribed(101, true);
        h.client->start();
        QVERIFY(QTest::qWaitFor([&] { return h.feed->cursor() == 2000 && !h.feed->isSynchronizing(); }, 10000));
        QTest::qWait(100);
        qsizetype expected = 0;
        const hubsim::EventLog &log = h.simulator->log();
        for (qsizetype i = 0; i < log.size(); ++i)
            expected += log.eventAt(i).strategyId == 101 || log.eventAt(i).strategyId < 0;
        QVERIFY(expected > 0 && expected < 2000);
        for (const eventhub::Event &event : std::as_const(h.delivered))
            QVERIFY2(event.strategyId == 101 || event.strategyId < 0, qPrintable(QString::number(event.strategyId)));
        QCOMPARE(h.delivered.size(), expected);
    }

    void recoversAcrossDropsWithoutLossOrDuplicate()
    {
        hubsim::SimulatorOptions simulatorOptions = quietSimulator(100);
        simulatorOptions.flood = 6000;
        simulatorOptions.dropAfter = 1500;
        EventFeed::Options options;
        options.startCursor = 0;
        Harness h(simulatorOptions, options);
        QSignalSpy reconnected(&h.client->connection(), &signalr::HubConnection::reconnected);
        h.client->start();
        QVERIFY(h.waitForSeq(6100, 30000));
        QVERIFY(reconnected.size() >= 1);
        QCOMPARE(h.delivered.size(), 6100);
        h.verifyExactlyOnce();
    }

    void subscriptionsAreRestoredAfterAReconnect()
    {
        hubsim::SimulatorOptions simulatorOptions = quietSimulator(0);
        EventFeed::Options options;
        options.subscribeAll = false;
        Harness h(simulatorOptions, options);
        QSignalSpy connected(&h.client->connection(), &signalr::HubConnection::connected);
        h.client->start();
        QVERIFY(connected.wait(5000));
        QVERIFY(QTest::qWaitFor([&] { return !h.feed->isSynchronizing(); }, 5000));
        h.feed->setStrategySubscribed(101, true);
        h.feed->setStrategySubscribed(950, true);
        QCOMPARE(h.feed->subscriptionState(101), EventFeed::SubscriptionState::Pending);
        QVERIFY(
            QTest::qWaitFor([&] { return h.feed->subscriptionState(101) == EventFeed::SubscriptionState::Subscribed; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return h.feed->subscriptionState(950) == EventFeed::SubscriptionState::Failed; }, 5000));
        QVERIFY(h.feed->subscriptionFailure(950).contains("950"));

        // The server drops the connection: the hub forgets the groups, the feed does not.
        h.simulator->publishNext(); // keep the simulator's connection list warm
        QVERIFY(QTest::qWaitFor([&] { return h.simulator->connectionCount() == 1; }, 5000));
        QSignalSpy reconnected(&h.client->connection(), &signalr::HubConnection::reconnected);
        h.client->connection().stop();
        QVERIFY(
            QTest::qWaitFor([&] { return h.client->connection().state() == signalr::HubConnection::State::Disconnected; }, 5000));
        QCOMPARE(h.feed->subscriptionState(101), EventFeed::SubscriptionState::Pending);
        h.client->start();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return h.feed->subscriptionState(101) == EventFeed::SubscriptionState::Subscribed && !h.feed->isSynchronizing();
            },
            5000));

        const qsizetype before = h.delivered.size();
        int published101 = 0;
        for (int i = 0; i < 300; ++i)
            published101 += h.simulator->publishNext().strategyId == 101;
        QVERIFY(QTest::qWaitFor([&] { return h.delivered.size() - before >= published101; }, 5000));
        for (qsizetype i = before; i < h.delivered.size(); ++i)
            QCOMPARE(h.delivered.at(i).strategyId, 101);
    }
};

QTEST_GUILESS_MAIN(TestEventFeed)
#include "tst_eventfeed.moc"
