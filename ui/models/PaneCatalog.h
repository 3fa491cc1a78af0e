#pragma once

#include "EventTableModel.h"

#include <QList>
#include <QString>

namespace ui {

// What each live pane shows: which events, which columns, how rows are keyed. Data, not
// code: the panes are all the same widget over the same model.
struct PaneDefinition
{
    // Stable name for QSettings and the dock's objectName.
    QString id;
    QString title;
    EventTableModel::Options model;
};

// Signals, Errors, Agents, Preparation, Execution, Vars and Other (unknown kinds): the
// live panes, in menu order.
QList<PaneDefinition> livePaneDefinitions(int maxRows);

} // namespace ui
