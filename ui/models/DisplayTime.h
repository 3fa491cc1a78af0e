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

// The day in the display zone that holds a moment, with the span of UTC time it covers:
// which events of a batch fall on it is then a comparison of numbers. (inZone for each
// event asked the C library for the zone's rules, tzset, each time: 5 % of the app's CPU
// in a flood.)
struct DisplayDay
{
    QDate date;
    qint64 startUtcMs = 0;
    qint64 endUtcMs = 0; // the next day's start
    DisplayZone zone = DisplayZone::Local;
    bool contains(qint64 utcMs) const { return utcMs >= startUtcMs && utcMs < endUtcMs; }
    // The date of a moment in this day's zone: this day's when it holds it.
    QDate dateOf(qint64 utcMs) const { return contains(utcMs) ? date : inZone(utcMs, zone).date(); }
};
DisplayDay displayDayOf(qint64 utcMs, DisplayZone zone = displayZone());
// The moment in the two zones not shown: "UTC 2026-12-03 15:09:31.123 · Local …".
QString otherZonesText(qint64 utcMs);

} // namespace ui
