#pragma once

#include "feed/EventFeed.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace ui {

// The strategies the feed knows (from events, subscriptions and ids the user added), each
// with its subscription state. Checking a row subscribes through the feed; the state shown
// is the feed's, so "Pending" turns into "Subscribed" or "Failed" when the hub answers.
class StrategyModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyModel)

public:
    enum Column { SubscribedColumn, IdColumn, StateColumn, EventsColumn, ColumnCount };

    explicit StrategyModel(QObject *parent = nullptr);

    // nullptr detaches (the table empties).
    void setFeed(feed::EventFeed *feed);
    // Counts events per strategy for the Events column.
    void countEvents(const QList<eventhub::Event> &events);
    qint64 strategyAt(int row) const { return m_ids.at(row); }
    int rowOf(qint64 strategyId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(feed::EventFeed::SubscriptionState state);

private:
    void refresh();

    QPointer<feed::EventFeed> m_feed;
    // Sorted ascending; only grows while a feed is attached (the feed never forgets).
    QList<qint64> m_ids;
    QHash<qint64, qint64> m_eventCounts;
};

} // namespace ui
