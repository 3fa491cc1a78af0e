#pragma once

#include "EventTableModel.h"

#include <QList>
#include <QString>

namespace ui {

// The ids of the main window's docks, each a stable name: the dock's objectName (with
// "Dock" after it; saved window layouts name the docks by it) and its settings group
// (settingKeys::paneGroup). Renaming one loses the layout and state users saved.
namespace paneIds {
// The live panes (livePaneDefinitions)...
inline const QString Signals = QStringLiteral("signals");
inline const QString Errors = QStringLiteral("errors");
inline const QString Agents = QStringLiteral("agents");
inline const QString Preparation = QStringLiteral("preparation");
inline const QString Execution = QStringLiteral("execution");
inline const QString Vars = QStringLiteral("vars");
inline const QString Other = QStringLiteral("other");
// ...and the other docks.
inline const QString Strategies = QStringLiteral("strategies");
inline const QString Rate = QStringLiteral("rate");
inline const QString History = QStringLiteral("history");
inline const QString Inspector = QStringLiteral("inspector");
} // namespace paneIds

// What each live pane shows: which events, which columns, how rows are keyed. Data, not
// code: the panes are all the same widget over the same model.
struct PaneDefinition
{
    // One of paneIds.
    QString id;
    QString title;
    EventTableModel::Options model;
};

// Signals, Errors, Agents, Preparation, Execution, Vars and Other (unknown kinds): the
// live panes, in menu order.
QList<PaneDefinition> livePaneDefinitions(int maxRows);

} // namespace ui
