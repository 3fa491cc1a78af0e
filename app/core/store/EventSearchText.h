#pragma once

#include "eventhub/Event.h"

namespace store {

// What the store's full-text index (FTS5, table events_text) holds for an event: its kind,
// its strategy's name and every value of its payload, but not the fields every event has
// (EventId, EventTime, EventSeqId): a unique id per event would make the index as big as
// the table, and jumping to an id or a time has its own, exact, look-up.
// UTF-8.
QByteArray searchableText(const eventhub::Event &event);

} // namespace store
