#pragma once

#include "notify/AlertPolicy.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QDockWidget;
class QMainWindow;

namespace ui {

// Alerts that wait to be seen: a new active entry or exit signal, or a new Error or
// Critical error, counts against its pane (Signals, Errors) until the user looks at that
// pane: clicks or moves the focus into it, brings its tab to the front, or comes back to
// the window while it is on screen. Meanwhile the pane's tab flashes and its title carries
// the count ("Errors (2)"); the window shows the total (unacknowledged()).
//
// Whatever the tray notification switches say, the count is kept: they decide about
// interrupting, this about what is on screen.
class AlertAttention final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertAttention)

public:
    static constexpr int FlashIntervalMs = 600;

    AlertAttention(QMainWindow *window, QDockWidget *signalsDock, QDockWidget *errorsDock);

    // `silent`: the catch-up replay after a (re)connection, remembered but not counted.
    void process(const QList<eventhub::Event> &events, bool silent);
    int unacknowledged() const;
    int unacknowledged(QDockWidget *dock) const { return m_pending.value(dock); }
    // The pane with the most recent unseen alerts; nullptr when none.
    QDockWidget *nextToSee() const;
    // Brings the pane to the front and takes its alerts as seen.
    void show(QDockWidget *dock);
    void acknowledge(QDockWidget *dock);

signals:
    void unacknowledgedChanged(int count);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void raise(QDockWidget *dock, int count);
    void flash();
    void paintTab(QDockWidget *dock, bool highlighted);
    QDockWidget *dockContaining(QObject *object) const;
    bool isOnScreen(QDockWidget *dock) const;

    QMainWindow *m_window;
    QPointer<QDockWidget> m_signals;
    QPointer<QDockWidget> m_errors;
    QHash<QDockWidget *, QString> m_titles;
    QHash<QDockWidget *, int> m_pending;
    QPointer<QDockWidget> m_latest;
    AlertPolicy m_policy;
    QTimer m_flashTimer;
    bool m_flashOn = false;
};

} // namespace ui
