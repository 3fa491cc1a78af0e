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
// How serious the event is, never whether it is over: a resolved Critical error stays
// Critical (its row is dimmed and its state says Resolved). The rule lives with the events
// (eventhub/EventSeverity.h): the store classifies what it keeps with it.
using eventhub::severityOf;
// An error's own state, apart from its severity: "Active" (IsActive: true), "Resolved" (a
// later event under the same ErrorId, IsActive: false, the simulator's and the platform's
// texts begin with "Resolved"), "Reported" (an error that never was persistent); "" for
// other kinds and errors without IsActive.
QString errorState(const eventhub::Event &event);
// A signal cleared or an error resolved (IsActive: false): over, shown dimmed.
bool isOver(const eventhub::Event &event);
// A payload value as a cell shows it: numbers without trailing zeros, booleans as Yes/No,
// objects and arrays as compact JSON.
QString formatValue(const QJsonValue &value);
// In the display zone (DisplayTime.h) with milliseconds, as traders read logs:
// "10:11:06.785" today, with the date ("2026-11-25 10:11:06.785") on other days.
QString formatTime(qint64 utcMs);
// The same to the second ("12:09:31"), for texts rather than logs.
QString formatClock(qint64 utcMs);
// "Key: value · Key: value" over the payload fields other than the common ones: the
// catch-all column, so that no field the server sends goes unseen.
QString payloadSummary(const eventhub::Event &event);
// Everything searchable in one lower-case string (kind, strategy, every payload value).
QString searchText(const eventhub::Event &event);
// The event as the hub sent it plus its kind: {"Kind": "...", ...payload}.
QJsonObject eventToJson(const eventhub::Event &event);

} // namespace ui
