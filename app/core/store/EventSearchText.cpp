#include "EventSearchText.h"

#include "signalr/SimdJsonInput.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace store {

namespace {

// Numbers as QJsonValue::toDouble and QString::number(value, 'g', 15) wrote them, which
// the words of stores written before are made of: 15 significant digits, rounding an
// exact tie away from zero, and -0 as 0. QByteArray::number's allocation and big-number
// arithmetic were a fifth of the text's time in a flood, so a number that has at most 15
// significant digits (prices, quantities) is written with std::to_chars, which then
// writes the same; one of 16 or 17 digits may be an exact tie, which std::to_chars
// rounds to even, and goes the slow way.
void appendNumber(double value, QByteArray &out)
{
    out += ' ';
    char digits[32];
    const char *end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::scientific).ptr;
    const char *begin = digits;
    const char *exponent = std::find(begin, end, 'e');
    const auto significant = exponent - begin - (digits[0] == '-') - (std::find(begin, exponent, '.') != exponent);
    if (value == 0) {
        out += '0';
    } else if (significant <= 15) {
        end = std::to_chars(digits, digits + sizeof digits, value, std::chars_format::general, 15).ptr;
        out.append(digits, end - digits);
    } else {
        out += QByteArray::number(value, 'g', 15);
    }
}

// An integer below 10^15 has the same 15 digits as a double or as an integer, and an
// integer's are quicker to write.
void appendInteger(qint64 value, QByteArray &out)
{
    constexpr qint64 Exact = 1'000'000'000'000'000;
    if (value <= -Exact || value >= Exact) {
        appendNumber(double(value), out);
        return;
    }
    char digits[24];
    const char *end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out += ' ';
    out.append(digits, end - digits);
}

void appendValues(const simdjson::dom::element &value, QByteArray &out)
{
    switch (value.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = value.get_string().value_unsafe();
        out += ' ';
        out.append(text.data(), qsizetype(text.size()));
        break;
    }
    case simdjson::dom::element_type::INT64: appendInteger(value.get_int64().value_unsafe(), out); break;
    case simdjson::dom::element_type::UINT64: appendNumber(double(value.get_uint64().value_unsafe()), out); break;
    case simdjson::dom::element_type::DOUBLE: appendNumber(value.get_double().value_unsafe(), out); break;
    case simdjson::dom::element_type::ARRAY: {
        simdjson::dom::array items;
        if (!value.get_array().get(items)) {
            for (const simdjson::dom::element item : items)
                appendValues(item, out);
        }
        break;
    }
    case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object members;
        if (!value.get_object().get(members)) {
            for (const simdjson::dom::key_value_pair member : members)
                appendValues(member.value, out);
        }
        break;
    }
    default: // true, false, null: no words
        break;
    }
}

} // namespace

QByteArray searchableText(const eventhub::Event &event)
{
    // Read with simdjson's DOM, not a QJsonDocument: this runs for every event stored, and
    // the tree was 15 % of the store's time in a flood (docs/benchmarks.md).
    thread_local simdjson::dom::parser parser;
    thread_local signalr::SimdJsonInput input;
    QByteArray text = event.kindName.toUtf8();
    if (!event.strategyName.isEmpty())
        text += ' ' + event.strategyName.toUtf8();
    simdjson::dom::element root;
    simdjson::dom::object payload;
    if (!input.parse(parser, event.payloadJson(), root) && !root.get_object().get(payload)) {
        for (const simdjson::dom::key_value_pair member : payload) {
            if (member.key == "EventId" || member.key == "EventTime" || member.key == "EventSeqId")
                continue;
            appendValues(member.value, text);
        }
    }
    return text;
}

} // namespace store
