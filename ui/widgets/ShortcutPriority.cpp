#include "ShortcutPriority.h"

#include <QAction>
#include <QApplication>
#include <QKeyEvent>

namespace ui {

ShortcutPriority::ShortcutPriority(QObject *parent)
    : QObject(parent)
{
    qApp->installEventFilter(this);
}

void ShortcutPriority::prefer(QAction *action)
{
    action->setShortcutContext(Qt::ApplicationShortcut);
    m_actions.append(action);
}

bool ShortcutPriority::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ShortcutOverride)
        return QObject::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const QKeySequence pressed(key->keyCombination());
    for (const QPointer<QAction> &action : std::as_const(m_actions)) {
        if (action && action->isEnabled() && action->shortcut().matches(pressed) == QKeySequence::ExactMatch) {
            // Not accepted: the focused widget does not get the key, the shortcut does.
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
