#include "TextRecordFraming.h"

#include "SharedBytes.h"

namespace signalr {

TextRecordFraming::TextRecordFraming(qint64 maxRecordSize)
    : m_maxRecordSize(maxRecordSize)
{}

bool TextRecordFraming::append(const QByteArray &bytes)
{
    if (!m_errorString.isEmpty())
        return false;
    compact();
    const qsizetype before = m_buffer.size();
    // Messages usually end with a record: then the next one is taken as it is, shared,
    // not copied into the buffer.
    if (m_buffer.isEmpty())
        m_buffer = bytes;
    else
        m_buffer.append(bytes);
    // Only the new bytes are searched (from their end) for the last separator: a record
    // split over many small messages costs its length once, not its length per message.
    const qsizetype last = lastSeparator(before);
    if (last >= 0)
        m_tailStart = last + 1;
    // Only the unfinished tail counts against the limit: complete records are handed out
    // one by one, so a message holding many small records is fine.
    const qsizetype partialSize = m_buffer.size() - m_tailStart;
    if (partialSize > m_maxRecordSize) {
        m_errorString =
            QStringLiteral("A message of more than %1 bytes was received; the limit is %1 bytes.").arg(m_maxRecordSize);
        m_buffer.clear();
        m_consumed = m_tailStart = 0;
        return false;
    }
    return true;
}

bool TextRecordFraming::nextRecord(QByteArray &record)
{
    // Past the last separator there is only the unfinished record: nothing to search.
    if (m_consumed >= m_tailStart)
        return false;
    const qsizetype end = m_buffer.indexOf(Separator, m_consumed);
    m_bytesScanned += end + 1 - m_consumed;
    if (end - m_consumed > m_maxRecordSize) {
        m_errorString = QStringLiteral("A message of %1 bytes was received; the limit is %2 bytes.")
                            .arg(end - m_consumed)
                            .arg(m_maxRecordSize);
        m_buffer.clear();
        m_consumed = m_tailStart = 0;
        return false;
    }
    record = sharedPart(m_buffer, m_consumed, end - m_consumed);
    m_consumed = end + 1;
    return true;
}

QByteArray TextRecordFraming::takeRemainder()
{
    compact();
    QByteArray rest;
    rest.swap(m_buffer);
    m_consumed = m_tailStart = 0;
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

qsizetype TextRecordFraming::lastSeparator(qsizetype from)
{
    const qsizetype found = QByteArrayView(m_buffer).sliced(from).lastIndexOf(Separator);
    m_bytesScanned += m_buffer.size() - from - (found < 0 ? 0 : found);
    return found < 0 ? -1 : from + found;
}

void TextRecordFraming::compact()
{
    if (m_consumed == 0)
        return;
    removeFront(m_buffer, m_consumed);
    m_tailStart -= m_consumed;
    m_consumed = 0;
}

} // namespace signalr
