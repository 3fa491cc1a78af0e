#include "DumpCommand.h"

#include "EventLineFormat.h"
#include "eventhub/HistoryReplay.h"

#include <algorithm>

DumpCommand::DumpCommand(const CliArguments &arguments, QObject *parent)
    : HubCommand(arguments, parent)
    , m_cursor(arguments.since)
{
    m_stdout.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    connect(&m_client, &eventhub::EventHubClient::eventReceived, this, &DumpCommand::onLiveEvent);
    connect(&m_client, &eventhub::EventHubClient::malformedCallback, this,
            [](const QString &target, const QJsonArray &, const QString &error) {
                printError(QStringLiteral("ignored a malformed %1 callback: %2").arg(target, error));
            });
}

void DumpCommand::onConnected()
{
    if (m_cursor)
        replayThenSubscribe(*m_cursor);
    else
        subscribe();
}

void DumpCommand::onLiveEvent(const eventhub::Event &event)
{
    if (m_replaying)
        m_heldDuringReplay.append(event);
    else
        print(event);
}

void DumpCommand::print(const eventhub::Event &event)
{
    if (m_printedIds.contains(event.eventId))
        return;
    m_printedIds.insert(event.eventId);
    m_cursor = std::max(m_cursor.value_or(0), event.seqId);
    m_stdout.write(m_arguments.format == CliArguments::Format::Text ? EventLineFormat::text(event)
                                                                    : EventLineFormat::jsonl(event));
}

void DumpCommand::replayThenSubscribe(qint64 fromSeqId)
{
    m_replaying = true;
    auto *replay = new eventhub::HistoryReplay(m_client, fromSeqId, this);
    connect(replay, &eventhub::HistoryReplay::pageReceived, this, [this](const QList<eventhub::Event> &events) {
        for (const eventhub::Event &event : events)
            print(event);
    });
    connect(replay, &eventhub::HistoryReplay::finished, this, [this, replay] {
        replay->deleteLater();
        m_replaying = false;
        std::stable_sort(m_heldDuringReplay.begin(), m_heldDuringReplay.end(),
                         [](const eventhub::Event &a, const eventhub::Event &b) { return a.seqId < b.seqId; });
        for (const eventhub::Event &event : std::exchange(m_heldDuringReplay, {}))
            print(event);
        subscribe();
    });
    connect(replay, &eventhub::HistoryReplay::failed, this, [this, replay](const QString &error) {
        replay->deleteLater();
        m_replaying = false;
        // A replay cut short by a lost connection is redone after the reconnect.
        if (m_client.connection().state() == signalr::HubConnection::State::Connected)
            finish(ExitProtocolOrServer, error);
    });
    replay->start();
}

void DumpCommand::subscribe()
{
    const std::optional<QList<qint64>> strategies =
        m_arguments.strategyIds.isEmpty() ? std::nullopt : std::optional<QList<qint64>>(m_arguments.strategyIds);
    m_client.subscribeToStrategies(strategies, this, [this](const eventhub::SubscriptionResult &result) {
        if (!result.ok) {
            if (m_client.connection().state() == signalr::HubConnection::State::Connected)
                finish(ExitProtocolOrServer, QStringLiteral("Subscribing failed: %1").arg(result.error));
            return;
        }
        for (const eventhub::SubscriptionResult::Failure &failure : result.failed) {
            printError(QStringLiteral("strategy %1 could not be subscribed%2")
                           .arg(failure.strategyId)
                           .arg(failure.reason.isEmpty() ? QString() : QStringLiteral(": %1").arg(failure.reason)));
        }
    });
}
