#pragma once

#include "StrategyFigures.h"
#include "feed/EventFeed.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace ui {

// The home view's table: the strategies the feed knows (from events, subscriptions and ids
// the user added), each with its subscription state and its figures (StrategyFigures):
// latest signal and when, active signals and errors, open positions, working orders, its
// agent, events today. Checking a row subscribes through the feed; the state shown is the
// feed's, so "Pending" turns into "Subscribed" or "Failed" (with the hub's reason) when the
// hub answers.
class StrategyModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyModel)

public:
    enum Column {
        SubscribedColumn,
        IdColumn,
        StateColumn,
        LatestSignalColumn,
        WhenColumn,
        SignalsColumn,
        ErrorsColumn,
        PositionsColumn,
        OrdersColumn,
        AgentColumn,
        EventsColumn,
        ColumnCount
    };

    explicit StrategyModel(QObject *parent = nullptr);

    // nullptr detaches (the table empties).
    void setFeed(feed::EventFeed *feed);
    // Takes events into the strategies' figures.
    void addEvents(const QList<eventhub::Event> &events);
    qint64 strategyAt(int row) const { return m_ids.at(row); }
    int rowOf(qint64 strategyId) const;
    const StrategyFigures &figures(qint64 strategyId) const;
    // The id of the strategy with this name (ignoring case); -1 when none is known.
    qint64 strategyNamed(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(feed::EventFeed::SubscriptionState state);

private:
    void refresh();
    QVariant latestSignalData(qint64 id, feed::EventFeed::SubscriptionState state, int role) const;
    // A count cell: blank for none, with the severity's icon when it matters.
    static QVariant countData(qint64 count, int role, Severity severity);

    QPointer<feed::EventFeed> m_feed;
    // Sorted ascending; only grows while a feed is attached (the feed never forgets).
    QList<qint64> m_ids;
    QHash<qint64, StrategyFigures> m_figures;
};

} // namespace ui
