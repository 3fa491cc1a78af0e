#include "TextRecordFraming.h"

#include "SharedBytes.h"

namespace signalr {

TextRecordFraming::TextRecordFraming(qint64 maxRecordSize)
    : m_maxRecordSize(maxRecordSize)
{
}

bool TextRecordFraming::append(const QByteArray &bytes)
{
    if (!m_errorString.isEmpty())
        return false;
    compact();
    // Messages usually end with a record: then the next one is taken as it is, shared,
    // not copied into the buffer.
    if (m_buffer.isEmpty())
        m_buffer = bytes;
    else
        m_buffer.append(bytes);
    // Only the unfinished tail counts against the limit: complete records are handed out
    // one by one, so a message holding many small records is fine.
    const qsizetype lastSeparator = m_buffer.lastIndexOf(Separator);
    const qsizetype partialSize = m_buffer.size() - (lastSeparator + 1);
    if (partialSize > m_maxRecordSize) {
        m_errorString = QStringLiteral("A message of more than %1 bytes was received; the limit is %1 bytes.")
                            .arg(m_maxRecordSize);
        m_buffer.clear();
        m_consumed = m_scanned = 0;
        return false;
    }
    return true;
}

bool TextRecordFraming::nextRecord(QByteArray &record)
{
    const qsizetype end = m_buffer.indexOf(Separator, qMax(m_consumed, m_scanned));
    if (end < 0) {
        m_scanned = m_buffer.size();
        return false;
    }
    if (end - m_consumed > m_maxRecordSize) {
        m_errorString = QStringLiteral("A message of %1 bytes was received; the limit is %2 bytes.")
                            .arg(end - m_consumed)
                            .arg(m_maxRecordSize);
        m_buffer.clear();
        m_consumed = m_scanned = 0;
        return false;
    }
    record = sharedPart(m_buffer, m_consumed, end - m_consumed);
    m_consumed = end + 1;
    m_scanned = m_consumed;
    return true;
}

QByteArray TextRecordFraming::takeRemainder()
{
    compact();
    QByteArray rest;
    rest.swap(m_buffer);
    m_consumed = m_scanned = 0;
    return rest;
}

bool TextRecordFraming::hasPartialRecord() const
{
    return m_buffer.size() > m_consumed;
}

QByteArray TextRecordFraming::frame(QByteArray record)
{
    record.append(Separator);
    return record;
}

void TextRecordFraming::compact()
{
    if (m_consumed == 0)
        return;
    removeFront(m_buffer, m_consumed);
    m_scanned -= m_consumed;
    m_consumed = 0;
}

} // namespace signalr
