#pragma once

#include <QByteArray>

#include <string_view>

namespace eventhub {

// EventTime as the hub writes it, ISO 8601 in UTC ("2026-11-25T09:52:36.123Z"), to and
// from UTC milliseconds since the epoch. The hub's own shapes are read and written by
// hand: QDateTime's general parser and formatter cost more than the rest of an event.

// Other ISO 8601 forms go through QDateTime; one without an offset is UTC, as documented.
bool parseEventTime(std::string_view text, qint64 &timeMs);

// Always with milliseconds and 'Z'.
void appendEventTime(QByteArray &out, qint64 timeMs);

} // namespace eventhub
