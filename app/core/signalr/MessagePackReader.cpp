#include "MessagePackReader.h"

#include "JsonObjectWriter.h"

#include <QDateTime>

#include <cstring>

namespace signalr::msgpack {

namespace {

// Deeper nesting is refused rather than risking the stack on hostile input.
constexpr int MaxDepth = 100;
constexpr qint8 TimestampExtension = -1;

QString isoTimestamp(qint64 seconds, quint32 nanoseconds)
{
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    // Seven fractional digits: .NET's tick resolution, and what its JSON protocol writes.
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('.')
           + QStringLiteral("%1").arg(nanoseconds / 100, 7, 10, QLatin1Char('0')) + QLatin1Char('Z');
}

} // namespace

Reader::Reader(const QByteArray &data)
    : m_data(data)
{}

bool Reader::fail(const QString &what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1 at byte %2.").arg(what).arg(m_position);
    return false;
}

bool Reader::need(qsizetype bytes)
{
    if (bytes < 0 || m_data.size() - m_position < bytes)
        return fail(QStringLiteral("The MessagePack data ends early"));
    return true;
}

quint64 Reader::readBigEndian(int bytes)
{
    quint64 value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | quint8(m_data.at(m_position++));
    return value;
}

bool Reader::peekNil() const
{
    return !atEnd() && quint8(m_data.at(m_position)) == 0xc0;
}

bool Reader::readContainerHeader(quint8 fixBase, quint8 code16, quint8 code32, const char *what, quint32 &size)
{
    if (!need(1))
        return false;
    const quint8 code = quint8(m_data.at(m_position));
    if ((code & 0xf0) == fixBase) {
        ++m_position;
        size = code & 0x0f;
        return true;
    }
    const int bytes = code == code16 ? 2 : code == code32 ? 4 : 0;
    if (bytes == 0)
        return fail(QStringLiteral("Expected %1").arg(QLatin1String(what)));
    ++m_position;
    if (!need(bytes))
        return false;
    size = quint32(readBigEndian(bytes));
    return true;
}

bool Reader::readArrayHeader(quint32 &size)
{
    return readContainerHeader(0x90, 0xdc, 0xdd, "an array", size);
}

bool Reader::readMapHeader(quint32 &size)
{
    return readContainerHeader(0x80, 0xde, 0xdf, "a map", size);
}

bool Reader::readInt(qint64 &value)
{
    if (!need(1))
        return false;
    const quint8 code = quint8(m_data.at(m_position));
    if (code <= 0x7f || code >= 0xe0) {
        ++m_position;
        value = qint8(code);
        if (code <= 0x7f)
            value = code;
        return true;
    }
    int bytes = 0;
    bool isSigned = false;
    switch (code) {
    case 0xcc: bytes = 1; break;
    case 0xcd: bytes = 2; break;
    case 0xce: bytes = 4; break;
    case 0xcf: bytes = 8; break;
    case 0xd0:
        bytes = 1;
        isSigned = true;
        break;
    case 0xd1:
        bytes = 2;
        isSigned = true;
        break;
    case 0xd2:
        bytes = 4;
        isSigned = true;
        break;
    case 0xd3:
        bytes = 8;
        isSigned = true;
        break;
    default: return fail(QStringLiteral("Expected an integer"));
    }
    ++m_position;
    if (!need(bytes))
        return false;
    const quint64 raw = readBigEndian(bytes);
    if (isSigned) {
        // Sign-extend from the encoded width.
        const int unused = 64 - bytes * 8;
        value = unused ? qint64(raw << unused) >> unused : qint64(raw);
    } else {
        if (raw > quint64(std::numeric_limits<qint64>::max()))
            return fail(QStringLiteral("An integer is too large"));
        value = qint64(raw);
    }
    return true;
}

bool Reader::readBool(bool &value)
{
    if (!need(1))
        return false;
    const quint8 code = quint8(m_data.at(m_position));
    if (code != 0xc2 && code != 0xc3)
        return fail(QStringLiteral("Expected a boolean"));
    ++m_position;
    value = code == 0xc3;
    return true;
}

bool Reader::readBytes(qsizetype size, QByteArray &bytes)
{
    if (!need(size))
        return false;
    bytes = m_data.mid(m_position, size);
    m_position += size;
    return true;
}

bool Reader::readString(QString &value)
{
    QByteArrayView utf8;
    if (!readStringBytes(utf8))
        return false;
    value = QString::fromUtf8(utf8);
    return true;
}

bool Reader::readOptionalString(QString &value)
{
    if (peekNil()) {
        ++m_position;
        value = QString();
        return true;
    }
    return readString(value);
}

bool Reader::readJson(QByteArray &json)
{
    // Room for the rest of the record as JSON text, which is rarely twice its MessagePack
    // size, and for a JSON parser's reading ahead (simdjson's 64 bytes): one allocation
    // for a whole event or history page instead of a dozen as it grows.
    json.reserve(json.size() + (m_data.size() - m_position) * 2 + 64);
    return readJson(json, 0);
}

bool Reader::readStringBytes(QByteArrayView &utf8)
{
    if (!need(1))
        return false;
    const quint8 code = quint8(m_data.at(m_position));
    qsizetype size = 0;
    if ((code & 0xe0) == 0xa0) {
        ++m_position;
        size = code & 0x1f;
    } else {
        const int bytes = code == 0xd9 ? 1 : code == 0xda ? 2 : code == 0xdb ? 4 : 0;
        if (bytes == 0)
            return fail(QStringLiteral("Expected a string"));
        ++m_position;
        if (!need(bytes))
            return false;
        size = qsizetype(readBigEndian(bytes));
    }
    if (!need(size))
        return false;
    utf8 = QByteArrayView(m_data).sliced(m_position, size);
    m_position += size;
    return true;
}

bool Reader::readExtension(qsizetype size, QByteArray &json)
{
    if (!need(1))
        return false;
    const qint8 type = qint8(m_data.at(m_position++));
    QByteArray bytes;
    if (!readBytes(size, bytes))
        return false;
    if (type != TimestampExtension) {
        appendJsonStringUtf8(json, bytes.toBase64());
        return true;
    }
    Reader payload(bytes);
    switch (size) {
    case 4: // timestamp 32: unsigned seconds
        appendJsonString(json, isoTimestamp(qint64(payload.readBigEndian(4)), 0));
        return true;
    case 8: { // timestamp 64: 30-bit nanoseconds, 34-bit unsigned seconds
        const quint64 raw = payload.readBigEndian(8);
        appendJsonString(json, isoTimestamp(qint64(raw & 0x3ffffffffULL), quint32(raw >> 34)));
        return true;
    }
    case 12: { // timestamp 96: 32-bit nanoseconds, signed 64-bit seconds
        const auto nanoseconds = quint32(payload.readBigEndian(4));
        appendJsonString(json, isoTimestamp(qint64(payload.readBigEndian(8)), nanoseconds));
        return true;
    }
    default: return fail(QStringLiteral("A timestamp has %1 bytes").arg(size));
    }
}

bool Reader::readMapKey(QByteArray &json, int depth)
{
    // JSON names are strings: any other key becomes the text of its value (an integer key
    // its decimal digits), as a .NET dictionary's keys are written by its JSON protocol.
    const quint8 code = quint8(m_data.at(m_position));
    if ((code & 0xe0) == 0xa0 || code == 0xd9 || code == 0xda || code == 0xdb)
        return readJson(json, depth);
    // A container as a key has no JSON form; quoted text of quoted text, nested, would
    // double in size at each level (found by fuzz_msgpack_records).
    if ((code & 0xf0) == 0x80 || (code & 0xf0) == 0x90 || code == 0xdc || code == 0xdd || code == 0xde || code == 0xdf)
        return fail(QStringLiteral("A map key is an array or a map"));
    QByteArray key;
    if (!readJson(key, depth))
        return false;
    if (key.startsWith('"'))
        json += key; // a string from an extension or bin
    else
        appendJsonStringUtf8(json, key == "null" ? QByteArray() : key);
    return true;
}

bool Reader::readJson(QByteArray &json, int depth)
{
    if (depth > MaxDepth)
        return fail(QStringLiteral("Values are nested too deeply"));
    if (!need(1))
        return false;
    const quint8 code = quint8(m_data.at(m_position));

    if (code <= 0x7f || code >= 0xe0 || (code >= 0xcc && code <= 0xd3)) {
        if (code == 0xcf) {
            // uint64 beyond qint64: kept as a double rather than refused.
            ++m_position;
            if (!need(8))
                return false;
            const quint64 raw = readBigEndian(8);
            if (raw > quint64(std::numeric_limits<qint64>::max()))
                appendJsonNumber(json, double(raw));
            else
                appendJsonInteger(json, qint64(raw));
            return true;
        }
        qint64 integer = 0;
        if (!readInt(integer))
            return false;
        appendJsonInteger(json, integer);
        return true;
    }
    if ((code & 0xe0) == 0xa0 || code == 0xd9 || code == 0xda || code == 0xdb) {
        QByteArrayView utf8;
        if (!readStringBytes(utf8))
            return false;
        appendJsonStringUtf8(json, utf8);
        return true;
    }
    if ((code & 0xf0) == 0x90 || code == 0xdc || code == 0xdd) {
        quint32 size = 0;
        if (!readArrayHeader(size))
            return false;
        json += '[';
        for (quint32 i = 0; i < size; ++i) {
            if (i > 0)
                json += ',';
            if (!readJson(json, depth + 1))
                return false;
        }
        json += ']';
        return true;
    }
    if ((code & 0xf0) == 0x80 || code == 0xde || code == 0xdf) {
        quint32 size = 0;
        if (!readMapHeader(size))
            return false;
        json += '{';
        for (quint32 i = 0; i < size; ++i) {
            if (i > 0)
                json += ',';
            if (!need(1) || !readMapKey(json, depth + 1))
                return false;
            json += ':';
            if (!readJson(json, depth + 1))
                return false;
        }
        json += '}';
        return true;
    }
    ++m_position;
    switch (code) {
    case 0xc0: json += "null"; return true;
    case 0xc2:
    case 0xc3: json += code == 0xc3 ? "true" : "false"; return true;
    case 0xca: {
        if (!need(4))
            return false;
        const auto bits = quint32(readBigEndian(4));
        float number = 0;
        std::memcpy(&number, &bits, sizeof number);
        appendJsonNumber(json, double(number));
        return true;
    }
    case 0xcb: {
        if (!need(8))
            return false;
        const quint64 bits = readBigEndian(8);
        double number = 0;
        std::memcpy(&number, &bits, sizeof number);
        appendJsonNumber(json, number);
        return true;
    }
    case 0xc4:
    case 0xc5:
    case 0xc6: {
        const int bytes = code == 0xc4 ? 1 : code == 0xc5 ? 2 : 4;
        if (!need(bytes))
            return false;
        QByteArray data;
        if (!readBytes(qsizetype(readBigEndian(bytes)), data))
            return false;
        appendJsonStringUtf8(json, data.toBase64());
        return true;
    }
    case 0xd4: return readExtension(1, json);
    case 0xd5: return readExtension(2, json);
    case 0xd6: return readExtension(4, json);
    case 0xd7: return readExtension(8, json);
    case 0xd8: return readExtension(16, json);
    case 0xc7:
    case 0xc8:
    case 0xc9: {
        const int bytes = code == 0xc7 ? 1 : code == 0xc8 ? 2 : 4;
        if (!need(bytes))
            return false;
        return readExtension(qsizetype(readBigEndian(bytes)), json);
    }
    default: --m_position; return fail(QStringLiteral("Unknown MessagePack code 0x%1").arg(code, 2, 16, QLatin1Char('0')));
    }
}

} // namespace signalr::msgpack
