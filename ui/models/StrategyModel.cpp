#include "StrategyModel.h"

#include "ItemRoles.h"
#include "Severity.h"

#include <algorithm>

namespace ui {

using State = feed::EventFeed::SubscriptionState;

StrategyModel::StrategyModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void StrategyModel::setFeed(feed::EventFeed *feed)
{
    beginResetModel();
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_ids.clear();
    m_eventCounts.clear();
    if (m_feed) {
        m_ids = m_feed->knownStrategies();
        connect(m_feed, &feed::EventFeed::strategiesChanged, this, &StrategyModel::refresh);
    }
    endResetModel();
}

void StrategyModel::refresh()
{
    if (!m_feed)
        return;
    const QList<qint64> known = m_feed->knownStrategies();
    for (qint64 id : known) {
        const auto at = std::lower_bound(m_ids.begin(), m_ids.end(), id);
        if (at != m_ids.end() && *at == id)
            continue;
        const int row = int(at - m_ids.begin());
        beginInsertRows({}, row, row);
        m_ids.insert(row, id);
        endInsertRows();
    }
    // A handful of rows: the states may all have changed (a reconnect), refresh them all.
    if (!m_ids.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_ids.size()) - 1, ColumnCount - 1));
}

void StrategyModel::countEvents(const QList<eventhub::Event> &events)
{
    for (const eventhub::Event &event : events) {
        if (event.strategyId >= 0)
            ++m_eventCounts[event.strategyId];
    }
    if (!m_ids.isEmpty())
        emit dataChanged(index(0, EventsColumn), index(int(m_ids.size()) - 1, EventsColumn));
}

int StrategyModel::rowOf(qint64 strategyId) const
{
    const auto at = std::lower_bound(m_ids.begin(), m_ids.end(), strategyId);
    return at != m_ids.end() && *at == strategyId ? int(at - m_ids.begin()) : -1;
}

int StrategyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int StrategyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StrategyModel::stateText(State state)
{
    switch (state) {
    case State::NotSubscribed: return QStringLiteral("Not subscribed");
    case State::Pending: return QStringLiteral("Pending…");
    case State::Subscribed: return QStringLiteral("Subscribed");
    case State::Failed: return QStringLiteral("Failed");
    }
    return {};
}

QVariant StrategyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_feed)
        return {};
    const qint64 id = m_ids.at(index.row());
    const State state = m_feed->subscriptionState(id);
    const QString name = m_feed->strategyName(id);
    switch (index.column()) {
    case SubscribedColumn:
        if (role == Qt::CheckStateRole)
            return state == State::Subscribed || state == State::Pending ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::DisplayRole)
            return name.isEmpty() ? QStringLiteral("Strategy %1").arg(id) : name;
        if (role == UnderlyingDataRole)
            return name.isEmpty() ? QStringLiteral("~%1").arg(id) : name;
        if (role == Qt::ToolTipRole)
            return m_feed->allStrategies() ? QStringLiteral("Subscribed through \"All strategies\"")
                                           : QStringLiteral("Check to receive this strategy's events");
        break;
    case IdColumn:
        if (role == Qt::DisplayRole)
            return QString::number(id);
        if (role == UnderlyingDataRole)
            return id;
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case StateColumn:
        if (role == Qt::DisplayRole || role == UnderlyingDataRole) {
            if (state == State::Failed)
                return QStringLiteral("Failed: %1").arg(m_feed->subscriptionFailure(id));
            if (state == State::Subscribed && m_feed->allStrategies())
                return QStringLiteral("Subscribed (all)");
            return stateText(state);
        }
        if (role == Qt::ToolTipRole && state == State::Failed)
            return m_feed->subscriptionFailure(id);
        if (role == Qt::DecorationRole) {
            switch (state) {
            case State::Subscribed: return severityIcon(Severity::Success);
            case State::Pending: return severityIcon(Severity::Active);
            case State::Failed: return severityIcon(Severity::Error);
            case State::NotSubscribed: return severityIcon(Severity::Muted);
            }
        }
        if (role == Qt::ForegroundRole && state == State::Failed)
            return severityForeground(Severity::Error);
        break;
    case EventsColumn:
        if (role == Qt::DisplayRole)
            return QString::number(m_eventCounts.value(id));
        if (role == UnderlyingDataRole)
            return m_eventCounts.value(id);
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    if (role == SearchTextRole)
        return QStringLiteral("%1 %2 %3").arg(id).arg(name, stateText(state)).toLower();
    return {};
}

bool StrategyModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!m_feed || role != Qt::CheckStateRole || index.column() != SubscribedColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    // The feed emits strategiesChanged, which refreshes the row.
    m_feed->setStrategySubscribed(m_ids.at(index.row()), value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

Qt::ItemFlags StrategyModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    // Under "All strategies" a single strategy cannot be left out: the hub has no
    // "all but" subscription.
    if (index.isValid() && index.column() == SubscribedColumn && m_feed && !m_feed->allStrategies())
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant StrategyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubscribedColumn: return QStringLiteral("Strategy");
    case IdColumn: return QStringLiteral("Id");
    case StateColumn: return QStringLiteral("Subscription");
    case EventsColumn: return QStringLiteral("Events");
    default: return {};
    }
}

} // namespace ui
