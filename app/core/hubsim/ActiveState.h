#pragma once

#include "eventhub/Event.h"

#include <QHash>
#include <QList>
#include <QString>

namespace hubsim {

class EventLog;

// The "current active state" the hub pushes to a connection right after it opens (the docs:
// active entry/exit/adjustment signals and active errors), kept up to date from the events
// as they are appended.
//
// The simulator's rules (the real hub's are not public):
// - A signal event with IsActive true makes it the active signal of its kind for its
//   strategy, replacing an earlier one; IsActive false with the same SignalId (or without
//   one) ends it, a stale one with another SignalId does not.
// - An active exit signal ends the strategy's entry and adjustment signals (the position
//   is being closed); an active entry signal ends its exit signal (a new cycle).
// - An Error with IsActive true is active until an Error with the same ErrorId (or, without
//   ErrorId, the same StrategyId and Code) arrives with IsActive false.
// The pushed events are the stored ones, EventId and EventSeqId unchanged, so a client that
// saw them already through history dedupes them.
class ActiveState
{
public:
    // Feed every appended event, in EventSeqId order.
    void apply(const eventhub::Event &event);
    // Recomputes the state from a whole log, e.g. after a durable reload.
    void rebuild(const EventLog &log);
    void clear();

    // The active events, oldest first: what to push right after connect.
    QList<eventhub::Event> events() const;
    int size() const { return int(m_active.size()); }

private:
    void applySignal(const eventhub::Event &event, bool active);
    void applyError(const eventhub::Event &event, bool active);
    void remove(const QString &key);

    QHash<QString, eventhub::Event> m_active;
};

} // namespace hubsim
