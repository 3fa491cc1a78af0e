#pragma once

#include <QColor>
#include <QIcon>

namespace ui {

// How much a row deserves the trader's attention; decides colours and icons everywhere.
enum class Severity {
    Info,
    Success,
    // A live signal or an unresolved error: something the automation is acting on now.
    Active,
    Warning,
    Error,
    Critical,
    // Over and done with (a cleared signal, a closed position): shown dimmed.
    Muted,
};

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
