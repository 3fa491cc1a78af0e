#include "EventSearchText.h"

#include "signalr/SimdJsonInput.h"

#include <simdjson.h>

#include <cmath>

namespace store {

namespace {

// Numbers as QJsonValue::toDouble and QString::number(value, 'g', 15) wrote them, which
// the words of stores written before are made of: 15 significant digits.
void appendNumber(double value, QByteArray &out)
{
    out += ' ';
    out += QByteArray::number(value, 'g', 15);
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
    case simdjson::dom::element_type::INT64: appendNumber(double(value.get_int64().value_unsafe()), out); break;
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

QString searchableText(const eventhub::Event &event)
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
    return QString::fromUtf8(text);
}

} // namespace store
