#pragma once

// Events read out of a document simdjson's DOM parser has parsed already: a history page
// is parsed once for all of its envelopes (HubResults.cpp), not once per envelope.

#include "Event.h"

#include "signalr/JsonSpans.h"

#include <simdjson.h>

namespace eventhub {

// The event of one history envelope: `envelope` is its DOM, `span` where it is in the
// text that `spans` covers.
bool eventFromEnvelope(const simdjson::dom::object &envelope, const signalr::JsonSpans &spans,
                       const signalr::JsonSpans::Span &span, Event &event, QString &error);

} // namespace eventhub
