#pragma once

#include "eventhub/Event.h"

#include "RecentIds.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace eventhub {
class EventHubClient;
class HistoryReplay;
}

namespace feed {

// The reliable stream of events the product shows and stores, on top of an
// EventHubClient. It follows the platform's reliability pattern on every (re)connection:
// replay the history from the cursor until caught up (or, with no cursor yet, take the
// latest EventSeqId as the starting point), holding back live callbacks that arrive
// meanwhile, then merge them and subscribe. It delivers each EventId once, fills a gap
// when a live EventSeqId jumps past cursor + 1 while subscribed to all strategies (with a
// subset, skipped numbers are other strategies' events), and restores the user's
// subscriptions after a reconnect (the hub forgets them; the official clients do not).
//
// Events at or below the cursor (the active state the hub pushes on connect) are delivered
// when their EventId was not delivered recently; consumers upsert by EventId anyway.
//
// Events come out in batches (at most every `batchIntervalMs`, 0 = at the next turn of the
// event loop), so that a flood costs the consumer one model update per batch.
class EventFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventFeed)

public:
    enum class SubscriptionState { NotSubscribed, Pending, Subscribed, Failed };
    Q_ENUM(SubscriptionState)

    struct Options
    {
        // A display frame (~60 Hz): an event waits at most this long for its batch, and a
        // stream of events costs the consumer at most ~60 model updates a second until
        // batches fill (maxBatchSize). (50 ms put the median latency near 25-30 ms and the
        // 99th percentile at 50 ms by itself.)
        int batchIntervalMs = 16;
        // A batch this full goes at the next turn of the event loop, before its interval
        // is up: in a flood one 16 ms batch held 16,000-18,000 events, over which the live
        // models kept the UI thread busy for 25-30 ms. (Delivering a backlog in batches
        // of this size, a turn each, fell behind the decoding: a third less throughput.)
        qsizetype maxBatchSize = 2048;
        // Where to start: the stored cursor. Nothing = no replay at the first connection
        // (live only, beginning with what the hub pushes on connect).
        std::optional<qint64> startCursor;
        // Events at or below this EventSeqId are never delivered, not even the active state
        // pushed on connect: for a consumer that wants strictly what follows its cursor.
        std::optional<qint64> floorSeqId;
        // Subscribe to all strategies on connect (the recommended default for automation).
        bool subscribeAll = true;
        // Replay when a live EventSeqId skips numbers. The docs promise increasing ids, not
        // contiguous ones: a hub whose ids have holes costs one replay per hole, so this
        // can be turned off.
        bool fillGaps = true;
        // Consumers keep events past their batch (the GUI's models, for as long as they
        // show them): each event then gets bytes of its own (Event::ownBytes), instead of
        // keeping alive the whole WebSocket message it came in. A consumer done with each
        // batch when its slot returns (the CLI's dump) turns this off, and saves an
        // allocation and a copy per event.
        bool eventsOutliveBatch = true;
    };

    EventFeed(eventhub::EventHubClient &client, Options options, QObject *parent = nullptr);
    ~EventFeed() override;

    // The highest EventSeqId up to which every event has been delivered; nothing before
    // the first event.
    std::optional<qint64> cursor() const { return m_cursor; }
    // Where this feed started (exclusive): the start cursor, or the hub's latest EventSeqId
    // at the first connection. From there up to cursor() nothing was skipped while
    // following all strategies. Nothing before the first connection without a cursor.
    std::optional<qint64> startingPoint() const { return m_start; }
    // True from a (re)connection until the replay has caught up and live events flow.
    bool isSynchronizing() const { return m_synchronizing; }

    // What the user wants; applied at once when connected, and again after each reconnect.
    void setAllStrategies(bool subscribed);
    bool allStrategies() const { return m_wantAll; }
    void setStrategySubscribed(qint64 strategyId, bool subscribed);
    SubscriptionState subscriptionState(qint64 strategyId) const;
    QString subscriptionFailure(qint64 strategyId) const;
    // Every strategy id the feed has heard of: from events, subscriptions and the user.
    QList<qint64> knownStrategies() const;
    QString strategyName(qint64 strategyId) const;

signals:
    // New events, each EventId once, in delivery order (history in EventSeqId order).
    void eventsArrived(const QList<eventhub::Event> &events);
    void replayStarted(qint64 fromSeqId);
    void replayProgress(qint64 cursor, qint64 target);
    void replayFinished(qint64 cursor);
    void strategiesChanged();
    // Something the user should know that did not end the connection (a failed replay).
    void problem(const QString &message);

private:
    void onConnected();
    void onLiveEvent(eventhub::Event &&event);
    void accept(eventhub::Event &&event);
    void startReplay(qint64 fromSeqId);
    void finishReplay();
    void applySubscriptions();
    void catchUpAfterSubscribing();
    // `answered` runs once the hub has answered (or the call failed).
    void requestSubscription(const std::optional<QList<qint64>> &ids, bool subscribe,
                             std::function<void()> answered = {});
    void noteStrategy(const eventhub::Event &event);
    void flush();

    eventhub::EventHubClient &m_client;
    const Options m_options;
    std::optional<qint64> m_cursor;
    std::optional<qint64> m_start;
    // The EventIds delivered most recently (bounded, oldest forgotten first): the dedupe
    // key, as the docs advise, for events that do not advance the cursor.
    RecentIds m_recentIds;
    eventhub::HistoryReplay *m_replay = nullptr;
    bool m_synchronizing = false;
    // Set on each connection: subscriptions are re-applied once it has caught up.
    bool m_needsSubscribe = false;
    QList<eventhub::Event> m_heldDuringReplay;
    QList<eventhub::Event> m_pendingNew;
    qsizetype m_lastBatchSize = 0;
    QTimer m_batchTimer;

    bool m_wantAll;
    // The hub confirmed the "all strategies" subscription on this connection.
    bool m_allAcknowledged = false;
    QSet<qint64> m_wanted;
    QHash<qint64, SubscriptionState> m_states;
    QHash<qint64, QString> m_failures;
    QHash<qint64, QString> m_strategyNames;
};

} // namespace feed
