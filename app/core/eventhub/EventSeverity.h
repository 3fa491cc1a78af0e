#pragma once

#include "Event.h"

namespace eventhub {

// How much an event deserves the trader's attention. Decided here, below the UI, because
// the store keeps it as a column: the history filters by it over millions of events.
// The values are stored: append new ones at the end.
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

// Only the documented fields are certain; Status, Severity and IsActive are looked at
// tentatively, and an event without them is Info.
Severity severityOf(const Event &event);

} // namespace eventhub
