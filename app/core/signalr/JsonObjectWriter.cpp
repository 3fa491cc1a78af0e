#include "JsonObjectWriter.h"

#include <simdjson.h>

#include <QLocale>
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

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    appendValidUtf8String(out, text.toUtf8());
}

void appendJsonStringUtf8(QByteArray &out, QByteArrayView utf8)
{
    if (simdjson::validate_utf8(utf8.data(), size_t(utf8.size())))
        appendValidUtf8String(out, utf8);
    else
        appendJsonString(out, QString::fromUtf8(utf8));
}

void appendJsonNumber(QByteArray &out, double number)
{
    if (qIsFinite(number))
        out += QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    else
        out += "null";
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
    m_text += QByteArray::number(value);
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
