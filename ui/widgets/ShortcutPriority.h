#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;

namespace ui {

// The window's own shortcuts win over a text box's editing keys. On Linux a QLineEdit
// claims Ctrl+E, Ctrl+F and Ctrl+K (Emacs-style end of line, forward, kill line) through
// ShortcutOverride, so Export, Find and Connect did nothing while a filter box had the
// focus. This filter turns those overrides down for the actions given, and the actions are
// made application-wide, so that they work from floating panes too.
class ShortcutPriority final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutPriority)

public:
    explicit ShortcutPriority(QObject *parent = nullptr);

    void prefer(QAction *action);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QList<QPointer<QAction>> m_actions;
};

} // namespace ui
