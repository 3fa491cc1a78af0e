#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>

class QLabel;

namespace ui {

class EventDetailsView;
class EventPane;

// The window's one view of every field of the selected event, shared by all panes: it
// shows the current row of the pane the user last worked in (moved the selection in, or
// put the focus in), so that a single docked inspector replaces a details view per pane.
class EventInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventInspector)

public:
    explicit EventInspector(QWidget *parent = nullptr);

    // Follows `pane` from now on; `name` says where the shown event comes from.
    void follow(EventPane *pane, const QString &name);
    EventPane *activePane() const { return m_active; }
    EventDetailsView *details() const { return m_details; }
    // Shows the active pane's current event again (after a display setting changed).
    void refresh() { showCurrent(); }

signals:
    void copied();

private:
    void activate(EventPane *pane);
    void showCurrent();
    void onFocusChanged(QWidget *now);

    QLabel *m_source;
    EventDetailsView *m_details;
    QList<QPointer<EventPane>> m_panes;
    QPointer<EventPane> m_active;
};

} // namespace ui
