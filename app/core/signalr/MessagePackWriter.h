#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace signalr::msgpack {

// Appends MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) to a byte
// array, always in the smallest format that holds the value, as the .NET server does.
class Writer
{
public:
    void writeNil();
    void writeBool(bool value);
    void writeInt(qint64 value);
    void writeDouble(double value);
    void writeString(const QString &value);
    // A string, or nil when `value` is null (an optional string of the hub protocol).
    void writeOptionalString(const QString &value);
    void writeArrayHeader(quint32 size);
    void writeMapHeader(quint32 size);
    // A JSON value as MessagePack. Numbers without a fractional part are written as
    // integers: a .NET `int` or `long` parameter cannot be read from a float, while a
    // `double` parameter reads an integer fine.
    void writeValue(const QJsonValue &value);

    const QByteArray &data() const { return m_data; }
    QByteArray take() { return std::exchange(m_data, {}); }

private:
    void writeHeader(quint32 size, quint8 fixBase, quint32 fixMax, quint8 code16, quint8 code32);
    void writeBigEndian(quint64 value, int bytes);

    QByteArray m_data;
};

} // namespace signalr::msgpack
