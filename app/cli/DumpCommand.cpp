#include "DumpCommand.h"

#include "EventLineFormat.h"
#include "feed/EventFeed.h"
#include "store/EventStore.h"

#include <algorithm>

namespace cli {

DumpCommand::DumpCommand(const CliArguments &arguments, QObject *parent)
    : HubCommand(arguments, parent)
{
    connect(&m_client, &eventhub::EventHubClient::malformedCallback, this, [this](const QString &target, const QString &error) {
        reportProblem(QStringLiteral("ignored a malformed %1 callback: %2").arg(target, error));
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
    connect(m_feed, &feed::EventFeed::problem, this, &DumpCommand::reportProblem);
    return true;
}

void DumpCommand::print(const QList<eventhub::Event> &events)
{
    if (isFinished())
        return; // a batch the feed had ready when the command ended
    const bool text = m_arguments.format == CliArguments::Format::Text;
    m_lines.clear();
    m_lineEnds.clear();
    m_lineEnds.reserve(events.size());
    if (!text) {
        // Sized once: growing it step by step was a twentieth of a flood's time.
        qsizetype size = 0;
        for (const eventhub::Event &event : events)
            size += eventhub::envelopeJsonSizeHint(event);
        m_lines.reserve(size);
    }
    for (const eventhub::Event &event : events) {
        if (text)
            m_lines += EventLineFormat::text(event);
        else
            EventLineFormat::appendJsonl(m_lines, event);
        m_lineEnds.append(m_lines.size());
    }
    // Unbuffered: a script reading the pipe sees each batch now, not when a buffer fills.
    qsizetype written = 0;
    const StandardOutput::Result result = m_stdout.write(m_lines, written);
    const qsizetype printed = std::upper_bound(m_lineEnds.cbegin(), m_lineEnds.cend(), written) - m_lineEnds.cbegin();
    m_printed += printed;
    storePrinted(events, printed);
    switch (result) {
    case StandardOutput::Result::Written: return;
    case StandardOutput::Result::ReaderGone: finish(ExitOk); return;
    case StandardOutput::Result::Failed:
        finish(ExitFailure,
               QStringLiteral("cannot write to standard output (%1): %2 events from EventSeqId %3 on were not printed%4")
                   .arg(m_stdout.errorString())
                   .arg(events.size() - printed)
                   .arg(events.at(printed).seqId)
                   .arg(m_store ? QStringLiteral(", and the store's cursor stays before them") : QString()));
        return;
    }
}

void DumpCommand::storePrinted(const QList<eventhub::Event> &events, qsizetype count)
{
    if (!m_store || count == 0)
        return;
    if (count == events.size()) {
        m_store->append(events, m_feed->cursor().value_or(0), m_feed->startingPoint());
        // Backpressure: while the disk is behind, the socket is not read (this thread waits).
        m_store->waitUntilQueuedBelow(store::EventStore::BackpressureQueuedEvents);
        return;
    }
    qint64 cursor = 0;
    for (qsizetype i = 0; i < count; ++i)
        cursor = std::max(cursor, events.at(i).seqId);
    for (qsizetype i = count; i < events.size(); ++i)
        cursor = std::min(cursor, events.at(i).seqId - 1);
    m_store->append(events.first(count), cursor, m_feed->startingPoint());
}

void DumpCommand::reportProblem(const QString &message)
{
    ++m_problems;
    printError(message);
}

void DumpCommand::settle(ExitCode &code, QString &message)
{
    if (m_store && !m_store->flush()) {
        code = ExitFailure;
        // What went wrong was printed when the store said so (writeFailed).
        message = QStringLiteral("events printed after EventSeqId %1 could not be stored; a resumed dump --store "
                                 "prints them again")
                      .arg(m_store->cursor().value_or(0));
        return;
    }
    if (code == ExitOk && m_printed == 0 && m_problems > 0) {
        code = ExitProtocolOrServer;
        message = QStringLiteral("nothing was printed: the errors above kept events from being read");
    }
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

} // namespace cli
