#include "DumpCommand.h"

#include "EventLineFormat.h"
#include "feed/EventFeed.h"

namespace {

feed::EventFeed::Options feedOptions(const CliArguments &arguments)
{
    feed::EventFeed::Options options;
    options.batchIntervalMs = 0; // a script reading the pipe wants each event now
    options.startCursor = arguments.since;
    // With --since, strictly what follows it, in order: not the older active state.
    options.floorSeqId = arguments.since;
    options.subscribeAll = arguments.strategyIds.isEmpty();
    return options;
}

} // namespace

DumpCommand::DumpCommand(const CliArguments &arguments, QObject *parent)
    : HubCommand(arguments, parent)
    , m_feed(new feed::EventFeed(m_client, feedOptions(arguments), this))
{
    m_stdout.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    for (qint64 id : arguments.strategyIds)
        m_feed->setStrategySubscribed(id, true);
    connect(m_feed, &feed::EventFeed::eventsArrived, this, &DumpCommand::print);
    connect(m_feed, &feed::EventFeed::strategiesChanged, this, &DumpCommand::reportFailedSubscriptions);
    connect(m_feed, &feed::EventFeed::problem, this, [](const QString &message) { printError(message); });
    connect(&m_client, &eventhub::EventHubClient::malformedCallback, this,
            [](const QString &target, const QJsonArray &, const QString &error) {
                printError(QStringLiteral("ignored a malformed %1 callback: %2").arg(target, error));
            });
}

DumpCommand::~DumpCommand() = default;

void DumpCommand::print(const QList<eventhub::Event> &events)
{
    const bool text = m_arguments.format == CliArguments::Format::Text;
    QByteArray lines;
    for (const eventhub::Event &event : events)
        lines += text ? EventLineFormat::text(event) : EventLineFormat::jsonl(event);
    m_stdout.write(lines);
}

void DumpCommand::reportFailedSubscriptions()
{
    for (qint64 id : m_arguments.strategyIds) {
        if (m_feed->subscriptionState(id) != feed::EventFeed::SubscriptionState::Failed || m_reportedFailures.contains(id))
            continue;
        m_reportedFailures.insert(id);
        printError(QStringLiteral("strategy %1 could not be subscribed: %2").arg(id).arg(m_feed->subscriptionFailure(id)));
    }
}
