#include "JsonObjectWriter.h"

namespace signalr {

void appendJsonString(QByteArray &out, QStringView text)
{
    static const char Hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += Hex[byte >> 4];
                out += Hex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
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
