#include "CsvEventWriter.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>

namespace exporting {

CsvEventWriter::CsvEventWriter(QIODevice &device)
    : m_device(device)
{
}

bool CsvEventWriter::writeHeader()
{
    static const QByteArray header = "EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,Payload\r\n";
    return m_device.write(header) == header.size();
}

QByteArray CsvEventWriter::textCell(const QString &text)
{
    return textCell(text.toUtf8());
}

QByteArray CsvEventWriter::textCell(QByteArray cell)
{
    if (!cell.isEmpty()) {
        const char first = cell.at(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
            || first == '\n')
            cell.prepend('\'');
    }
    if (cell.contains(',') || cell.contains('"') || cell.contains('\n') || cell.contains('\r')) {
        cell.replace("\"", "\"\"");
        cell.prepend('"');
        cell.append('"');
    }
    return cell;
}

bool CsvEventWriter::write(const eventhub::Event &event)
{
    m_line.clear();
    m_line += QByteArray::number(event.seqId);
    m_line += ',';
    m_line += textCell(event.eventId);
    m_line += ',';
    m_line += QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
    m_line += ',';
    m_line += textCell(event.kindName);
    m_line += ',';
    if (event.strategyId >= 0)
        m_line += QByteArray::number(event.strategyId);
    m_line += ',';
    m_line += textCell(event.strategyName);
    m_line += ',';
    m_line += textCell(event.payloadJson);
    m_line += "\r\n";
    if (m_device.write(m_line) != m_line.size())
        return false;
    ++m_rows;
    return true;
}

} // namespace exporting
