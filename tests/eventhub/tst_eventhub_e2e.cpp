// The Event Hub client end to end against the in-process simulator over real negotiate,
// WebSocket and SignalR JSON on 127.0.0.1.

#include "eventhub/EventHubClient.h"
#include "eventhub/HistoryReplay.h"
#include "hubsim/EventHubSimulator.h"
#include "hubsim/EventLog.h"
#include "TestPeer.h"
#include "signalr/RawJson.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace eventhub;

class TestEventHubEndToEnd : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<hubsim::EventHubSimulator> startSimulator(hubsim::SimulatorOptions options)
    {
        auto simulator = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        if (!simulator->start(error))
            qFatal("simulator: %s", qPrintable(error));
        return simulator;
    }

    static std::unique_ptr<EventHubClient> clientFor(const hubsim::EventHubSimulator &simulator, const QString &key = "k")
    {
        signalr::HubConnectionOptions options;
        options.hubUrl = simulator.hubUrl();
        options.accessTokenProvider = [key] { return key; };
        options.retryInitialConnection = false;
        return std::make_unique<EventHubClient>(options);
    }

    // A simulator with no history and no background activity: nothing happens unless the
    // test publishes it (and no active state is pushed on connect).
    std::unique_ptr<hubsim::EventHubSimulator> quietSimulator()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        return startSimulator(options);
    }

    static bool connectAndWait(EventHubClient &client)
    {
        QSignalSpy connected(&client.connection(), &signalr::HubConnection::connected);
        client.start();
        return connected.wait(5000);
    }

    // A round trip: the hub answers in order, so once this returns every callback it sent
    // before has been received.
    static bool barrier(EventHubClient &client)
    {
        bool done = false;
        client.getLatestEventSeqId(nullptr, [&](bool, qint64, const QString &) { done = true; });
        return QTest::qWaitFor([&] { return done; }, 5000);
    }

    static SubscriptionResult subscribeAndWait(EventHubClient &client, const std::optional<QList<qint64>> &ids, bool add = true)
    {
        SubscriptionResult result;
        bool done = false;
        auto callback = [&](const SubscriptionResult &r) {
            result = r;
            done = true;
        };
        if (add)
            client.subscribeToStrategies(ids, nullptr, callback);
        else
            client.unsubscribeFromStrategies(ids, nullptr, callback);
        if (!QTest::qWaitFor([&] { return done; }, 5000))
            qFatal("subscription call did not complete");
        return result;
    }

