#pragma once

#include "EventQuery.h"

#include <QJsonValue>
#include <QList>

#include <functional>
#include <memory>

class QObject;

namespace eventhub {
class EventHubClient;
}

namespace ui {

// One pass over the hub's history with GetEventsSince, page by page, keeping the events a
// query matches: shared by the history pane (a page per fetchMore) and the CSV export
// (every page). The continuation token goes back exactly as received; the walk ends when
// the server returns none or the query's time range is behind us.
class HistoryWalk final : public std::enable_shared_from_this<HistoryWalk>
{
public:
    struct Page
    {
        bool ok = false;
        QString error;
        QList<eventhub::Event> matched;
        int scanned = 0;
    };
    using PageCallback = std::function<void(const Page &page)>;

    static std::shared_ptr<HistoryWalk> create(EventQuery query, qint64 fromSeqId = 0);

    const EventQuery &query() const { return m_query; }
    bool hasMore() const { return m_more; }
    bool inFlight() const { return m_inFlight; }
    qint64 cursor() const { return m_cursor; }
    qint64 scanned() const { return m_scanned; }

    // Asks for the next page; `done` is called once, later, on this thread (not at all
    // if `context` is destroyed first). Does nothing while a request is in flight.
    void next(eventhub::EventHubClient &client, int pageSize, QObject *context, PageCallback done);
    // After the end: look again for events newer than the cursor.
    void resume();

private:
    HistoryWalk(EventQuery query, qint64 fromSeqId);
    void onPage(const QList<eventhub::Event> &events, const QJsonValue &token, Page &page);

    EventQuery m_query;
    qint64 m_cursor;
    QJsonValue m_token = QJsonValue::Null;
    qint64 m_scanned = 0;
    bool m_more = true;
    bool m_inFlight = false;
};

} // namespace ui
