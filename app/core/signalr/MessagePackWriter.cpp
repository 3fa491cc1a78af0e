#include "MessagePackWriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstring>

namespace signalr::msgpack {

void Writer::writeBigEndian(quint64 value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        m_data.append(char((value >> shift) & 0xff));
}

void Writer::writeNil()
{
    m_data.append(char(0xc0));
}

void Writer::writeBool(bool value)
{
    m_data.append(char(value ? 0xc3 : 0xc2));
}

void Writer::writeInt(qint64 value)
{
    if (value >= 0) {
        if (value <= 0x7f) {
            m_data.append(char(value)); // positive fixint
        } else if (value <= 0xff) {
            m_data.append(char(0xcc));
            writeBigEndian(quint64(value), 1);
        } else if (value <= 0xffff) {
            m_data.append(char(0xcd));
            writeBigEndian(quint64(value), 2);
        } else if (value <= 0xffffffffLL) {
            m_data.append(char(0xce));
            writeBigEndian(quint64(value), 4);
        } else {
            m_data.append(char(0xcf));
            writeBigEndian(quint64(value), 8);
        }
    } else if (value >= -32) {
        m_data.append(char(value)); // negative fixint: the byte is the two's complement
    } else if (value >= -128) {
        m_data.append(char(0xd0));
        writeBigEndian(quint64(value), 1);
    } else if (value >= -32768) {
        m_data.append(char(0xd1));
        writeBigEndian(quint64(value), 2);
    } else if (value >= -2147483648LL) {
        m_data.append(char(0xd2));
        writeBigEndian(quint64(value), 4);
    } else {
        m_data.append(char(0xd3));
        writeBigEndian(quint64(value), 8);
    }
}

void Writer::writeDouble(double value)
{
    quint64 bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    m_data.append(char(0xcb));
    writeBigEndian(bits, 8);
}

void Writer::writeHeader(quint32 size, quint8 fixBase, quint32 fixMax, quint8 code16, quint8 code32)
{
    if (size <= fixMax) {
        m_data.append(char(fixBase | size));
    } else if (size <= 0xffff) {
        m_data.append(char(code16));
        writeBigEndian(size, 2);
    } else {
        m_data.append(char(code32));
        writeBigEndian(size, 4);
    }
}

void Writer::writeString(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    const auto size = quint32(utf8.size());
    if (size <= 31) {
        m_data.append(char(0xa0 | size));
    } else if (size <= 0xff) {
        m_data.append(char(0xd9));
        writeBigEndian(size, 1);
    } else {
        writeHeader(size, 0xa0, 31, 0xda, 0xdb);
    }
    m_data.append(utf8);
}

void Writer::writeOptionalString(const QString &value)
{
    if (value.isNull())
        writeNil();
    else
        writeString(value);
}

void Writer::writeArrayHeader(quint32 size)
{
    writeHeader(size, 0x90, 15, 0xdc, 0xdd);
}

void Writer::writeMapHeader(quint32 size)
{
    writeHeader(size, 0x80, 15, 0xde, 0xdf);
}

void Writer::writeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: writeNil(); return;
    case QJsonValue::Bool: writeBool(value.toBool()); return;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        // [-2^63, 2^63) is exactly the range of qint64.
        if (std::trunc(number) == number && number >= -9223372036854775808.0 && number < 9223372036854775808.0)
            writeInt(value.toInteger(qint64(number)));
        else
            writeDouble(number);
        return;
    }
    case QJsonValue::String: writeString(value.toString()); return;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        writeArrayHeader(quint32(array.size()));
        for (const QJsonValue &item : array)
            writeValue(item);
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        writeMapHeader(quint32(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it) {
            writeString(it.key());
            writeValue(it.value());
        }
        return;
    }
    }
}

} // namespace signalr::msgpack
