#pragma once

#include "EventQuery.h"
#include "HistorySource.h"

#include <QJsonValue>
#include <QList>

#include <functional>
#include <memory>

class QObject;

namespace ui {

// One pass over the history, page by page in EventSeqId order, keeping the events a query
// matches: shared by the history pane (a page per fetchMore) and the CSV export (every
// page). Pages come from the local store where it holds that part of the history, and
// from the hub (GetEventsSince, the continuation token sent back exactly as received)
// for what it lacks. The walk ends when the hub returns no token or the query's time
// range is behind us.
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

    // Whether next() can read now: more remains, nothing is in flight, and the next page
    // is in the store or the hub is connected.
    bool canContinue(const HistorySource &source) const;
    // Asks for the next page; `done` is called once, later, on this thread (not at all
    // if `context` is destroyed first). Does nothing unless canContinue().
    void next(const HistorySource &source, int pageSize, QObject *context, PageCallback done);
    // After the end: look again for events newer than the cursor.
    void resume();

private:
    HistoryWalk(EventQuery query, qint64 fromSeqId);
    void readStore(store::EventStore &store, int pageSize, QObject *context, PageCallback done);
    void readHub(eventhub::EventHubClient &client, int pageSize, QObject *context, PageCallback done);
    void onPage(const QList<eventhub::Event> &events, Page &page);

    EventQuery m_query;
    qint64 m_cursor;
    QJsonValue m_token = QJsonValue::Null;
    qint64 m_scanned = 0;
    bool m_more = true;
    bool m_inFlight = false;
};

} // namespace ui
