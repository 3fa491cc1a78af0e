#pragma once

#include "Severity.h"
#include "eventhub/Event.h"

#include <QJsonValue>
#include <QString>

namespace ui {

// How an event reads on screen. Only the documented fields (kind, EventId, EventSeqId,
// EventTime) are certain; everything else is looked at tentatively (Status, Severity,
// IsActive, ...) and shown generically when absent or different.

// "Entry signal", "Entry prep failed"; the server's own name for unknown kinds.
QString kindLabel(const eventhub::Event &event);
using eventhub::severityOf;
// A payload value as a cell shows it: numbers without trailing zeros, booleans as Yes/No,
// objects and arrays as compact JSON.
QString formatValue(const QJsonValue &value);
// Local time with milliseconds, as traders read logs: "10:11:06.785" today, with the date
// ("2026-11-25 10:11:06.785") before.
QString formatTime(qint64 utcMs);
// "Key: value · Key: value" over the payload fields other than the common ones: the
// catch-all column, so that no field the server sends goes unseen.
QString payloadSummary(const eventhub::Event &event);
// Everything searchable in one lower-case string (kind, strategy, every payload value).
QString searchText(const eventhub::Event &event);
// The event as the hub sent it plus its kind: {"Kind": "...", ...payload}.
QJsonObject eventToJson(const eventhub::Event &event);

} // namespace ui
