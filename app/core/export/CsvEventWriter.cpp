#include "CsvEventWriter.h"

#include "eventhub/EventTime.h"

#include <QIODevice>

#include <algorithm>
#include <charconv>

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
    if (!quote) {
        if (guard)
            line += '\'';
        line += cell;
        return;
    }
    // Written in one pass into room made once: a payload has dozens of quotes to double,
    // and an append per quote was most of the writer's time.
    const qsizetype quotes = std::count(cell.begin(), cell.end(), '"');
    const qsizetype at = line.size();
    line.resize(at + 2 + (guard ? 1 : 0) + cell.size() + quotes);
    char *out = line.data() + at;
    *out++ = '"';
    if (guard)
        *out++ = '\'';
    for (const char c : cell) {
        *out++ = c;
        if (c == '"')
            *out++ = '"';
    }
    *out = '"';
}

namespace {

void appendNumber(QByteArray &line, qint64 number)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    line.append(digits, end - digits);
}

// The UTF-8 of a text cell, without a string of its own when it is ASCII (ids, kinds and
// most strategy names are).
void appendStringCell(QByteArray &line, QStringView text)
{
    char ascii[64];
    if (text.size() <= qsizetype(sizeof ascii)) {
        qsizetype i = 0;
        for (; i < text.size() && text[i].unicode() < 0x80; ++i)
            ascii[i] = char(text[i].unicode());
        if (i == text.size()) {
            CsvEventWriter::appendTextCell(line, QByteArrayView(ascii, i));
            return;
        }
    }
    CsvEventWriter::appendTextCell(line, text.toUtf8());
}

} // namespace

bool CsvEventWriter::write(const eventhub::Event &event)
{
    m_line.clear();
    appendNumber(m_line, event.seqId);
    m_line += ',';
    CsvEventWriter::appendTextCell(m_line, event.eventIdUtf8());
    m_line += ',';
    eventhub::appendEventTime(m_line, event.timeMs);
    m_line += ',';
    appendStringCell(m_line, event.kindName);
    m_line += ',';
    if (event.strategyId >= 0)
        appendNumber(m_line, event.strategyId);
    m_line += ',';
    appendStringCell(m_line, event.strategyName);
    m_line += ',';
    CsvEventWriter::appendTextCell(m_line, event.payloadJson());
    m_line += "\r\n";
    if (m_device.write(m_line) != m_line.size())
        return false;
    ++m_rows;
    return true;
}

} // namespace exporting
