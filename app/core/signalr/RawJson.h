#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QVarLengthArray>

#include <memory>

namespace simdjson::dom {
class element;
}

namespace signalr {

// One JSON value kept as its text, as the server sent it. Hub messages carry their
// arguments and results this way, so that a consumer that reads only a few fields (or
// none, or stores the text) does not pay for a QJsonValue tree it does not need.
class RawJson
{
public:
    RawJson() = default; // absent: not even null

    // `text` must hold exactly one valid JSON value: consumers rely on it (the JSON
    // protocol's decoder validates each record whole before it cuts values out of it;
    // fromValue writes the text itself).
    static RawJson fromText(QByteArray text);
    static RawJson fromValue(const QJsonValue &value);

    bool isAbsent() const { return m_text.isEmpty(); }
    const QByteArray &text() const { return m_text; }

    // Parsed on demand: Undefined when absent or malformed.
    QJsonValue toValue() const;

    // A value the JSON hub protocol cut out of a record it parsed carries that parse
    // (JsonHubProtocol.cpp): a consumer reads the DOM instead of parsing the text again,
    // which was a quarter of a live event's cost. Null for any other value. Valid as long
    // as this RawJson (or a copy) lives: the DOM is shared, and a consumer that keeps the
    // value for long keeps its record's DOM too, so it keeps text() instead.
    static RawJson fromParsedText(QByteArray text, std::shared_ptr<const simdjson::dom::element> parsed)
    {
        RawJson json;
        json.m_text = std::move(text);
        json.m_parsed = std::move(parsed);
        return json;
    }
    const simdjson::dom::element *parsed() const { return m_parsed.get(); }

    friend bool operator==(const RawJson &a, const RawJson &b) { return a.m_text == b.m_text; }

private:
    QByteArray m_text;
    std::shared_ptr<const simdjson::dom::element> m_parsed;
};

} // namespace signalr

// A QByteArray and a std::shared_ptr, which move as bytes: lists of arguments grow without
// copying them.
Q_DECLARE_TYPEINFO(signalr::RawJson, Q_RELOCATABLE_TYPE);

namespace signalr {

// Inline room for the few arguments a hub method takes (the Event Hub's callbacks take
// one): a flood of invocations allocates no list per message.
using RawJsonList = QVarLengthArray<RawJson, 2>;

RawJsonList rawJsonList(const QJsonArray &values);
QJsonArray toJsonArray(const RawJsonList &values);

} // namespace signalr
