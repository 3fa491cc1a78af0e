#include "EventTableModel.h"

#include "DisplayTime.h"
#include "EventCellData.h"
#include "EventPresentation.h"
#include "ItemRoles.h"

#include <algorithm>

namespace ui {

EventTableModel::EventTableModel(Options options, QObject *parent)
    : QAbstractTableModel(parent)
    , m_options(std::move(options))
{}

QString EventTableModel::keyOf(const eventhub::Event &event) const
{
    if (!m_options.rowKeyField.isEmpty()) {
        const QJsonValue value = event.field(m_options.rowKeyField);
        if (value.isString() && !value.toString().isEmpty())
            return QLatin1Char('#') + value.toString();
        if (value.isDouble())
            return QLatin1Char('#') + QString::number(value.toDouble(), 'g', 17);
    }
    return event.eventId();
}

bool EventTableModel::merge(Row &row, const eventhub::Event &event) const
{
    if (row.event.eventIdUtf8() == event.eventIdUtf8()) {
        row.event = event;
        row.searchText.clear();
        return true;
    }
    // Keyed rows: the newest event (by EventSeqId) is the one shown; an older one
    // arriving late (a replay after live events) only joins the history.
    auto known = std::find_if(row.history.begin(), row.history.end(),
                              [&](const eventhub::Event &old) { return old.eventIdUtf8() == event.eventIdUtf8(); });
    if (known != row.history.end()) {
        *known = event;
        return false;
    }
    if (event.seqId < row.event.seqId) {
        auto at = std::find_if(row.history.begin(), row.history.end(),
                               [&](const eventhub::Event &old) { return old.seqId < event.seqId; });
        row.history.insert(at, event);
    } else {
        row.history.prepend(std::exchange(row.event, event));
        row.searchText.clear();
    }
    if (row.history.size() > m_options.historyPerRow)
        row.history.resize(m_options.historyPerRow);
    return true;
}

void EventTableModel::addEvents(const QList<eventhub::Event> &events)
{
    // The batch's new rows are numbered on from the table's last one, so that each key is
    // looked up (and entered, when new) once, whether its row is old or of this batch:
    // four hash look-ups per event were a tenth of a flood's time.
    QList<Row> fresh;
    fresh.reserve(events.size());
    QList<int> changed;
    const qint64 firstFreshSerial = m_firstSerial + m_rows.size();
    for (const eventhub::Event &event : events) {
        if (m_options.accepts && !m_options.accepts(event))
            continue;
        QString key = keyOf(event);
        const qsizetype knownKeys = m_serialOfKey.size();
        qint64 &serial = m_serialOfKey[key];
        if (m_serialOfKey.size() != knownKeys) {
            serial = firstFreshSerial + fresh.size();
            fresh.append(Row{std::move(key), event, {}, {}});
        } else if (serial >= firstFreshSerial) {
            merge(fresh[serial - firstFreshSerial], event);
        } else {
            const int row = int(serial - m_firstSerial);
            if (merge(m_rows[row], event))
                changed.append(row);
        }
    }
    emitChanged(std::move(changed));
    if (fresh.isEmpty())
        return;

    const int bound = m_options.maxRows;
    if (bound > 0 && fresh.size() > bound) {
        // More new rows than the table holds: every old row goes, and the oldest new ones
        // are never shown.
        removeOldest(int(m_rows.size()));
        const qsizetype unseen = fresh.size() - bound;
        for (qsizetype i = 0; i < unseen; ++i)
            m_serialOfKey.remove(fresh.at(i).key);
        fresh.remove(0, unseen);
        m_firstSerial += unseen;
    } else if (bound > 0 && m_rows.size() + fresh.size() > bound) {
        removeOldest(int(m_rows.size() + fresh.size() - bound));
    }

    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_rows.append(std::move(fresh));
    endInsertRows();
}

void EventTableModel::emitChanged(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    // One signal per run of adjacent rows: a single signal spanning far-apart rows would
    // make a sorting proxy re-examine everything in between.
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const int lastColumn = columnCount() - 1;
    int start = rows.first();
    for (qsizetype i = 1; i <= rows.size(); ++i) {
        if (i < rows.size() && rows[i] == rows[i - 1] + 1)
            continue;
        emit dataChanged(index(start, 0), index(rows[i - 1], lastColumn));
        if (i < rows.size())
            start = rows[i];
    }
}

void EventTableModel::removeOldest(int count)
{
    count = qMin(count, int(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (int i = 0; i < count; ++i)
        m_serialOfKey.remove(m_rows.at(i).key);
    m_rows.remove(0, count);
    m_firstSerial += count;
    endRemoveRows();
}

void EventTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_serialOfKey.clear();
    m_firstSerial = 0;
    endResetModel();
}

void EventTableModel::setMaxRows(int maxRows)
{
    m_options.maxRows = maxRows;
    if (maxRows > 0 && m_rows.size() > maxRows)
        removeOldest(int(m_rows.size() - maxRows));
}

int EventTableModel::rowOfKey(const QString &key) const
{
    const auto it = m_serialOfKey.constFind(key);
    return it == m_serialOfKey.constEnd() ? -1 : int(*it - m_firstSerial);
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_options.columns.size());
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const EventColumn &column = m_options.columns.at(index.column());
    if (role == SearchTextRole) {
        if (row.searchText.isEmpty())
            row.searchText = searchText(row.event);
        return row.searchText;
    }
    return eventCellData(column, row.event, index.column() == 0, role);
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_options.columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole && m_options.columns.at(section).source == EventColumn::Source::Time)
        return QStringLiteral("%1 (%2)").arg(m_options.columns.at(section).title, displayZoneLabel());
    if (role == Qt::DisplayRole)
        return m_options.columns.at(section).title;
    if (role == Qt::ToolTipRole && m_options.columns.at(section).source == EventColumn::Source::Field)
        return QStringLiteral("Payload field %1").arg(m_options.columns.at(section).field);
    return {};
}

} // namespace ui
