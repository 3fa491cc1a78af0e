#pragma once

#include "eventhub/Event.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <functional>

class QAbstractItemView;
class QLabel;

namespace ui {

class EventDetailsView;

// The window's one view of every field of the selected event, shared by all panes, the live
// ones and History: it shows the current row of the pane the user last worked in (moved the
// selection in, or put the focus in), so that a single docked inspector replaces a details
// view per pane.
class EventInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventInspector)

public:
    // A followed pane's current event and, for a keyed row (an agent, a signal, a job), its
    // earlier events; false when no row is current or its event is not at hand (History
    // reads a row's block when it is first shown: the inspector shows it once it is read).
    using CurrentEvent = std::function<bool(eventhub::Event &event, QList<eventhub::Event> &history)>;

    explicit EventInspector(QWidget *parent = nullptr);

    // Follows `pane` from now on: a move of `table`'s current row, or the focus entering
    // `pane`, makes it the inspected pane; a change of that row's data shows it again.
    // `name` says where the shown event comes from.
    void follow(QWidget *pane, QAbstractItemView *table, const QString &name, CurrentEvent currentEvent);
    QWidget *activePane() const { return m_active >= 0 ? m_panes.at(m_active).pane.data() : nullptr; }
    EventDetailsView *details() const { return m_details; }
    // Shows the active pane's current event again (after a display setting changed).
    void refresh() { showCurrent(); }

signals:
    void copied();

private:
    struct Followed
    {
        QPointer<QWidget> pane;
        QPointer<QAbstractItemView> table;
        QString name;
        CurrentEvent currentEvent;
    };

    void activate(qsizetype pane);
    void showCurrent();
    void onFocusChanged(QWidget *now);
    // Shows the event again when the data of the inspected pane's current row changed.
    void onRowsChanged(qsizetype pane, int first, int last);

    QLabel *m_source;
    EventDetailsView *m_details;
    QList<Followed> m_panes;
    qsizetype m_active = -1;
};

} // namespace ui
