#pragma once

#include "notify/AlertPolicy.h"

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;

namespace ui {

// Shows AlertPolicy's alerts: a tray balloon (when the desktop has a tray) and, if
// switched on, a beep. Several alerts in one batch make one notification, not a storm.
class AlertNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertNotifier)

public:
    AlertNotifier(const QIcon &icon, QObject *parent = nullptr);

    AlertPolicy &policy() { return m_policy; }
    void setSoundEnabled(bool enabled) { m_sound = enabled; }
    bool soundEnabled() const { return m_sound; }

    // `silent`: remember the events (so that a later repeat does not alert) but show
    // nothing, for the catch-up replay after a (re)connection.
    void process(const QList<eventhub::Event> &events, bool silent = false);

signals:
    // Every alert shown, also for when there is no tray (the window shows it in its
    // status bar).
    void alerted(const ui::Alert &alert, int count);

private:
    AlertPolicy m_policy;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_sound = false;
};

} // namespace ui
