#pragma once

#include <QByteArrayView>
#include <QHash>

#include <deque>

namespace feed {

// The EventIds of the most recent events, to recognise one delivered twice (live and by a
// replay). Each id is kept as a 128-bit digest rather than as its string: the window
// holds tens of thousands of ids, and a digest costs a fifth of a QString's memory.
// Two different ids share a digest with a probability of about 2^-128 per pair.
//
// Remembering is the hot path (every event of a flood) and looking up the rare one (the
// active state pushed on connect, a replay over what was seen live): the ids are kept in
// arrival order at once, and indexed for look-up only when one is asked for.
class RecentIds
{
public:
    explicit RecentIds(qsizetype capacity);

    // Adds an id to the window, forgetting the oldest beyond the capacity. An id that is
    // already there takes a second place (and is known until both have been forgotten).
    void remember(QByteArrayView eventId);
    bool contains(QByteArrayView eventId) const;
    // The places taken in the window.
    qsizetype size() const { return qsizetype(m_order.size()); }

private:
    struct Digest
    {
        quint64 high = 0;
        quint64 low = 0;
        friend bool operator==(const Digest &a, const Digest &b) { return a.high == b.high && a.low == b.low; }
        friend size_t qHash(const Digest &digest, size_t seed = 0) noexcept { return size_t(digest.low) ^ seed; }
    };

    static Digest digestOf(QByteArrayView eventId);
    // Counts the newest places, not yet counted, into the index.
    void catchUpIndex() const;

    const qsizetype m_capacity;
    std::deque<Digest> m_order; // oldest first
    // How many places each digest takes in the window, for every place but the newest
    // m_unindexed ones.
    mutable QHash<Digest, quint32> m_index;
    mutable qsizetype m_unindexed = 0;
};

} // namespace feed
