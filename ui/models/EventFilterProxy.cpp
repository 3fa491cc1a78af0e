#include "EventFilterProxy.h"

#include "ItemRoles.h"

namespace ui {

EventFilterProxy::EventFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(UnderlyingDataRole);
    // Unsorted (arrival order) until the user clicks a header: a live table that is not
    // sorted costs the proxy nothing but the mapping on each insert.
    sort(-1);
}

void EventFilterProxy::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void EventFilterProxy::setStrategyFilter(qint64 strategyId)
{
    if (strategyId == m_strategyId)
        return;
    m_strategyId = strategyId;
    invalidateFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex first = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_strategyId >= 0 && first.data(StrategyIdRole).toLongLong() != m_strategyId)
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = first.data(SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word))
            return false;
    }
    return true;
}

} // namespace ui
