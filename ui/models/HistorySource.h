#pragma once

#include "eventhub/EventHubClient.h"
#include "store/EventStore.h"

#include <QPointer>

namespace ui {

// Where the history comes from: the local store for the part it holds, the hub for the
// rest. Either may be missing (no store in a test, no connection while offline).
struct HistorySource
{
    QPointer<eventhub::EventHubClient> client;
    QPointer<store::EventStore> store;

    bool isConnected() const
    {
        return client && client->connection().state() == signalr::HubConnection::State::Connected;
    }
    bool storeCovers(qint64 seqId) const { return store && store->covers(seqId); }
};

} // namespace ui
