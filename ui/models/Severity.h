#pragma once

#include "eventhub/EventSeverity.h"

#include <QColor>
#include <QIcon>

namespace ui {

// How much a row deserves the trader's attention (decided in eventhub/EventSeverity.h);
// decides colours and icons everywhere.
using Severity = eventhub::Severity;

// Row tint; invalid for severities that keep the view's own background.
QColor severityBackground(Severity severity);
// Text colour; invalid to keep the palette's.
QColor severityForeground(Severity severity);
// The accent colour of icons, badges and chart series.
QColor severityAccent(Severity severity);
// A small painted badge (no SVG plugin needed), cached per severity.
QIcon severityIcon(Severity severity);
QString severityName(Severity severity);

} // namespace ui
