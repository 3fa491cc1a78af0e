#include "EventFeed.h"

#include "eventhub/EventHubClient.h"
#include "eventhub/HistoryReplay.h"

#include <QScopeGuard>

#include <algorithm>

namespace feed {

namespace {

// A failed replay is tried again after 1 s, then 2, 4, ... up to 30 s.
constexpr int FirstResyncDelayMs = 1000;
constexpr int LongestResyncDelayMs = 30000;

} // namespace

EventFeed::EventFeed(eventhub::EventHubClient &client, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
    , m_cursor(options.startCursor)
    , m_start(options.startCursor)
    , m_wantAll(options.subscribeAll)
{
    m_batchTimer.setSingleShot(true);
    connect(&m_batchTimer, &QTimer::timeout, this, &EventFeed::flush);
    m_resyncTimer.setSingleShot(true);
    connect(&m_resyncTimer, &QTimer::timeout, this, [this] {
        if (m_client.connection().state() != signalr::HubConnection::State::Connected || m_replay)
            return; // a new connection starts its own replay
        if (m_cursor)
            startReplay(*m_cursor);
        else
            onConnected();
    });
    client.setEventConsumer(this, [this](eventhub::Event &&event) {
        if (m_allAcknowledged)
            m_newestLiveSinceSubscribed = std::max(m_newestLiveSinceSubscribed.value_or(event.seqId), event.seqId);
        onLiveEvent(std::move(event));
    });
    connect(&client.connection(), &signalr::HubConnection::connected, this, &EventFeed::onConnected);
    connect(&client.connection(), &signalr::HubConnection::stateChanged, this, [this](signalr::HubConnection::State state) {
        if (state == signalr::HubConnection::State::Connected)
            return;
        // The hub forgot this connection's groups: everything is pending until re-applied.
        bool changed = std::exchange(m_allAcknowledged, false);
        m_newestLiveSinceSubscribed.reset();
        for (auto it = m_states.begin(); it != m_states.end(); ++it) {
            if (it.value() == SubscriptionState::Subscribed) {
                it.value() = SubscriptionState::Pending;
                changed = true;
            }
        }
        if (changed)
            emit strategiesChanged();
    });
}

EventFeed::~EventFeed() = default;

void EventFeed::onConnected()
{
    m_resyncTimer.stop();
    m_synchronizing = true;
    m_needsSubscribe = true;
    if (m_cursor) {
        startReplay(*m_cursor);
        return;
    }
    // No cursor yet: the hub's latest EventSeqId is where this feed starts.
    m_client.getLatestEventSeqId(this, [this](bool ok, qint64 latest, const QString &error) {
        if (!ok) {
            onReplayFailed(QStringLiteral("Could not ask the hub for its latest event: %1").arg(error));
            return;
        }
        m_hubLatest = latest;
        if (!m_cursor)
            m_cursor = latest;
        if (!m_start)
            m_start = m_cursor;
        finishReplay();
    });
}

void EventFeed::startReplay(qint64 fromSeqId)
{
    m_synchronizing = true;
    m_replay = new eventhub::HistoryReplay(m_client, fromSeqId, this);
    connect(m_replay, &eventhub::HistoryReplay::pageReceived, this, [this](const QList<eventhub::Event> &events) {
        m_historyEventsRead += events.size();
        for (const eventhub::Event &event : events)
            accept(eventhub::Event(event));
        if (heldEventsContinueFromCursor()) {
            m_replay->cancel();
            onReplayCaughtUp();
        }
    });
    connect(m_replay, &eventhub::HistoryReplay::progress, this, &EventFeed::replayProgress);
    connect(m_replay, &eventhub::HistoryReplay::finished, this, &EventFeed::onReplayCaughtUp);
    connect(m_replay, &eventhub::HistoryReplay::failed, this, [this](const QString &error) {
        m_replay->deleteLater();
        m_replay = nullptr;
        onReplayFailed(error);
    });
    emit replayStarted(fromSeqId);
    m_replay->start();
}

void EventFeed::onReplayCaughtUp()
{
    m_hubLatest = std::max(m_replay->target(), m_replay->cursor());
    m_replay->deleteLater();
    m_replay = nullptr;
    m_resyncDelayMs = 0;
    emit replayFinished(m_cursor.value_or(0));
    finishReplay();
}

bool EventFeed::heldEventsContinueFromCursor() const
{
    // A replay that chases the head of a flood would read every flood event a second time
    // (the hub keeps them in its history while it sends them live). It can stop once the
    // live events held meanwhile take over where the history reached: when they run
    // without a hole from cursor + 1 up to the newest one, and that newest one came on
    // this connection after the hub confirmed the "all" subscription, so that every event
    // sent after it comes live too (held events of an earlier connection do not say that,
    // and a subset's EventSeqIds have holes anyway); and when none was dropped for want
    // of room (those must be read from the history).
    if (m_needsSubscribe || !m_wantAll || !m_newestLiveSinceSubscribed || m_droppedUpTo || !m_cursor)
        return false;
    const qint64 next = *m_cursor + 1;
    if (m_heldDuringReplay.isEmpty() || m_heldDuringReplay.constLast().seqId != *m_newestLiveSinceSubscribed)
        return false;
    // Held events nearly always came in order; out of order, the replay simply goes on.
    const auto inOrder = [](const eventhub::Event &a, const eventhub::Event &b) { return a.seqId < b.seqId; };
    if (!std::is_sorted(m_heldDuringReplay.cbegin(), m_heldDuringReplay.cend(), inOrder))
        return false;
    const auto bySeqId = [](const eventhub::Event &event, qint64 seqId) { return event.seqId < seqId; };
    const auto first = std::lower_bound(m_heldDuringReplay.cbegin(), m_heldDuringReplay.cend(), next, bySeqId);
    if (first == m_heldDuringReplay.cend() || first->seqId != next)
        return false;
    for (auto it = first + 1; it != m_heldDuringReplay.cend(); ++it) {
        const qint64 step = it->seqId - (it - 1)->seqId;
        if (step != 0 && step != 1)
            return false;
    }
    return true;
}

void EventFeed::onReplayFailed(const QString &error)
{
    // A replay cut short by a lost connection is redone after the reconnect; one that
    // failed on a live connection (a HubException, a hub whose paging goes nowhere) is
    // told and tried again, while live events keep being held (within their cap).
    if (m_client.connection().state() != signalr::HubConnection::State::Connected)
        return;
    m_resyncDelayMs = m_resyncDelayMs == 0 ? FirstResyncDelayMs : std::min(LongestResyncDelayMs, m_resyncDelayMs * 2);
    emit problem(QStringLiteral("%1 Trying again in %2 s.").arg(error).arg(m_resyncDelayMs / 1000));
    m_resyncTimer.start(m_resyncDelayMs);
}

void EventFeed::finishReplay()
{
    // Subscribing comes after catching up, as the platform's reliability pattern says; live
    // events stay held until the subscriptions are answered and one more replay has picked
    // up what happened between the first replay's end and the subscription taking effect
    // (events then were neither in that replay nor delivered live).
    if (std::exchange(m_needsSubscribe, false)) {
        applySubscriptions();
        return;
    }
    // Live events were dropped for want of room while this replay ran: one more round reads
    // them from the history. A history that lags its live stream gets a few rounds to
    // catch up before they are reported lost.
    if (m_droppedUpTo) {
        const qint64 droppedUpTo = *std::exchange(m_droppedUpTo, std::nullopt);
        if (m_cursor && *m_cursor < droppedUpTo) {
            const bool inHistory = m_hubLatest && *m_hubLatest >= droppedUpTo;
            if (inHistory || m_refetchTries < MaxGapFillTries) {
                m_refetchTries = inHistory ? 0 : m_refetchTries + 1;
                m_droppedUpTo = droppedUpTo; // until a round reaches it
                startReplay(*m_cursor);
                return;
            }
            emit problem(QStringLiteral("Live events up to EventSeqId %1 arrived while the history was read and are "
                                        "not in the hub's history after %2 more tries: they could not be kept.")
                             .arg(droppedUpTo)
                             .arg(MaxGapFillTries));
        }
        m_refetchTries = 0;
    }
    // Live events that arrived while catching up, in EventSeqId order. One that jumps past
    // the cursor again starts another round of replay. They nearly always came in order:
    // checked first, as sorting 16,384 of them anyway took 1-4 ms of the UI thread.
    const auto bySeqId = [](const eventhub::Event &a, const eventhub::Event &b) { return a.seqId < b.seqId; };
    if (!std::is_sorted(m_heldDuringReplay.cbegin(), m_heldDuringReplay.cend(), bySeqId))
        std::stable_sort(m_heldDuringReplay.begin(), m_heldDuringReplay.end(), bySeqId);
    QList<eventhub::Event> held = std::exchange(m_heldDuringReplay, {});
    m_synchronizing = false;
    for (qsizetype i = 0; i < held.size(); ++i) {
        onLiveEvent(std::move(held[i]));
        if (m_synchronizing) {
            m_heldDuringReplay += held.mid(i + 1);
            return;
        }
    }
}

void EventFeed::onLiveEvent(eventhub::Event &&event)
{
    if (m_synchronizing) {
        hold(std::move(event));
        return;
    }
    switch (gapAction(event)) {
    case GapAction::None: accept(std::move(event)); return;
    case GapAction::Fill: {
        const qint64 cursor = *m_cursor;
        hold(std::move(event));
        startReplay(cursor);
        return;
    }
    case GapAction::GiveUpBeyondHistory:
        // Beyond anything the hub's history holds: delivered, but the cursor stays, or a
        // bogus huge EventSeqId would make every later event look old and a restarted
        // dump skip them all. A reconnect's replay moves it on once the history has them.
        accept(std::move(event), false);
        return;
    }
}

void EventFeed::hold(eventhub::Event &&event)
{
    if (m_delivered.contains(event.seqId))
        return; // nothing to wait for
    if (m_heldDuringReplay.size() >= m_options.maxHeldEvents) {
        m_droppedUpTo = std::max(m_droppedUpTo.value_or(event.seqId), event.seqId);
        return;
    }
    m_heldDuringReplay.append(std::move(event));
    m_peakHeld = std::max(m_peakHeld, m_heldDuringReplay.size());
}

EventFeed::GapAction EventFeed::gapAction(const eventhub::Event &event)
{
    if (!m_options.fillGaps || !m_wantAll || !m_cursor || event.seqId <= *m_cursor + 1 || m_delivered.contains(event.seqId))
        return GapAction::None;
    // Tries are counted per cursor: a replay that moves the cursor starts the count again.
    if (m_gapAfter != m_cursor) {
        m_gapAfter = m_cursor;
        m_gapTries = 0;
    }
    if (m_gapTries < MaxGapFillTries) {
        ++m_gapTries;
        return GapAction::Fill;
    }
    const bool beyondHistory = m_hubLatest && event.seqId > *m_hubLatest;
    // The history does not have what is missing: say so once, and let the stream go on.
    if (m_gapTries++ == MaxGapFillTries) {
        if (beyondHistory)
            emit problem(QStringLiteral("Live events (EventSeqId %1 on) are beyond the hub's history, which ends at %2, after "
                                        "%3 tries to read it: they are shown, and the cursor stays at %4 until the history "
                                        "has them.")
                             .arg(event.seqId)
                             .arg(*m_hubLatest)
                             .arg(MaxGapFillTries)
                             .arg(*m_cursor));
        else
            emit problem(QStringLiteral("EventSeqIds %1 to %2 are missing from the hub's history after %3 tries to read "
                                        "them; going on without them.")
                             .arg(*m_cursor + 1)
                             .arg(event.seqId - 1)
                             .arg(MaxGapFillTries));
    }
    return beyondHistory ? GapAction::GiveUpBeyondHistory : GapAction::None;
}

void EventFeed::accept(eventhub::Event &&event, bool advanceCursor)
{
    // An event shown before without moving the cursor (beyond the history then) moves it
    // now that a replay reads it: the cursor counts what is known, not what is shown.
    if (advanceCursor && (!m_cursor || event.seqId > *m_cursor))
        m_cursor = event.seqId;
    if (m_delivered.contains(event.seqId))
        return;
    if (m_options.floorSeqId && event.seqId <= *m_options.floorSeqId)
        return;
    noteStrategy(event);
    // The history holds every strategy's events, and the hub pushes every strategy's active
    // state on connect: only those asked for are passed on. Not delivered, they stay
    // deliverable: subscribing to one later brings its active state.
    if (!isSubscribedTo(event))
        return;
    m_delivered.insert(event.seqId);
    if (m_options.eventsOutliveBatch)
        event.ownBytes();
    // Room for as many as the last batch held: a flood's batch grew by doubling otherwise.
    if (m_pendingNew.isEmpty())
        m_pendingNew.reserve(m_lastBatchSize);
    m_pendingNew.append(std::move(event));
    if (m_pendingNew.size() == m_options.maxBatchSize)
        m_batchTimer.start(0);
    else if (!m_batchTimer.isActive())
        m_batchTimer.start(m_options.batchIntervalMs);
}

bool EventFeed::isSubscribedTo(const eventhub::Event &event) const
{
    return m_wantAll || event.strategyId < 0 || m_wanted.contains(event.strategyId);
}

void EventFeed::flush()
{
    if (m_pendingNew.isEmpty())
        return;
    m_lastBatchSize = m_pendingNew.size();
    emit eventsArrived(std::exchange(m_pendingNew, {}));
}

void EventFeed::noteStrategy(const eventhub::Event &event)
{
    if (event.strategyId < 0)
        return;
    const bool known = m_states.contains(event.strategyId);
    const auto name = m_strategyNames.constFind(event.strategyId);
    const bool renamed = !event.strategyName.isEmpty() && (name == m_strategyNames.constEnd() || *name != event.strategyName);
    if (!known)
        m_states.insert(event.strategyId, SubscriptionState::NotSubscribed);
    if (renamed)
        m_strategyNames.insert(event.strategyId, event.strategyName);
    if (!known || renamed)
        emit strategiesChanged();
}

void EventFeed::setAllStrategies(bool subscribed)
{
    if (m_wantAll == subscribed)
        return;
    m_wantAll = subscribed;
    m_allAcknowledged = false;
    if (m_client.connection().state() == signalr::HubConnection::State::Connected && !m_synchronizing)
        requestSubscription(std::nullopt, subscribed);
    emit strategiesChanged();
}

void EventFeed::setStrategySubscribed(qint64 strategyId, bool subscribed)
{
    if (subscribed)
        m_wanted.insert(strategyId);
    else
        m_wanted.remove(strategyId);
    m_failures.remove(strategyId);
    m_states.insert(strategyId, subscribed ? SubscriptionState::Pending : SubscriptionState::NotSubscribed);
    if (m_client.connection().state() == signalr::HubConnection::State::Connected && !m_synchronizing)
        requestSubscription(QList<qint64>{strategyId}, subscribed);
    emit strategiesChanged();
}

EventFeed::SubscriptionState EventFeed::subscriptionState(qint64 strategyId) const
{
    if (m_wantAll && m_states.value(strategyId) != SubscriptionState::Failed)
        return m_allAcknowledged ? SubscriptionState::Subscribed : SubscriptionState::Pending;
    return m_states.value(strategyId, SubscriptionState::NotSubscribed);
}

QString EventFeed::subscriptionFailure(qint64 strategyId) const
{
    return m_failures.value(strategyId);
}

QList<qint64> EventFeed::knownStrategies() const
{
    QList<qint64> ids = m_states.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool EventFeed::forgetFailedStrategy(qint64 strategyId)
{
    if (m_states.value(strategyId) != SubscriptionState::Failed)
        return false;
    m_wanted.remove(strategyId);
    m_failures.remove(strategyId);
    m_states.remove(strategyId);
    m_strategyNames.remove(strategyId);
    emit strategiesChanged();
    return true;
}

QString EventFeed::strategyName(qint64 strategyId) const
{
    return m_strategyNames.value(strategyId);
}

void EventFeed::applySubscriptions()
{
    QList<std::optional<QList<qint64>>> requests;
    if (m_wantAll)
        requests.append(std::nullopt);
    if (!m_wanted.isEmpty()) {
        QList<qint64> ids = m_wanted.values();
        std::sort(ids.begin(), ids.end());
        requests.append(ids);
    }
    if (requests.isEmpty()) {
        catchUpAfterSubscribing();
        return;
    }
    auto unanswered = std::make_shared<qsizetype>(requests.size());
    for (const std::optional<QList<qint64>> &ids : std::as_const(requests)) {
        requestSubscription(ids, true, [this, unanswered] {
            if (--*unanswered == 0)
                catchUpAfterSubscribing();
        });
    }
}

void EventFeed::catchUpAfterSubscribing()
{
    // A lost connection starts the whole sequence again on the next one.
    if (m_client.connection().state() == signalr::HubConnection::State::Connected)
        startReplay(m_cursor.value_or(0));
}

void EventFeed::requestSubscription(const std::optional<QList<qint64>> &ids, bool subscribe, std::function<void()> answered)
{
    const auto callback = [this, ids, subscribe, answered](const eventhub::SubscriptionResult &result) {
        // The events the hub sent before this answer reach consumers before the state
        // change it brings, as they came: batching only coalesces, it does not reorder.
        flush();
        const auto notify = qScopeGuard([&answered] {
            if (answered)
                answered();
        });
        if (!result.ok) {
            if (m_client.connection().state() == signalr::HubConnection::State::Connected)
                emit problem(QStringLiteral("Changing the subscription failed: %1").arg(result.error));
            return;
        }
        if (!ids)
            m_allAcknowledged = subscribe && m_wantAll;
        for (qint64 id : result.successful) {
            if (ids)
                m_states.insert(id, subscribe ? SubscriptionState::Subscribed : SubscriptionState::NotSubscribed);
            else if (!m_states.contains(id))
                m_states.insert(id, SubscriptionState::NotSubscribed); // known now; "all" covers it
        }
        for (const eventhub::SubscriptionResult::Failure &failure : result.failed) {
            m_states.insert(failure.strategyId, SubscriptionState::Failed);
            m_failures.insert(failure.strategyId,
                              failure.reason.isEmpty() ? QStringLiteral("The hub refused this strategy.") : failure.reason);
            m_wanted.remove(failure.strategyId);
        }
        emit strategiesChanged();
    };
    if (subscribe)
        m_client.subscribeToStrategies(ids, this, callback);
    else
        m_client.unsubscribeFromStrategies(ids, this, callback);
}

} // namespace feed
