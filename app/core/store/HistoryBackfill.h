#pragma once

#include <QJsonValue>
#include <QObject>
#include <QPointer>

namespace eventhub {
class EventHubClient;
}

namespace store {

class EventStore;

// Fills the store backward: the history from the account's first event up to where the
// feed's stored history starts (EventStore::coveredFrom), read with GetEventsSince from 0
// a page at a time, each page stored as it comes with how far it got
// (EventStore::backfilledTo), so a restart resumes there. One page in flight, in the
// background of the live feed; a failed page (the connection went down) stops it until
// start() is called again (on the next connect).
class HistoryBackfill final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryBackfill)

public:
    static constexpr int DefaultPageSize = 1000;

    HistoryBackfill(eventhub::EventHubClient &client, EventStore &store, QObject *parent = nullptr);

    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    // Starts or resumes (nothing when done, running, or the feed has stored nothing yet).
    void start();
    bool isDone() const;
    qint64 pagesFetched() const { return m_pagesFetched; }

signals:
    // The history is stored from the start up to `backfilledTo` of `target` (where the
    // feed's history starts).
    void progress(qint64 backfilledTo, qint64 target);
    void finished();
    void stopped(const QString &error);

private:
    void requestPage();
    qint64 target() const;

    eventhub::EventHubClient &m_client;
    QPointer<EventStore> m_store;
    int m_pageSize = DefaultPageSize;
    qint64 m_reached = 0;
    QJsonValue m_token = QJsonValue::Null;
    qint64 m_pagesFetched = 0;
    bool m_running = false;
};

} // namespace store
