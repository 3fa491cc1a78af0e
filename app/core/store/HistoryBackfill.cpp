#include "HistoryBackfill.h"

#include "EventStore.h"
#include "eventhub/EventHubClient.h"

namespace store {

HistoryBackfill::HistoryBackfill(eventhub::EventHubClient &client, EventStore &store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(&store)
{}

qint64 HistoryBackfill::target() const
{
    return m_store ? m_store->coveredFrom().value_or(0) : 0;
}

bool HistoryBackfill::isDone() const
{
    return m_store && m_store->coveredFrom() && m_store->backfilledTo() >= target();
}

void HistoryBackfill::start()
{
    if (m_running || !m_store || m_store->isReadOnly() || !m_store->coveredFrom() || isDone())
        return;
    m_running = true;
    // A new walk from where the stored history from the start ends: a continuation token
    // belongs to the walk that received it.
    m_reached = m_store->backfilledTo();
    m_token = QJsonValue::Null;
    requestPage();
}

void HistoryBackfill::requestPage()
{
    m_client.getEventsSince(m_reached, m_pageSize, m_token, this, [this](const eventhub::EventPage &page) {
        if (!m_store) {
            m_running = false;
            return;
        }
        if (!page.ok) {
            m_running = false;
            emit stopped(page.error);
            return;
        }
        ++m_pagesFetched;
        for (const eventhub::Event &event : page.events)
            m_reached = std::max(m_reached, event.seqId);
        const bool last = !page.hasMore() || m_reached >= target();
        // The end of the history reached is the end of what there is to fill.
        if (last)
            m_reached = std::max(m_reached, target());
        m_store->appendBackfill(page.events, m_reached);
        emit progress(m_reached, target());
        if (last) {
            m_running = false;
            emit finished();
            return;
        }
        m_token = page.continuationToken;
        requestPage();
    });
}

} // namespace store