private slots:
    void activeStateArrivesBeforeSubscribe()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 300;
        auto simulator = startSimulator(options);
        auto client = clientFor(*simulator);
        QSignalSpy events(client.get(), &EventHubClient::eventReceived);
        client->start();
        // Nothing subscribed, no background activity: whatever arrives is the pushed state.
        QVERIFY(events.wait(5000));
        QVERIFY(barrier(*client));
        bool sawActiveSignalOrError = false;
        for (const QList<QVariant> &arguments : events) {
            const Event event = arguments.at(0).value<Event>();
            QVERIFY(event.kind == EventKind::EntrySignal || event.kind == EventKind::ExitSignal
                    || event.kind == EventKind::AdjustmentSignal || event.kind == EventKind::Error);
            QVERIFY(event.seqId <= simulator->log().latestSeqId());
            sawActiveSignalOrError = true;
        }
        QVERIFY(sawActiveSignalOrError);
    }

    void subscribeSemantics()
    {
        auto simulator = quietSimulator();
        auto client = clientFor(*simulator);
        QVERIFY(connectAndWait(*client));

        const SubscriptionResult some = subscribeAndWait(*client, QList<qint64>{101, 102, 950, 12345});
        QVERIFY2(some.ok, qPrintable(some.error));
        QCOMPARE(some.successful, (QList<qint64>{101, 102}));
        QCOMPARE(some.failed.size(), 2);
        QCOMPARE(some.failed.at(0).strategyId, 950);
        QVERIFY(!some.failed.at(0).reason.isEmpty());
        QCOMPARE(some.failed.at(1).strategyId, 12345);

        const SubscriptionResult none = subscribeAndWait(*client, QList<qint64>{});
        QVERIFY(none.ok);
        QVERIFY(none.successful.isEmpty() && none.failed.isEmpty());

        const SubscriptionResult all = subscribeAndWait(*client, std::nullopt);
        QVERIFY(all.ok);
        QCOMPARE(all.successful.size(), 10);
        QVERIFY(subscribeAndWait(*client, std::nullopt, false).ok);
    }

    void callbacksAreRoutedByStrategy()
    {
        auto simulator = quietSimulator();
        auto client = clientFor(*simulator);
        QVERIFY(connectAndWait(*client));
        QSignalSpy events(client.get(), &EventHubClient::eventReceived);
        QVERIFY(subscribeAndWait(*client, QList<qint64>{101}).ok);

        int published101 = 0;
        for (int i = 0; i < 400; ++i) {
            if (simulator->publishNext().strategyId == 101)
                ++published101;
        }
        QVERIFY(published101 > 0);
        QVERIFY(barrier(*client));
        QCOMPARE(events.size(), published101);
        for (const QList<QVariant> &arguments : events)
            QCOMPARE(arguments.at(0).value<Event>().strategyId, 101);

        // Unsubscribing stops the flow.
        QVERIFY(subscribeAndWait(*client, QList<qint64>{101}, false).ok);
        events.clear();
        for (int i = 0; i < 100; ++i)
            simulator->publishNext();
        QVERIFY(barrier(*client));
        QCOMPARE(events.size(), 0);
    }

    void typedSignalsMatchTheKind()
    {
        auto simulator = quietSimulator();
        auto client = clientFor(*simulator);
        QVERIFY(connectAndWait(*client));
        QVERIFY(subscribeAndWait(*client, std::nullopt).ok);
        QSignalSpy orders(client.get(), &EventHubClient::orderUpdate);
        QSignalSpy all(client.get(), &EventHubClient::eventReceived);
        int publishedOrders = 0;
        for (int i = 0; i < 300; ++i)
            publishedOrders += simulator->publishNext().kind == EventKind::OrderUpdate;
        QVERIFY(QTest::qWaitFor([&] { return all.size() >= 300; }, 5000));
        QCOMPARE(orders.size(), publishedOrders);
    }

    // The client emits events only while something listens (it counts connections): one
    // connection of several gone, the others still hear every event; all gone and one
    // made again, it hears them too.
    void eventSignalsFollowTheirConnections()
    {
        auto simulator = quietSimulator();
        auto client = clientFor(*simulator);
        QVERIFY(connectAndWait(*client));
        QVERIFY(subscribeAndWait(*client, std::nullopt).ok);
        int first = 0, second = 0;
        const auto firstConnection = connect(client.get(), &EventHubClient::eventReceived, this, [&] { ++first; });
        connect(client.get(), &EventHubClient::eventReceived, this, [&] { ++second; });
        for (int i = 0; i < 10; ++i)
            simulator->publishNext();
        QVERIFY(QTest::qWaitFor([&] { return second == 10; }, 5000));
        QCOMPARE(first, 10);
        disconnect(firstConnection);
        for (int i = 0; i < 10; ++i)
            simulator->publishNext();
        QVERIFY(QTest::qWaitFor([&] { return second == 20; }, 5000));
        QCOMPARE(first, 10);
        client->disconnect(this);
        QSignalSpy again(client.get(), &EventHubClient::eventReceived);
        for (int i = 0; i < 10; ++i)
            simulator->publishNext();
        QVERIFY(QTest::qWaitFor([&] { return again.size() == 10; }, 5000));
        QCOMPARE(second, 20);
    }

    void historyPagesWithoutGapOrDuplicate()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 5500;
        auto simulator = startSimulator(options);
        auto client = clientFor(*simulator);
        QVERIFY(connectAndWait(*client));

        HistoryReplay replay(*client, 0);
        QList<Event> all;
        int pages = 0;
        connect(&replay, &HistoryReplay::pageReceived, this, [&](const QList<Event> &events) {
            ++pages;
            QVERIFY(events.size() <= EventHubClient::MaxPageSize);
            all += events;
        });
        QSignalSpy finished(&replay, &HistoryReplay::finished);
        QSignalSpy progress(&replay, &HistoryReplay::progress);
        replay.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(all.size(), 5500);
        QCOMPARE(pages, 6);
        QSet<QString> ids;
        for (int i = 0; i < all.size(); ++i) {
            QCOMPARE(all.at(i).seqId, qint64(i + 1));
            ids.insert(all.at(i).eventId());
        }
        QCOMPARE(ids.size(), 5500);
        QCOMPARE(finished.at(0).at(0).toLongLong(), 5500);
        QCOMPARE(progress.last().at(1).toLongLong(), 5500);

        // From a cursor in the middle: only what follows it.
        HistoryReplay tail(*client, 5200);
        QList<Event> rest;
        connect(&tail, &HistoryReplay::pageReceived, this, [&](const QList<Event> &events) { rest += events; });
        QSignalSpy tailFinished(&tail, &HistoryReplay::finished);
        tail.start();
        QVERIFY(tailFinished.wait(5000));
        QCOMPARE(rest.size(), 300);
        QCOMPARE(rest.first().seqId, 5201);
    }

    // A hub that keeps answering "more" with the same page paged forever.
    void aHistoryThatMakesNoProgressFails()
    {
        TestPeer peer;
        int pages = 0;
        peer.customAnswer = [&pages](signalr::server::HubServerConnection *connection, const signalr::HubMessage &message) {
            if (message.target == QLatin1String("GetLatestEventSeqId")) {
                connection->complete(message.invocationId, QJsonValue(100));
                return true;
            }
            if (message.target != QLatin1String("GetEventsSince"))
                return false;
            ++pages;
            connection->complete(
                message.invocationId,
                signalr::RawJson::fromText(
                    R"({"Events":[{"Kind":"OrderUpdate","OrderUpdate":{"EventId":"a","EventSeqId":1,"EventTime":"2026-11-25T10:00:00Z"}}],"ContinuationToken":"again"})"));
            return true;
        };
        signalr::HubConnectionOptions options;
        options.hubUrl = peer.hubUrl();
        eventhub::EventHubClient client(options);
        QSignalSpy connected(&client.connection(), &signalr::HubConnection::connected);
        client.start();
        QVERIFY(connected.wait(5000));
        eventhub::HistoryReplay replay(client, 0);
        QSignalSpy failed(&replay, &eventhub::HistoryReplay::failed);
        replay.start();
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().first().toString().contains("makes no progress"), qPrintable(failed.first().first().toString()));
        QCOMPARE(pages, 4); // one that advanced, three that did not
    }

    void wrongKeyIsRefused()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.apiKey = "right";
        auto simulator = startSimulator(options);
        auto client = clientFor(*simulator, "wrong");
        QSignalSpy closed(&client->connection(), &signalr::HubConnection::closed);
        client->start();
        QVERIFY(closed.wait(5000));
        QCOMPARE(closed.at(0).at(0).value<signalr::ConnectionError>().kind, signalr::ConnectionError::Kind::Unauthorized);
    }
};

QTEST_GUILESS_MAIN(TestEventHubEndToEnd)
#include "tst_eventhub_e2e.moc"
