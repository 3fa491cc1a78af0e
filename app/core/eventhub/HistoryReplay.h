#pragma once

#include "Event.h"
#include "HubResults.h"

#include <QJsonValue>
#include <QObject>
#include <QPointer>

namespace eventhub {

class EventHubClient;

// Pages GetEventsSince from a cursor until caught up, as the platform's reliability
// pattern asks: first GetLatestEventSeqId (so that progress has a goal), then pages of
// 1000 passing the continuation token back untouched, until the server returns none.
class HistoryReplay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryReplay)

public:
    HistoryReplay(EventHubClient &client, qint64 fromSeqId, QObject *parent = nullptr);

    void start();
    // No further page is requested or reported.
    void cancel();

    qint64 cursor() const { return m_cursor; }
    qint64 target() const { return m_target; }

signals:
    // One page, in server order.
    void pageReceived(const QList<eventhub::Event> &events);
    // The highest EventSeqId seen so far and the latest one the server had at the start.
    void progress(qint64 cursor, qint64 target);
    void finished(qint64 cursor);
    void failed(const QString &error);

private:
    void requestPage(const QJsonValue &continuationToken);
    void onPage(const EventPage &page);

    EventHubClient &m_client;
    qint64 m_cursor;
    qint64 m_target = 0;
    bool m_running = false;
    int m_pagesWithoutProgress = 0;
    static constexpr int MaxPagesWithoutProgress = 3;
};

} // namespace eventhub
