#pragma once

#include "store/HistoryQuery.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QSettings;

namespace eventhub {
class Event;
}
namespace store {
class EventStore;
}

namespace ui {

class EventTableView;
class HistoryFilterBar;
class HistoryTableModel;
class StoreIntegrityCheck;

// The History pane: the local store as one table (HistoryTableModel), newest first, with
// filters over all of it and their true counts, Jump to an EventSeqId, an EventId or a
// time, and Export CSV of exactly what the filter shows. The selected event's fields are
// in the window's one EventInspector, as for the live panes.
// Events the store commits appear as they come, without moving a view scrolled down.
class HistoryPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPane)

public:
    explicit HistoryPane(QWidget *parent = nullptr);

    // The store to show (nullptr: none).
    void setStore(store::EventStore *store);
    HistoryTableModel *model() const { return m_model; }
    EventTableView *view() const { return m_view; }
    HistoryFilterBar *filterBar() const { return m_filters; }
    store::HistoryFilter filter() const;
    store::HistoryOrder order() const;
    void focusFilter();
    // Parses "12345" (EventSeqId), an EventId, or a date and time, and jumps there.
    void jumpTo(const QString &target);
    // The current row's event; false when no row is current or its block is being read.
    bool currentEvent(eventhub::Event &event) const;

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

signals:
    void exportRequested();
    // Copy as JSON put `count` events on the clipboard.
    void copied(int count);

private:
    void updateStatus();
    QString localHistoryText() const;
    void keepViewOnNewRows(int first, int last);
    void loadStrategies();
    void copySelection();

    HistoryTableModel *m_model;
    HistoryFilterBar *m_filters;
    EventTableView *m_view;
    QLineEdit *m_jump;
    QLabel *m_status;
    StoreIntegrityCheck *m_integrity;
    QPointer<store::EventStore> m_store;
    QString m_jumpMessage;
    qint64 m_backfilledTo = 0;
    // The full-text index's background build, as the store last reported it.
    std::optional<double> m_textIndexProgress;
    QElapsedTimer m_strategiesRead;
};

} // namespace ui
