#pragma once

#include <QtGlobal>

#include <vector>

namespace feed {

// A set of EventSeqIds kept as sorted, disjoint, non-adjacent closed ranges: the ids one
// run has delivered (or knows to hold no event for it). A flood delivered in order is one
// range however long it is, so memory grows with the number of holes, not of events:
// 16 bytes a range. Adding at the top (the common case: ids grow) is O(1); anything else
// is a binary search and at most one insertion or merge.
class SeqIdRanges
{
public:
    bool contains(qint64 seqId) const;
    void insert(qint64 seqId) { insert(seqId, seqId); }
    // Adds every id from `first` to `last`, both included; nothing when first > last.
    void insert(qint64 first, qint64 last);

    bool isEmpty() const { return m_ranges.empty(); }
    qsizetype rangeCount() const { return qsizetype(m_ranges.size()); }
    // The highest id in the set; only when not empty.
    qint64 highest() const { return m_ranges.back().last; }

private:
    struct Range
    {
        qint64 first;
        qint64 last;
    };
    std::vector<Range> m_ranges;
};

} // namespace feed
