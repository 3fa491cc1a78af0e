#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QVarLengthArray>

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

    friend bool operator==(const RawJson &a, const RawJson &b) { return a.m_text == b.m_text; }

private:
    QByteArray m_text;
};

} // namespace signalr

// A QByteArray, which moves as bytes: lists of arguments grow without copying them.
Q_DECLARE_TYPEINFO(signalr::RawJson, Q_RELOCATABLE_TYPE);

namespace signalr {

// Inline room for the few arguments a hub method takes (the Event Hub's callbacks take
// one): a flood of invocations allocates no list per message.
using RawJsonList = QVarLengthArray<RawJson, 2>;

RawJsonList rawJsonList(const QJsonArray &values);
QJsonArray toJsonArray(const RawJsonList &values);

} // namespace signalr
