#include "RecoveringClient.h"

#include <QTest>

RecoveringClient::RecoveringClient(const QUrl &hubUrl, const QString &storePath, int serverTimeoutMs)
{
    m_store = std::make_unique<store::EventStore>();
    QString error;
    if (!m_store->open(storePath, error))
        qFatal("store: %s", qPrintable(error));

    signalr::HubConnectionOptions options;
    options.hubUrl = hubUrl;
    options.serverTimeoutMs = serverTimeoutMs;
    options.keepAliveIntervalMs = std::min(15000, serverTimeoutMs / 3);
    options.retryPolicy.delaysMs = {0, 100, 200};
    options.retryPolicy.repeatDelayMs = 200;
    options.retryPolicy.zeroDelayJitterMs = 50;
    m_client = std::make_unique<eventhub::EventHubClient>(options);

    feed::EventFeed::Options feedOptions;
    feedOptions.startCursor = m_store->cursor().value_or(0);
    m_feed = std::make_unique<feed::EventFeed>(*m_client, feedOptions);
    QObject::connect(m_feed.get(), &feed::EventFeed::eventsArrived, m_feed.get(), [this](const QList<eventhub::Event> &events) {
        for (const eventhub::Event &event : events) {
            if (m_deliveries.contains(event.eventId()))
                m_duplicates.append(event.eventId());
            m_deliveries.insert(event.eventId(), event.seqId);
            m_deliveredUpTo = std::max(m_deliveredUpTo, event.seqId);
        }
        m_store->append(events, m_feed->cursor().value_or(0), m_feed->startingPoint());
    });
}

StoredEvents StoredEvents::read(const QString &path)
{
    StoredEvents stored;
    store::EventStore reader;
    QString error;
    if (!reader.open(path, error))
        qFatal("store: %s", qPrintable(error));
    stored.cursor = reader.cursor();
    bool done = false;
    reader.readAfter(0, std::numeric_limits<int>::max(), &reader, [&](const QList<eventhub::Event> &events) {
        stored.events = events;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qFatal("reading the store timed out");
    return stored;
}
