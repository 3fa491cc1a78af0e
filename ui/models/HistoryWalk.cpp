#include "HistoryWalk.h"

namespace ui {

HistoryWalk::HistoryWalk(EventQuery query, qint64 fromSeqId)
    : m_query(std::move(query))
    , m_cursor(fromSeqId)
{
}

std::shared_ptr<HistoryWalk> HistoryWalk::create(EventQuery query, qint64 fromSeqId)
{
    return std::shared_ptr<HistoryWalk>(new HistoryWalk(std::move(query), fromSeqId));
}

bool HistoryWalk::canContinue(const HistorySource &source) const
{
    return m_more && !m_inFlight && (source.storeCovers(m_cursor + 1) || source.isConnected());
}

void HistoryWalk::next(const HistorySource &source, int pageSize, QObject *context, PageCallback done)
{
    if (!canContinue(source))
        return;
    m_inFlight = true;
    if (source.storeCovers(m_cursor + 1))
        readStore(*source.store, pageSize, context, std::move(done));
    else
        readHub(*source.client, pageSize, context, std::move(done));
}

void HistoryWalk::readStore(store::EventStore &store, int pageSize, QObject *context, PageCallback done)
{
    // A token belongs to the hub's walk: after the store's part the hub starts afresh.
    m_token = QJsonValue::Null;
    std::weak_ptr<HistoryWalk> weak = weak_from_this();
    store.readAfter(m_cursor, pageSize, context, [weak, done = std::move(done)](const QList<eventhub::Event> &events) {
        const std::shared_ptr<HistoryWalk> self = weak.lock();
        if (!self)
            return;
        self->m_inFlight = false;
        Page page;
        page.ok = true;
        self->onPage(events, page);
        // The store's end is not the history's: the hub has what came after it.
        if (!self->m_query.isPastEnd(events.isEmpty() ? eventhub::Event{} : events.constLast()))
            self->m_more = true;
        done(page);
    });
}

void HistoryWalk::readHub(eventhub::EventHubClient &client, int pageSize, QObject *context, PageCallback done)
{
    std::weak_ptr<HistoryWalk> weak = weak_from_this();
    client.getEventsSince(m_cursor, pageSize, m_token, context,
                          [weak, done = std::move(done)](const eventhub::EventPage &result) {
                              const std::shared_ptr<HistoryWalk> self = weak.lock();
                              if (!self)
                                  return;
                              self->m_inFlight = false;
                              Page page;
                              page.ok = result.ok;
                              page.error = result.error;
                              if (result.ok) {
                                  self->onPage(result.events, page);
                                  self->m_more = self->m_more && result.hasMore();
                                  self->m_token = self->m_more ? result.continuationToken : QJsonValue(QJsonValue::Null);
                              } else {
                                  // Not retried by itself: a view would call fetchMore in a
                                  // tight loop against a dead connection. resume() retries.
                                  self->m_more = false;
                              }
                              done(page);
                          });
}

void HistoryWalk::onPage(const QList<eventhub::Event> &events, Page &page)
{
    bool pastEnd = false;
    for (const eventhub::Event &event : events) {
        m_cursor = std::max(m_cursor, event.seqId);
        if (m_query.isPastEnd(event)) {
            pastEnd = true;
            break;
        }
        if (m_query.matches(event))
            page.matched.append(event);
    }
    page.scanned = int(events.size());
    m_scanned += events.size();
    m_more = !pastEnd && !events.isEmpty();
}

void HistoryWalk::resume()
{
    if (m_inFlight)
        return;
    m_token = QJsonValue::Null;
    m_more = true;
}

} // namespace ui
