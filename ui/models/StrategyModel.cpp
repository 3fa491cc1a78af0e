#include "StrategyModel.h"

#include "DisplayTime.h"
#include "EventPresentation.h"
#include "ItemRoles.h"
#include "Severity.h"

#include <QDateTime>

#include <algorithm>

namespace ui {

using State = feed::EventFeed::SubscriptionState;

StrategyModel::StrategyModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void StrategyModel::setFeed(feed::EventFeed *feed)
{
    beginResetModel();
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_ids.clear();
    m_figures.clear();
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
    // A strategy forgotten (a failed subscription removed) leaves the table.
    for (int row = int(m_ids.size()) - 1; row >= 0; --row) {
        if (!std::binary_search(known.begin(), known.end(), m_ids.at(row))) {
            beginRemoveRows({}, row, row);
            m_figures.remove(m_ids.takeAt(row));
            endRemoveRows();
        }
    }
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

void StrategyModel::addEvents(const QList<eventhub::Event> &events)
{
    // "Today" is the display zone's day: the exchange's session day when shown in ET.
    const DisplayDay today = displayDayOf(QDateTime::currentMSecsSinceEpoch());
    for (const eventhub::Event &event : events) {
        if (event.strategyId >= 0)
            m_figures[event.strategyId].add(event, today.date, today.dateOf(event.timeMs));
    }
    if (!m_ids.isEmpty())
        emit dataChanged(index(0, LatestSignalColumn), index(int(m_ids.size()) - 1, ColumnCount - 1));
}

const StrategyFigures &StrategyModel::figures(qint64 strategyId) const
{
    static const StrategyFigures none;
    const auto it = m_figures.constFind(strategyId);
    return it == m_figures.constEnd() ? none : *it;
}

qint64 StrategyModel::strategyNamed(const QString &name) const
{
    if (!m_feed)
        return -1;
    for (qint64 id : m_ids) {
        if (m_feed->strategyName(id).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return id;
    }
    return -1;
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
    case LatestSignalColumn: return latestSignalData(id, state, role);
    case WhenColumn:
        if (role == Qt::DisplayRole)
            return figures(id).latestSignalMs > 0 ? formatClock(figures(id).latestSignalMs) : QString();
        if (role == UnderlyingDataRole)
            return figures(id).latestSignalMs;
        if (role == Qt::ToolTipRole && figures(id).latestSignalMs > 0)
            return otherZonesText(figures(id).latestSignalMs);
        break;
    case SignalsColumn: return countData(figures(id).activeSignals.size(), role, Severity::Active);
    case ErrorsColumn: return countData(figures(id).activeErrors.size(), role, figures(id).worstActiveError());
    case PositionsColumn: return countData(figures(id).openPositions.size(), role, Severity::Info);
    case OrdersColumn: return countData(figures(id).workingOrders.size(), role, Severity::Info);
    case AgentColumn:
        if (role == Qt::DisplayRole || role == UnderlyingDataRole || role == Qt::ToolTipRole)
            return figures(id).agent;
        if (role == Qt::DecorationRole && !figures(id).agent.isEmpty())
            return severityIcon(figures(id).agentSeverity);
        break;
    case EventsColumn: return countData(figures(id).eventsToday, role, Severity::Info);
    default: break;
    }
    if (role == SearchTextRole)
        return QStringLiteral("%1 %2 %3").arg(id).arg(name, stateText(state)).toLower();
    return {};
}

QVariant StrategyModel::latestSignalData(qint64 id, feed::EventFeed::SubscriptionState state, int role) const
{
    // A failed subscription has no figures: the row says why instead, readable at a glance.
    if (state == State::Failed) {
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return QStringLiteral("Subscription failed: %1").arg(m_feed->subscriptionFailure(id));
        if (role == Qt::ForegroundRole)
            return severityForeground(Severity::Error);
        return {};
    }
    if (role == Qt::DisplayRole || role == UnderlyingDataRole || role == Qt::ToolTipRole)
        return figures(id).latestSignal;
    return {};
}

QVariant StrategyModel::countData(qint64 count, int role, Severity severity)
{
    switch (role) {
    case Qt::DisplayRole: return count > 0 ? QString::number(count) : QString();
    case UnderlyingDataRole: return count;
    case Qt::TextAlignmentRole: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DecorationRole: return count > 0 && severity != Severity::Info ? QVariant(severityIcon(severity)) : QVariant();
    case Qt::ToolTipRole: return count > 0 && severity != Severity::Info ? severityName(severity) : QVariant();
    default: return {};
    }
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
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case SignalsColumn: return QStringLiteral("Signals active now");
        case ErrorsColumn: return QStringLiteral("Errors active now, with the worst one's severity");
        case PositionsColumn: return QStringLiteral("Open positions");
        case OrdersColumn: return QStringLiteral("Orders working at the broker");
        case EventsColumn: return QStringLiteral("Events today");
        default: return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubscribedColumn: return QStringLiteral("Strategy");
    case IdColumn: return QStringLiteral("Id");
    case StateColumn: return QStringLiteral("Subscription");
    case LatestSignalColumn: return QStringLiteral("Latest signal");
    case WhenColumn: return QStringLiteral("When");
    case SignalsColumn: return QStringLiteral("Signals");
    case ErrorsColumn: return QStringLiteral("Errors");
    case PositionsColumn: return QStringLiteral("Positions");
    case OrdersColumn: return QStringLiteral("Orders");
    case AgentColumn: return QStringLiteral("Agent");
    case EventsColumn: return QStringLiteral("Today");
    default: return {};
    }
}

} // namespace ui
