#include "BinaryRecordFraming.h"

#include "SharedBytes.h"

namespace signalr {

BinaryRecordFraming::BinaryRecordFraming(qint64 maxRecordSize)
    : m_maxRecordSize(maxRecordSize)
{}

bool BinaryRecordFraming::failWith(const QString &error)
{
    m_errorString = error;
    m_buffer.clear();
    m_consumed = 0;
    return false;
}

BinaryRecordFraming::Prefix BinaryRecordFraming::readPrefix(qint64 &length, int &prefixBytes) const
{
    length = 0;
    for (prefixBytes = 0; prefixBytes < MaxLengthBytes; ++prefixBytes) {
        const qsizetype at = m_consumed + prefixBytes;
        if (at >= m_buffer.size())
            return Prefix::Incomplete;
        const quint8 byte = quint8(m_buffer.at(at));
        length |= qint64(byte & 0x7f) << (7 * prefixBytes);
        if ((byte & 0x80) == 0) {
            ++prefixBytes;
            // The fifth byte may only carry the top bits of a 31-bit length.
            return length <= 0x7fffffff ? Prefix::Complete : Prefix::Invalid;
        }
    }
    return Prefix::Invalid;
}

bool BinaryRecordFraming::append(const QByteArray &bytes)
{
    if (!m_errorString.isEmpty())
        return false;
    removeFront(m_buffer, m_consumed);
    m_consumed = 0;
    m_buffer.append(bytes);
    // Check the record in progress as soon as its length is known, so that an oversized
    // record is refused before its bytes are buffered.
    qint64 length = 0;
    int prefixBytes = 0;
    const Prefix prefix = readPrefix(length, prefixBytes);
    if (prefix == Prefix::Invalid)
        return failWith(QStringLiteral("A message length prefix is malformed."));
    if (prefix == Prefix::Complete && length > m_maxRecordSize)
        return failWith(
            QStringLiteral("A message of %1 bytes was received; the limit is %2 bytes.").arg(length).arg(m_maxRecordSize));
    return true;
}

bool BinaryRecordFraming::nextRecord(QByteArray &record)
{
    if (!m_errorString.isEmpty())
        return false;
    qint64 length = 0;
    int prefixBytes = 0;
    switch (readPrefix(length, prefixBytes)) {
    case Prefix::Incomplete: return false;
    case Prefix::Invalid: return failWith(QStringLiteral("A message length prefix is malformed."));
    case Prefix::Complete: break;
    }
    if (length > m_maxRecordSize)
        return failWith(
            QStringLiteral("A message of %1 bytes was received; the limit is %2 bytes.").arg(length).arg(m_maxRecordSize));
    if (m_buffer.size() - m_consumed - prefixBytes < length)
        return false;
    record = sharedPart(m_buffer, m_consumed + prefixBytes, length);
    m_consumed += prefixBytes + length;
    return true;
}

QByteArray BinaryRecordFraming::takeRemainder()
{
    QByteArray rest = m_buffer.mid(m_consumed);
    m_buffer.clear();
    m_consumed = 0;
    return rest;
}

bool BinaryRecordFraming::hasPartialRecord() const
{
    return m_buffer.size() > m_consumed;
}

QByteArray BinaryRecordFraming::frame(const QByteArray &record)
{
    QByteArray framed;
    quint32 length = quint32(record.size());
    do {
        quint8 byte = length & 0x7f;
        length >>= 7;
        if (length)
            byte |= 0x80;
        framed.append(char(byte));
    } while (length);
    framed.append(record);
    return framed;
}

} // namespace signalr
