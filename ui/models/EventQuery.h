#pragma once

#include "eventhub/Event.h"

#include <QDateTime>
#include <QSet>

namespace ui {

// What the history pane and the CSV export look for. The hub can only page by
// EventSeqId, so every other criterion is applied here, page by page.
struct EventQuery
{
    // Empty = every kind.
    QSet<QString> kindNames;
    // -1 = every strategy.
    qint64 strategyId = -1;
    // Invalid = open-ended.
    QDateTime from;
    QDateTime to;
    // Lower-cased words, all of which must occur (as in the live panes' filter).
    QString text;

    bool matches(const eventhub::Event &event) const;
    // The known kinds the query selects, in the documentation's order: the CSV export's
    // field columns. Empty when it selects every kind (or only kinds this client does not
    // know, which have no columns of their own).
    QList<eventhub::EventKind> knownKinds() const;
    // True once events are later than `to`: EventSeqId grows with EventTime, so paging
    // can stop there instead of reading the rest of the history.
    bool isPastEnd(const eventhub::Event &event) const;
    bool operator==(const EventQuery &other) const;
    bool operator!=(const EventQuery &other) const { return !(*this == other); }
};

} // namespace ui
