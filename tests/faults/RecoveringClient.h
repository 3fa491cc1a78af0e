#pragma once

#include "eventhub/EventHubClient.h"
#include "feed/EventFeed.h"
#include "store/EventStore.h"

#include <QHash>
#include <QTemporaryDir>

#include <memory>

// The product's recovery stack as the desktop app and `dump --store` run it: an Event Hub
// client, the EventFeed and the EventStore, with a record of every delivery so that a
// test can prove "each EventId once".
class RecoveringClient
{
public:
    RecoveringClient(const QUrl &hubUrl, const QString &storePath, int serverTimeoutMs = 30000);

    void start() { m_client->start(); }
    eventhub::EventHubClient &client() { return *m_client; }
    feed::EventFeed &feed() { return *m_feed; }
    store::EventStore &store() { return *m_store; }

    qint64 deliveredUpTo() const { return m_deliveredUpTo; }
    // EventIds delivered more than once (must stay empty).
    QStringList duplicates() const { return m_duplicates; }
    qsizetype deliveredCount() const { return m_deliveries.size(); }

private:
    std::unique_ptr<eventhub::EventHubClient> m_client;
    std::unique_ptr<feed::EventFeed> m_feed;
    std::unique_ptr<store::EventStore> m_store;
    QHash<QString, qint64> m_deliveries;
    QStringList m_duplicates;
    qint64 m_deliveredUpTo = 0;
};

// Every stored event of the store file at `path`, in EventSeqId order, and its cursor.
struct StoredEvents
{
    QList<eventhub::Event> events;
    std::optional<qint64> cursor;
    static StoredEvents read(const QString &path);
};
