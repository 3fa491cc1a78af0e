#pragma once

#include "EventColumn.h"
#include "eventhub/Event.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <functional>

namespace ui {

// The one table model over events, shared by every live pane and by the history. Rows
// stay in arrival order (sorting is a proxy's job); a batch is inserted with a single
// beginInsertRows/endInsertRows, and the oldest rows go with one beginRemoveRows when the
// bound is reached (as qBittorrent's log model does), so a flood costs one view update per
// batch.
//
// Each row has a key: the EventId by default, so that a repeated EventId (the hub re-sends
// active state on every connect, history overlaps live callbacks) updates its row in
// place. A pane may key rows by a payload field instead (AgentName, SignalId): the row then
// shows the latest event for that key and keeps the earlier ones as its history.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTableModel)

public:
    using Filter = std::function<bool(const eventhub::Event &)>;

    struct Options
    {
        EventColumns columns;
        // Which events belong in this table; all when empty.
        Filter accepts;
        // Payload field that identifies a row; empty (or absent in an event) = EventId.
        QString rowKeyField;
        // 0 = unbounded.
        int maxRows = 10000;
        // Earlier events kept per keyed row.
        int historyPerRow = 200;
        // The order a pane shows the rows in until the user sorts: -1 = arrival order.
        int sortColumn = -1;
        Qt::SortOrder sortOrder = Qt::AscendingOrder;
    };

    explicit EventTableModel(Options options, QObject *parent = nullptr);

    // Upserts a batch: new keys are appended, known keys update their row in place.
    void addEvents(const QList<eventhub::Event> &events);
    void clear();
    void setMaxRows(int maxRows);
    int maxRows() const { return m_options.maxRows; }
    const EventColumns &columns() const { return m_options.columns; }
    const Options &options() const { return m_options; }

    const eventhub::Event &eventAt(int row) const { return m_rows.at(row).event; }
    // The earlier events of a keyed row, newest first (empty for rows keyed by EventId).
    const QList<eventhub::Event> &historyAt(int row) const { return m_rows.at(row).history; }
    // -1 when no row has this key (an EventId, or the key field's value).
    int rowOfKey(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString key;
        eventhub::Event event;
        QList<eventhub::Event> history;
        // Built on first use: most rows are never searched.
        mutable QString searchText;
    };

    QString keyOf(const eventhub::Event &event) const;
    // Returns true when the row's shown event changed.
    bool merge(Row &row, const eventhub::Event &event) const;
    void emitChanged(QList<int> rows);
    void removeOldest(int count);

    Options m_options;
    QList<Row> m_rows;
    // Key -> serial number of its row; row = serial - m_firstSerial, so that dropping
    // the oldest rows does not renumber the index.
    QHash<QString, qint64> m_serialOfKey;
    qint64 m_firstSerial = 0;
};

} // namespace ui
