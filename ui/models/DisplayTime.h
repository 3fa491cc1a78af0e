#pragma once

#include <QDateTime>
#include <QString>

namespace ui {

// The zone every time on screen is shown in, one setting for the whole app: the
// computer's, UTC, or the exchange's (America/New_York, "ET", as the platform's own texts
// say). Tooltips show the other two.
enum class DisplayZone { Local, Utc, Exchange };

void setDisplayZone(DisplayZone zone);
DisplayZone displayZone();
// "Local", "UTC", "ET": for column headers.
QString displayZoneLabel(DisplayZone zone = displayZone());
// For menus: "Local time", "UTC", "Exchange time (New York, ET)".
QString displayZoneTitle(DisplayZone zone);
// The settings' words for the zones ("local", "utc", "exchange"), and back (Local when
// unknown).
QString displayZoneKey(DisplayZone zone);
DisplayZone displayZoneFromKey(const QString &key);

QDateTime inZone(qint64 utcMs, DisplayZone zone = displayZone());
// The moment in the two zones not shown: "UTC 2026-12-03 15:09:31.123 · Local …".
QString otherZonesText(qint64 utcMs);

} // namespace ui
