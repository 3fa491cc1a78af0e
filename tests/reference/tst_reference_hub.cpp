// Our SignalR client and Event Hub client against the reference hub: the real ASP.NET Core
// SignalR server with the Event Hub contract. Built twice, for the JSON and the MessagePack
// hub protocol (REFERENCE_PROTOCOL), against a hub started with that protocol enabled.

#include "ReferenceSupport.h"
#include "eventhub/HistoryReplay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace eventhub;
using signalr::ConnectionError;
using signalr::HubConnection;

Q_DECLARE_METATYPE(signalr::ConnectionError)

namespace {

// Every event a client reports, in arrival order, and the typed signal each came through.
struct Recorder
{
    QList<Event> events;
    QStringList typedSignals;

    explicit Recorder(EventHubClient &client)
    {
        QObject::connect(&client, &EventHubClient::eventReceived, &client, [this](const Event &event) { events.append(event); });
        using Signal = void (EventHubClient::*)(const Event &);
        const QList<QPair<Signal, QString>> typed{
            {&EventHubClient::entrySignal, QStringLiteral("entrySignal")},
            {&EventHubClient::exitSignal, QStringLiteral("exitSignal")},
            {&EventHubClient::adjustmentSignal, QStringLiteral("adjustmentSignal")},
            {&EventHubClient::orderUpdate, QStringLiteral("orderUpdate")},
            {&EventHubClient::positionUpdate, QStringLiteral("positionUpdate")},
            {&EventHubClient::legUpdate, QStringLiteral("legUpdate")},
            {&EventHubClient::agentStatusChange, QStringLiteral("agentStatusChange")},
            {&EventHubClient::error, QStringLiteral("error")},
            {&EventHubClient::positionEntryPreparationCompleted, QStringLiteral("positionEntryPreparationCompleted")},
            {&EventHubClient::positionEntryPreparationFailed, QStringLiteral("positionEntryPreparationFailed")},
            {&EventHubClient::positionExitPreparationCompleted, QStringLiteral("positionExitPreparationCompleted")},
            {&EventHubClient::positionExitPreparationFailed, QStringLiteral("positionExitPreparationFailed")},
            {&EventHubClient::positionAdjustmentPreparationCompleted, QStringLiteral("positionAdjustmentPreparationCompleted")},
            {&EventHubClient::positionAdjustmentPreparationFailed, QStringLiteral("positionAdjustmentPreparationFailed")},
            {&EventHubClient::autoUpdateVarsAdjustmentStarted, QStringLiteral("autoUpdateVarsAdjustmentStarted")},
            {&EventHubClient::autoUpdateVarsAdjustmentCompleted, QStringLiteral("autoUpdateVarsAdjustmentCompleted")},
            {&EventHubClient::autoUpdateVarsAdjustmentFailed, QStringLiteral("autoUpdateVarsAdjustmentFailed")},
        };
        for (const auto &[signal, name] : typed)
            QObject::connect(&client, signal, &client, [this, name = name] { typedSignals.append(name); });
    }

    QList<qint64> seqIds() const
    {
        QList<qint64> ids;
        for (const Event &event : events)
            ids.append(event.seqId);
        return ids;
    }
};

} // namespace

