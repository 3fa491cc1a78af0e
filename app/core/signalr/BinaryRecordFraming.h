#pragma once

#include "RecordFraming.h"

namespace signalr {

// The binary framing of the MessagePack hub protocol: each record is preceded by its
// length as a VarInt (7 bits a byte, least significant first, at most 5 bytes: a record
// is at most 2^31 - 1 bytes).
class BinaryRecordFraming final : public RecordFraming
{
public:
    static constexpr int MaxLengthBytes = 5;

    explicit BinaryRecordFraming(qint64 maxRecordSize);

    bool append(const QByteArray &bytes) override;
    bool nextRecord(QByteArray &record) override;
    QByteArray takeRemainder() override;
    bool hasPartialRecord() const override;

    // Prefixes an encoded record with its length.
    static QByteArray frame(const QByteArray &record);

private:
    enum class Prefix { Complete, Incomplete, Invalid };
    // Reads the length prefix at m_consumed.
    Prefix readPrefix(qint64 &length, int &prefixBytes) const;
    bool failWith(const QString &error);

    QByteArray m_buffer;
    qsizetype m_consumed = 0;
    const qint64 m_maxRecordSize;
};

} // namespace signalr
