#pragma once

#include "EventColumn.h"

#include <QVariant>

namespace ui {

// What a table cell of an event shows for a role (text, alignment, severity colours and
// icon, sort value, ...): one answer for every table of events, live or history.
// `firstColumn` carries the severity icon. Roles it does not know give an invalid value.
QVariant eventCellData(const EventColumn &column, const eventhub::Event &event, bool firstColumn, int role);

} // namespace ui
