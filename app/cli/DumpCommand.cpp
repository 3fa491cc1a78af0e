#include "DumpCommand.h"

#include "EventLineFormat.h"
#include "feed/EventFeed.h"
#include "store/EventStore.h"

DumpCommand::DumpCommand(const CliArguments &arguments, QObject *parent)
    : HubCommand(arguments, parent)
{
    m_stdout.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    connect(&m_client, &eventhub::EventHubClient::malformedCallback, this,
            [](const QString &target, const QString &error) {
                printError(QStringLiteral("ignored a malformed %1 callback: %2").arg(target, error));
            });
}

DumpCommand::~DumpCommand() = default;

bool DumpCommand::prepare(QString &error)
{
    std::optional<qint64> start = m_arguments.since;
    if (m_arguments.useStore) {
        m_store = std::make_unique<store::EventStore>();
        const QString path = m_arguments.storeFile.isEmpty()
                                 ? store::EventStore::defaultPath(m_arguments.settings.instanceUrl, m_arguments.settings.apiKey)
                                 : m_arguments.storeFile;
        if (!m_store->open(path, error)) {
            error = QStringLiteral("Cannot open the event store %1: %2").arg(path, error);
            return false;
        }
        if (!m_store->openNotice().isEmpty())
            printError(m_store->openNotice());
        connect(m_store.get(), &store::EventStore::writeFailed, this, [](const QString &message) { printError(message); });
        if (!start)
            start = m_store->cursor();
    }

    feed::EventFeed::Options options;
    options.batchIntervalMs = 0; // a script reading the pipe wants each event now
    options.startCursor = start;
    // Strictly what follows the starting point, in order: not the older active state.
    options.floorSeqId = start;
    options.subscribeAll = m_arguments.strategyIds.isEmpty();
    options.eventsOutliveBatch = false; // each batch is printed (and queued to the store) as it comes
    m_feed = new feed::EventFeed(m_client, options, this);
    for (qint64 id : m_arguments.strategyIds)
        m_feed->setStrategySubscribed(id, true);
    connect(m_feed, &feed::EventFeed::eventsArrived, this, &DumpCommand::print);
    connect(m_feed, &feed::EventFeed::strategiesChanged, this, &DumpCommand::reportFailedSubscriptions);
    connect(m_feed, &feed::EventFeed::problem, this, [](const QString &message) { printError(message); });
    return true;
}

void DumpCommand::print(const QList<eventhub::Event> &events)
{
    const bool text = m_arguments.format == CliArguments::Format::Text;
    QByteArray lines;
    if (!text) {
        // Sized once: growing it step by step was a twentieth of a flood's time.
        qsizetype size = 0;
        for (const eventhub::Event &event : events)
            size += eventhub::envelopeJsonSizeHint(event);
        lines.reserve(size);
    }
    for (const eventhub::Event &event : events) {
        if (text)
            lines += EventLineFormat::text(event);
        else
            EventLineFormat::appendJsonl(lines, event);
    }
    m_stdout.write(lines);
    // A script reading the pipe sees each batch now, not when stdio's buffer fills.
    m_stdout.flush();
    if (m_store)
        m_store->append(events, m_feed->cursor().value_or(0), m_feed->startingPoint());
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
