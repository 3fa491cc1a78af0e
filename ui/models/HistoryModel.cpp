#include "HistoryModel.h"

#include "HistoryWalk.h"

namespace ui {

EventColumns HistoryModel::defaultColumns()
{
    return {EventColumn::seqId(),
            EventColumn::time(),
            EventColumn::kind(170),
            EventColumn::strategy(),
            EventColumn::strategyId(),
            EventColumn::eventId(),
            EventColumn::summary(true)};
}

HistoryModel::HistoryModel(QObject *parent)
    // Unbounded: the history pane holds what the user scrolled through, page by page.
    : EventTableModel(Options{defaultColumns(), {}, {}, 0, 0}, parent)
    , m_walk(HistoryWalk::create(m_query))
{
}

HistoryModel::~HistoryModel() = default;

void HistoryModel::setSource(const HistorySource &source)
{
    m_source = source;
    reload();
}

void HistoryModel::setQuery(const EventQuery &query)
{
    m_query = query;
    reload();
}

void HistoryModel::reload()
{
    const bool wasLoading = isLoading();
    // The old walk's reply, if any, finds its walk gone and is dropped.
    m_walk = HistoryWalk::create(m_query);
    m_lastError.clear();
    clear();
    if (wasLoading)
        emit loadingChanged(false);
}

bool HistoryModel::isLoading() const
{
    return m_walk->inFlight();
}

bool HistoryModel::isAtEnd() const
{
    return !m_walk->hasMore() && m_lastError.isEmpty();
}

qint64 HistoryModel::scannedEvents() const
{
    return m_walk->scanned();
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    // Not for hub pages while disconnected: the request would fail at once and a view
    // would ask again and again. The window fetches again when the connection comes up.
    return !parent.isValid() && m_walk->canContinue(m_source);
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    std::shared_ptr<HistoryWalk> walk = m_walk;
    walk->next(m_source, m_pageSize, this, [this, walk](const HistoryWalk::Page &page) {
        if (walk != m_walk)
            return;
        if (page.ok) {
            addEvents(page.matched);
            emit pageLoaded(int(page.matched.size()), page.scanned);
            // A page the query filtered out entirely inserts nothing, so a view would not
            // ask again: keep scanning until something matches or the history ends.
            if (page.matched.isEmpty() && canFetchMore({})) {
                fetchMore({});
                return;
            }
        } else {
            m_lastError = page.error;
            emit failed(page.error);
        }
        emit loadingChanged(false);
    });
    if (walk->inFlight())
        emit loadingChanged(true);
}

} // namespace ui
