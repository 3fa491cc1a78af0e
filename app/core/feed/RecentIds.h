#pragma once

#include <QSet>
#include <QString>

#include <deque>

namespace feed {

// The EventIds of the most recent events, to recognise one delivered twice (live and by a
// replay). Each id is kept as a 128-bit digest rather than as its string: the window
// holds tens of thousands of ids, and a digest costs a fifth of a QString's memory.
// Two different ids share a digest with a probability of about 2^-128 per pair.
class RecentIds
{
public:
    explicit RecentIds(qsizetype capacity);

    // Returns false when the id is already known.
    bool insert(QStringView eventId);
    bool contains(QStringView eventId) const;
    qsizetype size() const { return m_set.size(); }

private:
    struct Digest
    {
        quint64 high = 0;
        quint64 low = 0;
        friend bool operator==(const Digest &a, const Digest &b) { return a.high == b.high && a.low == b.low; }
        friend size_t qHash(const Digest &digest, size_t seed = 0) noexcept { return size_t(digest.low) ^ seed; }
    };

    static Digest digestOf(QStringView eventId);

    const qsizetype m_capacity;
    QSet<Digest> m_set;
    std::deque<Digest> m_order; // oldest first
};

} // namespace feed
