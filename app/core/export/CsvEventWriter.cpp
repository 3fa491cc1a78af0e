#include "CsvEventWriter.h"

#include "eventhub/EventTime.h"

#include <QIODevice>

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

namespace {

// A spreadsheet runs a cell starting with one of these as a formula.
bool startsLikeFormula(QByteArrayView cell)
{
    if (cell.isEmpty())
        return false;
    switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\n':
        return true;
    default:
        return false;
    }
}

} // namespace

QByteArray CsvEventWriter::textCell(const QString &text)
{
    return textCell(text.toUtf8());
}

QByteArray CsvEventWriter::textCell(QByteArray utf8)
{
    QByteArray cell;
    appendTextCell(cell, utf8);
    return cell;
}

void CsvEventWriter::appendTextCell(QByteArray &line, QByteArrayView cell)
{
    const bool guard = startsLikeFormula(cell);
    bool quote = false;
    for (const char c : cell) {
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (quote)
        line += '"';
    if (guard)
        line += '\'';
    if (!quote) {
        line += cell;
        return;
    }
    qsizetype start = 0;
    for (qsizetype i = 0; i < cell.size(); ++i) {
        if (cell[i] == '"') {
            line += cell.sliced(start, i + 1 - start);
            line += '"';
            start = i + 1;
        }
    }
    line += cell.sliced(start);
    line += '"';
}

bool CsvEventWriter::write(const eventhub::Event &event)
{
    m_line.clear();
    m_line += QByteArray::number(event.seqId);
    m_line += ',';
    appendTextCell(m_line, event.eventId.toUtf8());
    m_line += ',';
    eventhub::appendEventTime(m_line, event.timeMs);
    m_line += ',';
    appendTextCell(m_line, event.kindName.toUtf8());
    m_line += ',';
    if (event.strategyId >= 0)
        m_line += QByteArray::number(event.strategyId);
    m_line += ',';
    appendTextCell(m_line, event.strategyName.toUtf8());
    m_line += ',';
    appendTextCell(m_line, event.payloadJson);
    m_line += "\r\n";
    if (m_device.write(m_line) != m_line.size())
        return false;
    ++m_rows;
    return true;
}

} // namespace exporting
