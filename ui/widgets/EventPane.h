#pragma once

#include "models/EventTableModel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSettings;
class QToolButton;

namespace ui {

class EventFilterProxy;
class EventTableView;
class TailFollower;

// A pane over one event table: a filter box, the table (sortable, column chooser, tail
// mode) and Copy as JSON. The selected event's fields are not shown here but in the
// window's one EventInspector, which follows whichever pane the user works in. The same
// widget serves every live pane and the history; what differs is the model it is given.
class EventPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventPane)

public:
    enum class Kind {
        // Auto-scroll; the filter box filters the rows in the table.
        Live,
        // No auto-scroll; the filter box's text goes to `filterEdited` (the history
        // searches the server's pages, not just the loaded rows).
        History,
    };

    // `model` is not owned.
    EventPane(EventTableModel *model, Kind kind, QWidget *parent = nullptr);

    EventTableModel *model() const { return m_model; }
    EventFilterProxy *proxy() const { return m_proxy; }
    EventTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }

    void focusFilter();
    // Shows only this strategy's rows; -1 = every strategy's.
    void setStrategyFilter(qint64 strategyId);
    // The current row's event and its earlier events (keyed rows); false when no row is
    // current.
    bool currentEvent(eventhub::Event &event, QList<eventhub::Event> &history) const;
    // The selected rows' events as JSON (an object for one, an array for several).
    QString selectionAsJson() const;
    void copySelection();

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

signals:
    void filterEdited(const QString &text);
    // Copy as JSON put `count` events on the clipboard.
    void copied(int count);

protected:
    void updateCountLabel();

private:
    EventTableModel *m_model;
    EventFilterProxy *m_proxy;
    EventTableView *m_view;
    QLineEdit *m_filter;
    QLabel *m_count;
    QToolButton *m_followButton = nullptr;
    TailFollower *m_follower = nullptr;
    QWidget *m_toolbar;
};

} // namespace ui
