#include "JsonObjectWriter.h"

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <iterator>

#include <QtNumeric>

namespace signalr {

namespace {

bool needsEscape(unsigned char byte)
{
    return byte < 0x20 || byte == '"' || byte == '\\';
}

void appendEscaped(QByteArray &out, unsigned char byte)
{
    static const char Hex[] = "0123456789abcdef";
    switch (byte) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
        out += "\\u00";
        out += Hex[byte >> 4];
        out += Hex[byte & 0xf];
    }
}

// `utf8` must be valid UTF-8.
void appendValidUtf8String(QByteArray &out, QByteArrayView utf8)
{
    out += '"';
    // Runs of bytes that need no escaping (nearly all of them) go in one append.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if (!needsEscape(byte))
            continue;
        out.append(utf8.sliced(runStart, i - runStart));
        appendEscaped(out, byte);
        runStart = i + 1;
    }
    out.append(utf8.sliced(runStart));
    out += '"';
}

// ASCII with nothing to escape: nearly every string a hub sends (names, ids, symbols).
bool isPlainAscii(QByteArrayView utf8)
{
    unsigned char special = 0;
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        special |= (byte & 0x80) | (byte < 0x20) | (byte == '"') | (byte == '\\');
    }
    return special == 0;
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    appendValidUtf8String(out, text.toUtf8());
}

void appendJsonStringUtf8(QByteArray &out, QByteArrayView utf8)
{
    // Checked in one pass and copied in one piece: a MessagePack flood is mostly short
    // strings, and validating and then scanning each one cost more than the rest of
    // turning it into JSON text (docs/benchmarks.md, "Measurements behind the code's rules").
    if (isPlainAscii(utf8)) {
        const qsizetype at = out.size();
        out.resize(at + utf8.size() + 2);
        char *to = out.data() + at;
        *to = '"';
        if (!utf8.isEmpty()) // an empty view's data() may be null, which memcpy must not get
            std::memcpy(to + 1, utf8.data(), size_t(utf8.size()));
        to[utf8.size() + 1] = '"';
        return;
    }
    if (simdjson::validate_utf8(utf8.data(), size_t(utf8.size())))
        appendValidUtf8String(out, utf8);
    else
        appendJsonString(out, QString::fromUtf8(utf8));
}

void appendJsonNumber(QByteArray &out, double number)
{
    if (!qIsFinite(number)) {
        out += "null";
        return;
    }
    // The shortest text that reads back as the same double, written in place (a temporary
    // QByteArray per number showed in a flood's profile).
    char text[32];
    const auto written = std::to_chars(std::begin(text), std::end(text), number);
    out.append(text, written.ptr - text);
}

void appendJsonInteger(QByteArray &out, qint64 number)
{
    char text[24];
    const auto written = std::to_chars(std::begin(text), std::end(text), number);
    out.append(text, written.ptr - text);
}

void JsonObjectWriter::addKey(QStringView key)
{
    if (m_text.size() > 1)
        m_text += ',';
    appendJsonString(m_text, key);
    m_text += ':';
}

void JsonObjectWriter::addString(QStringView key, QStringView value)
{
    addKey(key);
    appendJsonString(m_text, value);
}

void JsonObjectWriter::addNumber(const char *key, qint64 value)
{
    addKey(QString::fromLatin1(key));
    appendJsonInteger(m_text, value);
}

void JsonObjectWriter::addRaw(const char *key, const QByteArray &json)
{
    addKey(QString::fromLatin1(key));
    m_text += json;
}

QByteArray JsonObjectWriter::finish()
{
    m_text += '}';
    return std::move(m_text);
}

} // namespace signalr
