#pragma once

#include <Qt>

namespace ui {

// Roles shared by every model of the monitor, so that proxies and views need not know
// which model they sit on.
enum ItemRole {
    // The raw value behind a cell (a number, epoch milliseconds, a string): what sorting
    // compares, so that "10" sorts after "9" and times sort as times (as qBittorrent does).
    UnderlyingDataRole = Qt::UserRole + 1,
    // Lower-case text of the whole event, for free-text filters.
    SearchTextRole,
    // The row's Severity (int).
    SeverityRole,
    EventIdRole,
    // The row's StrategyId (qint64; -1 for none), for the strategy focus.
    StrategyIdRole,
};

} // namespace ui
