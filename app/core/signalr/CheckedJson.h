#pragma once

#include <simdjson.h>

#include <string_view>

namespace signalr {

// On-Demand checks only what it reads: a value it skips is not checked, and the text it
// cuts out for a skipped value can run past the value's end when the value is broken
// (tests/fuzz/ found such records). These read a value whole instead, every string with
// its escapes, every number and literal, every bracket, comma and colon: after them the
// value is known to be JSON, as the DOM parser would have found, in the one pass that
// reads it anyway (a DOM validation in front of On-Demand was 30 % of a callback).

// Reads `value` whole and returns the first error in it.
simdjson::error_code checkValue(simdjson::ondemand::value &value);

// Reads `value` whole and gives its text (no surrounding whitespace). `document` is the
// one `value` is in: where its iteration stands afterwards is where the value ended.
simdjson::error_code checkedText(simdjson::ondemand::document &document, simdjson::ondemand::value &value,
                                 std::string_view &text);

} // namespace signalr
