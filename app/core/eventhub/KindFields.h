#pragma once

#include "EventKind.h"

#include <QStringList>

namespace eventhub {

// The top-level payload fields each kind carries, beyond the common ones (EventId,
// EventSeqId, EventTime, StrategyId, StrategyName), in the order docs/events.md lists them.
//
// The hub documents no kind-specific field (CONTRACT.md): these are the fields that
// docs/events.md describes and the simulator sends (app/core/hubsim/EventPayloads.cpp; a
// test keeps the two in step). Only the CSV export relies on the list, for its columns
// (exporting/CsvEventWriter.h explains why a fixed list); nothing else may, since the real hub
// may send other fields. Empty for Unknown.
const QStringList &kindPayloadFields(EventKind kind);

// The fields every event carries, whatever its kind, as the client parses them.
const QStringList &commonPayloadFields();

} // namespace eventhub
