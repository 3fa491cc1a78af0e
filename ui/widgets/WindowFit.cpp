#include "WindowFit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace ui {

namespace {
// The frame is unknown before the window is shown: room for a title bar and borders as
// common window managers draw them (left+right, top+bottom, and the top alone).
constexpr int FrameWidth = 16;
constexpr int FrameHeight = 40;
constexpr int FrameTop = 32;
} // namespace

void fitWindowIntoScreen(QWidget *window, QSize preferred, bool restored)
{
    const QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen || window->isMaximized() || window->isFullScreen())
        return;
    const QRect available = screen->availableGeometry();
    // Where the window's client area may be, its frame around it inside `available`.
    const QRect room = available.adjusted(FrameWidth / 2, FrameTop, -FrameWidth / 2, FrameTop - FrameHeight);
    if (restored && room.contains(window->geometry()))
        return;
    const QSize size = (restored ? window->size() : preferred).boundedTo(room.size());
    window->resize(size);
    window->move(room.x() + (room.width() - size.width()) / 2, room.y() + (room.height() - size.height()) / 2);
}

} // namespace ui
