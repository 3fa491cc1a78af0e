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

private:
    void compact();

    QByteArray m_buffer;
    // Bytes of m_buffer already handed out; compacted lazily so that many small records
    // in one message do not cost a memmove each.
    qsizetype m_consumed = 0;
    // Where to resume the search for the next separator.
    qsizetype m_scanned = 0;
    const qint64 m_maxRecordSize;
};

} // namespace signalr
