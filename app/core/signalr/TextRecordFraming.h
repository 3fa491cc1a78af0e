#pragma once

#include "RecordFraming.h"

namespace signalr {

// The text framing of the JSON hub protocol and of the handshake: each record ends with
// the ASCII record separator 0x1E.
class TextRecordFraming final : public RecordFraming
{
public:
    static constexpr char Separator = '\x1e';

    explicit TextRecordFraming(qint64 maxRecordSize);

    bool append(const QByteArray &bytes) override;
    bool nextRecord(QByteArray &record) override;
    QByteArray takeRemainder() override;
    bool hasPartialRecord() const override;

    // Appends the separator to an encoded record.
    static QByteArray frame(QByteArray record);

    // Bytes looked at in search of separators so far: about each byte received once,
    // however the records were split (the tests hold it to that).
    qint64 bytesScanned() const { return m_bytesScanned; }

private:
    // The last separator at or after `from`, or -1.
    qsizetype lastSeparator(qsizetype from);
    void compact();

    QByteArray m_buffer;
    // Bytes of m_buffer already handed out; compacted lazily so that many small records
    // in one message do not cost a memmove each.
    qsizetype m_consumed = 0;
    // Where the unfinished record starts: just after the last separator received. Records
    // are searched for only before it.
    qsizetype m_tailStart = 0;
    qint64 m_bytesScanned = 0;
    const qint64 m_maxRecordSize;
};

} // namespace signalr
