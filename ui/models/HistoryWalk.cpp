#include "HistoryWalk.h"

#include "eventhub/EventHubClient.h"

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

void HistoryWalk::next(eventhub::EventHubClient &client, int pageSize, QObject *context, PageCallback done)
{
    if (m_inFlight || !m_more)
        return;
    m_inFlight = true;
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
                              if (result.ok)
                                  self->onPage(result.events, result.continuationToken, page);
                              else
                                  // Not retried by itself: a view would call fetchMore in a
                                  // tight loop against a dead connection. resume() retries.
                                  self->m_more = false;
                              done(page);
                          });
}

void HistoryWalk::onPage(const QList<eventhub::Event> &events, const QJsonValue &token, Page &page)
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
    eventhub::EventPage shape;
    shape.continuationToken = token;
    m_more = !pastEnd && shape.hasMore() && !events.isEmpty();
    m_token = m_more ? token : QJsonValue(QJsonValue::Null);
}

void HistoryWalk::resume()
{
    if (m_inFlight)
        return;
    m_token = QJsonValue::Null;
    m_more = true;
}

} // namespace ui
