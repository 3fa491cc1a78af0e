#pragma once

#include "eventhub/Event.h"

#include "SeqIdRanges.h"

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
// meanwhile, then merge them and subscribe. It fills a gap when a live EventSeqId jumps
// past cursor + 1 while subscribed to all strategies (with a subset, skipped numbers are
// other strategies' events), and restores the user's subscriptions after a reconnect (the
// hub forgets them; the official clients do not).
//
// The delivery rule, which every path (live, replay, catch-up, gap fill, held) goes through:
//   1. Within a run, an EventSeqId is delivered at most once, however long the run or the flood.
//   2. An event whose EventSeqId was not delivered yet is delivered, even below the cursor (the
//      active state the hub pushes on connect: upserts the consumer needs), unless floorSeqId says no.
//   3. Only the subscribed strategies' events (and those of no strategy) are delivered: the
//      history and the state pushed on connect hold every strategy's.
// The delivered EventSeqIds are kept as ranges (SeqIdRanges): a flood in order is one range.
//
// A replay stops early where the live events held meanwhile run on from its cursor without
// a hole: a hub keeps a flood in its history while it sends it, and reading it back whole
// doubled what a flood costs.
//
// Memory stays bounded in a flood: live events held during a replay are capped
// (maxHeldEvents); those beyond the cap are dropped and read back from the hub's history
// by one more round of replay, since a hub keeps every event it sends.
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
        // batches fill (maxBatchSize). Longer intervals show in figure 5's latency
        // (docs/benchmarks.md, "Measurements behind the code's rules").
        int batchIntervalMs = 16;
        // A batch this full goes at the next turn of the event loop, before its interval
        // is up, so that the live models never hold the UI thread for a whole flood's
        // interval; a backlog still goes whole, not a batch a turn, which fell behind the
        // decoding (docs/benchmarks.md, "Measurements behind the code's rules").
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
        // Live events held while a replay runs, at most. A held event is a few hundred
        // bytes (or a share of its WebSocket message): 20,000 keep a flood's catch-up to
        // a few MB, and a replay of 1,000-event pages rarely holds more at the event
        // rates of a real account.
        qsizetype maxHeldEvents = 20000;
    };

    // How often a gap in the EventSeqIds is looked for in the history before the feed
    // reports it and goes on without the missing events.
    static constexpr int MaxGapFillTries = 3;

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
    // The most live events held at once while a replay ran (for tests and benchmarks).
    qsizetype peakHeldEvents() const { return m_peakHeld; }
    // Events read from the hub's history by this feed's replays (for tests and benchmarks).
    qint64 historyEventsRead() const { return m_historyEventsRead; }
    // The ranges of delivered EventSeqIds (for tests: memory grows with these).
    qsizetype deliveredRangeCount() const { return m_delivered.rangeCount(); }

    // What the user wants; applied at once when connected, and again after each reconnect.
    void setAllStrategies(bool subscribed);
    bool allStrategies() const { return m_wantAll; }
    void setStrategySubscribed(qint64 strategyId, bool subscribed);
    SubscriptionState subscriptionState(qint64 strategyId) const;
    QString subscriptionFailure(qint64 strategyId) const;
    // Every strategy id the feed has heard of: from events, subscriptions and the user.
    QList<qint64> knownStrategies() const;
    // Forgets a strategy whose subscription failed (a mistyped id): it leaves
    // knownStrategies() and is not asked for again. False for any other state.
    bool forgetFailedStrategy(qint64 strategyId);
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
    void hold(eventhub::Event &&event);
    // What a live event that jumps past cursor + 1 asks for: a replay to fill the gap, or,
    // after MaxGapFillTries replays found nothing, delivery without the missing events.
    enum class GapAction { None, Fill, GiveUpBeyondHistory };
    GapAction gapAction(const eventhub::Event &event);
    // The delivery rule (see above). `advanceCursor` false: delivered without moving the
    // cursor (an event the hub's history does not reach).
    void accept(eventhub::Event &&event, bool advanceCursor = true);
    bool isSubscribedTo(const eventhub::Event &event) const;
    void startReplay(qint64 fromSeqId);
    void onReplayCaughtUp();
    bool heldEventsContinueFromCursor() const;
    void onReplayFailed(const QString &error);
    void finishReplay();
    void applySubscriptions();
    void catchUpAfterSubscribing();
    // `answered` runs once the hub has answered (or the call failed).
    void requestSubscription(const std::optional<QList<qint64>> &ids, bool subscribe, std::function<void()> answered = {});
    void noteStrategy(const eventhub::Event &event);
    void flush();

    eventhub::EventHubClient &m_client;
    const Options m_options;
    std::optional<qint64> m_cursor;
    std::optional<qint64> m_start;
    SeqIdRanges m_delivered;
    eventhub::HistoryReplay *m_replay = nullptr;
    bool m_synchronizing = false;
    // The hub's latest EventSeqId as the last replay found it: an event beyond it is not in
    // the history (yet, or ever), so no replay can fill a gap up to it.
    std::optional<qint64> m_hubLatest;
    // The gap being filled (the cursor it starts after) and how many replays tried.
    std::optional<qint64> m_gapAfter;
    int m_gapTries = 0;
    // Live events dropped because too many were held: the next replay must reach this one,
    // and how many rounds found the history short of it.
    std::optional<qint64> m_droppedUpTo;
    int m_refetchTries = 0;
    qsizetype m_peakHeld = 0;
    qint64 m_historyEventsRead = 0;
    QTimer m_resyncTimer;
    int m_resyncDelayMs = 0;
    // Set on each connection: subscriptions are re-applied once it has caught up.
    bool m_needsSubscribe = false;
    QList<eventhub::Event> m_heldDuringReplay;
    QList<eventhub::Event> m_pendingNew;
    qsizetype m_lastBatchSize = 0;
    QTimer m_batchTimer;

    bool m_wantAll;
    // The hub confirmed the "all strategies" subscription on this connection.
    bool m_allAcknowledged = false;
    // The highest EventSeqId that came live on this connection since then.
    std::optional<qint64> m_newestLiveSinceSubscribed;
    QSet<qint64> m_wanted;
    QHash<qint64, SubscriptionState> m_states;
    QHash<qint64, QString> m_failures;
    QHash<qint64, QString> m_strategyNames;
};

} // namespace feed
