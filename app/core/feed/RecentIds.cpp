#include "RecentIds.h"

#include <QHashFunctions>

namespace feed {

RecentIds::RecentIds(qsizetype capacity)
    : m_capacity(capacity)
{
    m_set.reserve(capacity + 1);
}

RecentIds::Digest RecentIds::digestOf(QStringView eventId)
{
    // Two independent 64-bit hashes (different fixed seeds): within one process, as the
    // window never leaves it.
    return {quint64(qHash(eventId, size_t(0x9e3779b97f4a7c15ULL))), quint64(qHash(eventId, size_t(0xc2b2ae3d27d4eb4fULL)))};
}

bool RecentIds::insert(QStringView eventId)
{
    const Digest digest = digestOf(eventId);
    const qsizetype before = m_set.size();
    m_set.insert(digest);
    if (m_set.size() == before)
        return false;
    m_order.push_back(digest);
    if (qsizetype(m_order.size()) > m_capacity) {
        m_set.remove(m_order.front());
        m_order.pop_front();
    }
    return true;
}

bool RecentIds::contains(QStringView eventId) const
{
    return m_set.contains(digestOf(eventId));
}

} // namespace feed
