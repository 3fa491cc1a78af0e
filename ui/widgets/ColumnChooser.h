#pragma once

class QHeaderView;

namespace ui {

// The header's context menu lists every column with a check box to show or hide it, as
// Wireshark's packet list does. The last visible column cannot be hidden.
void installColumnChooser(QHeaderView *header);

} // namespace ui
