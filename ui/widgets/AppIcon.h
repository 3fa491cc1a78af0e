#pragma once

#include <QIcon>

namespace ui {

// The application icon from resources/icons/mesolive.svg; where Qt has no SVG plugin, the
// same design painted, so the window never goes without its icon.
QIcon appIcon();

} // namespace ui
