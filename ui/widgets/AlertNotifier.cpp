#include "AlertNotifier.h"

#include <QApplication>
#include <QDateTime>
#include <QSystemTrayIcon>

namespace ui {

AlertNotifier::AlertNotifier(const QIcon &icon, QObject *parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(QStringLiteral("MesoLive Monitor"));
        m_tray->show();
    }
}

void AlertNotifier::process(const QList<eventhub::Event> &events, bool silent)
{
    const QList<Alert> alerts = m_policy.evaluate(events, QDateTime::currentMSecsSinceEpoch());
    if (alerts.isEmpty() || silent)
        return;
    const Alert &first = alerts.first();
    const int count = int(alerts.size());
    if (m_tray) {
        const QSystemTrayIcon::MessageIcon icon =
            first.type == Alert::Type::Error ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
        const QString message =
            count == 1 ? first.message : tr("%1\n…and %n more alert(s)", nullptr, count - 1).arg(first.message);
        m_tray->showMessage(first.title, message, icon, 8000);
    }
    if (m_sound)
        QApplication::beep();
    emit alerted(first, count);
}

} // namespace ui
