#include "SeqIdRanges.h"

#include <algorithm>
#include <limits>

namespace feed {

bool SeqIdRanges::contains(qint64 seqId) const
{
    if (m_ranges.empty())
        return false;
    if (seqId > m_ranges.back().last)
        return false;
    // The first range that ends at or after seqId.
    const auto it =
        std::lower_bound(m_ranges.begin(), m_ranges.end(), seqId, [](const Range &range, qint64 id) { return range.last < id; });
    return it != m_ranges.end() && it->first <= seqId;
}

void SeqIdRanges::insert(qint64 first, qint64 last)
{
    if (first > last)
        return;
    // Adjacent ranges merge: a range "touches" another when it starts right after its end.
    const auto touchesAfter = [](qint64 end, qint64 start) {
        return end == std::numeric_limits<qint64>::max() || start <= end + 1;
    };
    if (m_ranges.empty() || !touchesAfter(m_ranges.back().last, first)) {
        m_ranges.push_back({first, last});
        return;
    }
    if (first >= m_ranges.back().first) {
        m_ranges.back().last = std::max(m_ranges.back().last, last);
        return;
    }
    // The general case: every range that overlaps or touches [first, last] merges into one.
    auto begin = std::lower_bound(m_ranges.begin(), m_ranges.end(), first,
                                  [&](const Range &range, qint64 id) { return !touchesAfter(range.last, id); });
    auto end = begin;
    while (end != m_ranges.end() && touchesAfter(last, end->first)) {
        first = std::min(first, end->first);
        last = std::max(last, end->last);
        ++end;
    }
    if (begin == end) {
        m_ranges.insert(begin, {first, last});
        return;
    }
    *begin = {first, last};
    m_ranges.erase(begin + 1, end);
}

} // namespace feed
