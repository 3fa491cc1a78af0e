#pragma once

#include "EventQuery.h"
#include "EventTableModel.h"
#include "HistorySource.h"

#include <memory>

namespace ui {

class HistoryWalk;

// The whole event history behind canFetchMore/fetchMore: a view asks for more as the user
// scrolls, fetchMore only starts the asynchronous read (the local store for the part it
// holds, GetEventsSince for the rest), and the reply appends the page's matching events
// with one insert. canFetchMore is "no read in flight, more remains, and the next page is
// in the store or the hub is connected", so a view never stacks requests.
class HistoryModel final : public EventTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)

public:
    static constexpr int DefaultPageSize = 1000;

    explicit HistoryModel(QObject *parent = nullptr);
    ~HistoryModel() override;

    static EventColumns defaultColumns();

    // Clears the table and starts over with the new source (empty = nothing to fetch).
    void setSource(const HistorySource &source);
    void setQuery(const EventQuery &query);
    const EventQuery &query() const { return m_query; }
    void setPageSize(int pageSize) { m_pageSize = pageSize; }

    bool isLoading() const;
    // Whether the last page reached the end of the history as it was then.
    bool isAtEnd() const;
    qint64 scannedEvents() const;
    QString lastError() const { return m_lastError; }
    // Starts over from the beginning with the same query (after an error, or to see the
    // latest events).
    void reload();

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadingChanged(bool loading);
    void pageLoaded(int matched, int scanned);
    void failed(const QString &error);

private:
    HistorySource m_source;
    EventQuery m_query;
    std::shared_ptr<HistoryWalk> m_walk;
    int m_pageSize = DefaultPageSize;
    QString m_lastError;
};

} // namespace ui