class TestReferenceHub : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReferenceHub> m_hub;

    std::unique_ptr<EventHubClient> connectedClient()
    {
        auto client = std::make_unique<EventHubClient>(reference::options(*m_hub));
        client->start();
        if (!reference::waitConnected(*client))
            qFatal("no connection to the reference hub: %s", qPrintable(client->connection().lastError().message));
        return client;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ConnectionError>();
        m_hub = std::make_unique<ReferenceHub>(reference::hubArguments());
    }

    void cleanupTestCase() { m_hub.reset(); }

    void negotiateAnswersVersionOneWithWebSockets()
    {
        const auto response =
            m_hub->request("POST", QStringLiteral("/hubs/events/negotiate?negotiateVersion=1"), ReferenceHub::ApiKey);
        QCOMPARE(response.status, 200);
        const QJsonObject answer = QJsonDocument::fromJson(response.body).object();
        QCOMPARE(answer.value(QLatin1String("negotiateVersion")).toInt(), 1);
        QVERIFY(!answer.value(QLatin1String("connectionToken")).toString().isEmpty());
        QVERIFY(answer.value(QLatin1String("connectionToken")) != answer.value(QLatin1String("connectionId")));
        bool binaryWebSockets = false;
        for (const QJsonValue &transport : answer.value(QLatin1String("availableTransports")).toArray()) {
            if (transport[QLatin1String("transport")].toString() == QLatin1String("WebSockets"))
                binaryWebSockets = transport[QLatin1String("transferFormats")].toArray().contains(QLatin1String("Binary"));
        }
        QVERIFY(binaryWebSockets);
        // Not asked for, so not granted (this hub does not allow it anyway).
        QVERIFY(!answer.contains(QLatin1String("useStatefulReconnect")));
    }

    void wrongOrMissingKeyIsRefusedWithoutRetry_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("wrong key") << QStringLiteral("not-the-key");
        QTest::newRow("no key") << QString();
    }

    void wrongOrMissingKeyIsRefusedWithoutRetry()
    {
        QFETCH(QString, key);
        // Even with retries of the first start on, a refused key is final.
        signalr::HubConnectionOptions options = reference::options(*m_hub, key);
        options.retryInitialConnection = true;
        HubConnection connection(options);
        QSignalSpy closed(&connection, &HubConnection::closed);
        QSignalSpy scheduled(&connection, &HubConnection::reconnectScheduled);
        connection.start();
        QVERIFY(closed.wait(10000));
        const auto error = closed.at(0).at(0).value<ConnectionError>();
        QCOMPARE(error.kind, ConnectionError::Kind::Unauthorized);
        QCOMPARE(error.httpStatus, 401);
        QCOMPARE(scheduled.size(), 0);
    }

    void handshakeThenTheActiveStateBeforeAnySubscribe()
    {
        auto client = std::make_unique<EventHubClient>(reference::options(*m_hub));
        Recorder recorder(*client);
        client->start();
        QVERIFY(reference::waitConnected(*client));
        // The hub pushes its active entry signal and error right after the handshake.
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 2, 10000);
        QCOMPARE(recorder.typedSignals, (QStringList{QStringLiteral("entrySignal"), QStringLiteral("error")}));
        for (const Event &event : std::as_const(recorder.events)) {
            // EventTime: 14:30:00 + EventSeqId s + 0.1234567 s, in either protocol's encoding
            // of a .NET DateTime; kept to the millisecond.
            const QDateTime expected = QDateTime(QDate(2026, 1, 5), QTime(14, 30), Qt::UTC).addSecs(event.seqId).addMSecs(123);
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC), expected);
            QCOMPARE(event.eventId(), QStringLiteral("ref-%1").arg(event.seqId, 8, 10, QLatin1Char('0')));
            QCOMPARE(event.strategyName, QStringLiteral("Strategy %1").arg(event.strategyId));
            // Fields the client does not know are kept as the server sent them.
            QVERIFY(event.payload().contains(QLatin1String("Quantity")));
            QVERIFY(event.payload().contains(QLatin1String("Severity")));
        }
    }

    void invocationsReturnResultsAndTheServersErrors()
    {
        auto client = connectedClient();
        HubConnection &connection = client->connection();

        const auto latest = reference::invokeAndWait(connection, QStringLiteral("GetLatestEventSeqId"));
        QVERIFY2(latest.ok, qPrintable(latest.error));
        QVERIFY(latest.value.toValue().isDouble());
        QVERIFY(latest.value.toValue().toInteger() >= 2500);

        // The server's own error texts, word for word.
        const auto unknown = reference::invokeAndWait(connection, QStringLiteral("NoSuchMethod"));
        QVERIFY(!unknown.ok);
        QCOMPARE(unknown.error, QStringLiteral("Failed to invoke 'NoSuchMethod' due to an error on the server. "
                                               "HubException: Method does not exist."));
        const auto hidden = reference::invokeAndWait(
            connection, QStringLiteral("GetEventsSince"),
            QJsonArray{QJsonObject{{QStringLiteral("SinceEventSeqId"), 0}, {QStringLiteral("Limit"), 0}}});
        QCOMPARE(hidden.error, QStringLiteral("An unexpected error occurred invoking 'GetEventsSince' on the server."));
        const auto shown =
            reference::invokeAndWait(connection, QStringLiteral("GetEventsSince"),
                                     QJsonArray{QJsonObject{{QStringLiteral("SinceEventSeqId"), 0},
                                                            {QStringLiteral("Limit"), 5},
                                                            {QStringLiteral("ContinuationToken"), QStringLiteral("garbage")}}});
        QCOMPARE(shown.error, QStringLiteral("An unexpected error occurred invoking 'GetEventsSince' on the server. "
                                             "HubException: The continuation token is not valid."));
        const auto wrongArguments = reference::invokeAndWait(connection, QStringLiteral("GetLatestEventSeqId"), QJsonArray{1});
        QCOMPARE(wrongArguments.error, QStringLiteral("Failed to invoke 'GetLatestEventSeqId' due to an error on the server."));
        // The connection is unharmed by failed invocations.
        QVERIFY(reference::invokeAndWait(connection, QStringLiteral("GetLatestEventSeqId")).ok);
        QCOMPARE(connection.state(), HubConnection::State::Connected);
    }

    void allSeventeenCallbacks()
    {
        auto client = connectedClient();
        QVERIFY(reference::subscribeAndWait(*client, std::nullopt).ok);
        // Recording starts once the subscribe is answered: the hub answers it after pushing
        // its active state on connect, which "connected" does not wait for (it used to be
        // dispatched within the same turn most of the time; since received messages are
        // dispatched from the next turn, it landed here now and then: 19 events, not 17).
        Recorder recorder(*client);
        const auto [first, last] = m_hub->emitEvents(QStringLiteral("all"), 7);
        QCOMPARE(last - first, 16);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.seqIds().contains(last), 10000);
        QList<qint64> expectedIds;
        QStringList expectedSignals;
        for (EventKind kind : allEventKinds()) {
            expectedIds.append(first + expectedIds.size());
            QString name = kindName(kind);
            name[0] = name[0].toLower();
            expectedSignals.append(name);
        }
        QCOMPARE(recorder.seqIds(), expectedIds);
        QCOMPARE(recorder.typedSignals, expectedSignals);
        for (int i = 0; i < recorder.events.size(); ++i) {
            const Event &event = recorder.events.at(i);
            QCOMPARE(event.kind, allEventKinds()[i]);
            QCOMPARE(event.strategyId, 7);
            QCOMPARE(event.payload().value(QLatin1String("Message")).toString(),
                     QStringLiteral("%1 #%2 for strategy 7").arg(kindName(event.kind)).arg(event.seqId));
        }
    }

    void historyPagesThroughEveryEvent()
    {
        auto client = connectedClient();
        const qint64 latest =
            reference::invokeAndWait(client->connection(), QStringLiteral("GetLatestEventSeqId")).value.toValue().toInteger();
        HistoryReplay replay(*client, 0);
        QList<int> pageSizes;
        QList<qint64> ids;
        connect(&replay, &HistoryReplay::pageReceived, this, [&](const QList<Event> &page) {
            pageSizes.append(page.size());
            for (const Event &event : page)
                ids.append(event.seqId);
        });
        QSignalSpy finished(&replay, &HistoryReplay::finished);
        QSignalSpy failed(&replay, &HistoryReplay::failed);
        replay.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(failed.size(), 0);
        // Pages of the server's cap (1000), the last one short, then no token.
        QVERIFY(pageSizes.size() >= 3);
        for (int i = 0; i + 1 < pageSizes.size(); ++i)
            QCOMPARE(pageSizes.at(i), 1000);
        QCOMPARE(ids.size(), int(latest));
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(ids.at(i), qint64(i + 1));
        QCOMPARE(finished.at(0).at(0).toLongLong(), latest);
    }

    void subscribeSemantics()
    {
        auto client = std::make_unique<EventHubClient>(reference::options(*m_hub));
        Recorder recorder(*client);
        client->start();
        QVERIFY(reference::waitConnected(*client));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 2, 10000); // the active state
        recorder.events.clear();

        // [] is the documented no-op: answered without a call.
        const auto nothing = reference::subscribeAndWait(*client, QList<qint64>{});
        QVERIFY(nothing.ok);
        QVERIFY(nothing.successful.isEmpty() && nothing.failed.isEmpty());

        // [ids]: per-id success or failure, as the server decides.
        const auto some = reference::subscribeAndWait(*client, QList<qint64>{3, 99});
        QVERIFY(some.ok);
        QCOMPARE(some.successful, QList<qint64>{3});
        QCOMPARE(some.failed.size(), 1);
        QCOMPARE(some.failed.at(0).strategyId, 99);
        const qint64 forThree = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 3).first;
        m_hub->emitEvents(QStringLiteral("OrderUpdate"), 4);
        const qint64 marker = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 3).first;
        QTRY_VERIFY_WITH_TIMEOUT(recorder.seqIds().contains(marker), 10000);
        QCOMPARE(recorder.seqIds(), (QList<qint64>{forThree, marker}));

        // null: all strategies.
        recorder.events.clear();
        QVERIFY(reference::subscribeAndWait(*client, std::nullopt).ok);
        const qint64 forFour = m_hub->emitEvents(QStringLiteral("LegUpdate"), 4).first;
        QTRY_COMPARE_WITH_TIMEOUT(recorder.seqIds(), QList<qint64>{forFour}, 10000);

        // Unsubscribe null leaves "all"; the explicit strategy 3 stays.
        recorder.events.clear();
        QVERIFY(reference::subscribeAndWait(*client, std::nullopt, false).ok);
        m_hub->emitEvents(QStringLiteral("LegUpdate"), 4);
        const qint64 stillThree = m_hub->emitEvents(QStringLiteral("LegUpdate"), 3).first;
        QTRY_VERIFY_WITH_TIMEOUT(recorder.seqIds().contains(stillThree), 10000);
        QCOMPARE(recorder.seqIds(), QList<qint64>{stillThree});
    }

    void serverCloseWithErrorRetriesNoSoonerThanFiveSeconds()
    {
        m_hub->rejectNext(QStringLiteral("Maintenance window"));
        HubConnection connection(reference::options(*m_hub));
        QSignalSpy closed(&connection, &HubConnection::closed);
        QSignalSpy scheduled(&connection, &HubConnection::reconnectScheduled);
        connection.start();
        QVERIFY(scheduled.wait(10000));
        const auto error = scheduled.at(0).at(2).value<ConnectionError>();
        QCOMPARE(error.kind, ConnectionError::Kind::ServerClosed);
        QVERIFY(!error.serverAllowsReconnect);
        QCOMPARE(error.message, QStringLiteral("The server closed the connection with an error: "
                                               "Connection closed with an error. HubException: Maintenance window. "
                                               "It did not allow a reconnect: trying again after at least 5 s, in "
                                               "case it is restarting."));
        QVERIFY(QDateTime::currentDateTimeUtc().msecsTo(scheduled.at(0).at(1).toDateTime()) > 4000);
        QCOMPARE(connection.state(), HubConnection::State::Reconnecting);
        connection.stop();
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.at(0).at(0).value<ConnectionError>().kind, ConnectionError::Kind::Stopped);
    }

    void anOversizedMessageIsClosedWithReconnectAllowed()
    {
        // The server's default maximum receive size is 32 KB: a larger message is a protocol
        // error it answers with Close, error and allowReconnect, so the client comes back.
        auto client = connectedClient();
        QSignalSpy reconnected(&client->connection(), &HubConnection::reconnected);
        QSignalSpy reconnecting(&client->connection(), &HubConnection::reconnecting);
        const auto result = reference::invokeAndWait(client->connection(), QStringLiteral("GetLatestEventSeqId"),
                                                     QJsonArray{QString(40 * 1024, QLatin1Char('x'))});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QLatin1String("Connection closed with an error.")), qPrintable(result.error));
        QCOMPARE(reconnecting.size(), 1);
        QVERIFY(reconnecting.at(0).at(0).value<ConnectionError>().serverAllowsReconnect);
        // Not QSignalSpy::wait: the reconnect may be over already.
        QTRY_COMPARE_WITH_TIMEOUT(reconnected.size(), 1, 10000);
        QVERIFY(reference::invokeAndWait(client->connection(), QStringLiteral("GetLatestEventSeqId")).ok);
    }

    void reconnectsAfterADrop()
    {
        // This hub does not allow stateful reconnect: a drop ends the SignalR connection and
        // the client makes a new one (a new connection id, subscriptions gone).
        auto client = connectedClient();
        QSignalSpy reconnected(&client->connection(), &HubConnection::reconnected);
        QSignalSpy resuming(&client->connection(), &HubConnection::transportResuming);
        // The hub registers a connection in OnConnectedAsync, just after the handshake.
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->connectionIds().size(), 1, 5000);
        const QStringList before = m_hub->connectionIds();
        m_hub->drop(before.at(0));
        // Not QSignalSpy::wait: the reconnect may be over before drop() returns.
        QTRY_COMPARE_WITH_TIMEOUT(reconnected.size(), 1, 10000);
        QCOMPARE(resuming.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->connectionIds().size(), 1, 5000);
        QVERIFY(m_hub->connectionIds().at(0) != before.at(0));
        QVERIFY(reference::invokeAndWait(client->connection(), QStringLiteral("GetLatestEventSeqId")).ok);
    }

    void cleanup()
    {
        // Every test leaves no connection behind (the next one counts connections).
        QTRY_VERIFY_WITH_TIMEOUT(m_hub->connectionIds().isEmpty(), 10000);
    }
};

QTEST_MAIN(TestReferenceHub)
#include "tst_reference_hub.moc"
