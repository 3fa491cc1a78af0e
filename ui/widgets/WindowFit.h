#pragma once

#include <QSize>

class QWidget;

namespace ui {

// Makes a top-level window fit the available geometry of its screen (the screen minus
// panels and docks), frame included: a new window gets `preferred` or less, centred; a
// `restored` one (restoreGeometry) that no longer fits, saved on a larger monitor, is
// shrunk and moved in. Call before show().
void fitWindowIntoScreen(QWidget *window, QSize preferred, bool restored);

} // namespace ui
