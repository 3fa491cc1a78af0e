#include "RecentIds.h"

#include <QHashFunctions>

namespace feed {

RecentIds::RecentIds(qsizetype capacity)
    : m_capacity(capacity)
{
}

RecentIds::Digest RecentIds::digestOf(QByteArrayView eventId)
{
    // Two independent 64-bit hashes (different fixed seeds): within one process, as the
    // window never leaves it.
    return {quint64(qHash(eventId, size_t(0x9e3779b97f4a7c15ULL))), quint64(qHash(eventId, size_t(0xc2b2ae3d27d4eb4fULL)))};
}

void RecentIds::remember(QByteArrayView eventId)
{
    m_order.push_back(digestOf(eventId));
    ++m_unindexed;
    if (qsizetype(m_order.size()) <= m_capacity)
        return;
    // The oldest place goes: out of the index too, unless it was never counted there.
    if (qsizetype(m_order.size()) > m_unindexed) {
        const auto counted = m_index.find(m_order.front());
        if (--counted.value() == 0)
            m_index.erase(counted);
    } else {
        --m_unindexed;
    }
    m_order.pop_front();
}

void RecentIds::catchUpIndex() const
{
    for (auto place = m_order.end() - m_unindexed; place != m_order.end(); ++place)
        ++m_index[*place];
    m_unindexed = 0;
}

bool RecentIds::contains(QByteArrayView eventId) const
{
    catchUpIndex();
    return m_index.contains(digestOf(eventId));
}

} // namespace feed
