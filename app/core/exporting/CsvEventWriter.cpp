#include "CsvEventWriter.h"

#include "eventhub/EventTime.h"
#include "eventhub/KindFields.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace exporting {

CsvEventWriter::CsvEventWriter(QIODevice &device, const QList<eventhub::EventKind> &kinds)
    : m_device(device)
{
    const auto &everyKind = eventhub::allEventKinds();
    const QList<eventhub::EventKind> exported =
        kinds.isEmpty() ? QList<eventhub::EventKind>(everyKind.begin(), everyKind.end()) : kinds;
    for (const eventhub::EventKind kind : exported) {
        for (const QString &field : eventhub::kindPayloadFields(kind)) {
            if (m_fieldColumn.contains(field))
                continue;
            m_fieldColumn.insert(field, m_fields.size());
            m_fields += field;
        }
    }
    m_values.resize(m_fields.size());
}

bool CsvEventWriter::writeHeader()
{
    QByteArray header = "EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,";
    for (const QString &field : std::as_const(m_fields)) {
        appendTextCell(header, field.toUtf8());
        header += ',';
    }
    header += "Payload\r\n";
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

// A JSON number as a plain number cell: whole numbers without a point or an exponent (a
// quantity, an id), others in their shortest exact form (598.57, not 598.57000000000005).
void appendNumberCell(QByteArray &line, double number)
{
    constexpr double exactIntegers = 9007199254740992.0; // 2^53
    if (std::floor(number) == number && std::fabs(number) < exactIntegers)
        appendNumber(line, qint64(number));
    else
        line += QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
}

void appendValueCell(QByteArray &line, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Double:
        appendNumberCell(line, value.toDouble());
        break;
    case QJsonValue::String:
        appendStringCell(line, value.toString());
        break;
    case QJsonValue::Bool:
        line += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Array:
        CsvEventWriter::appendTextCell(line, QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Object:
        CsvEventWriter::appendTextCell(line, QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
}

} // namespace

void CsvEventWriter::appendFieldCells(const eventhub::Event &event)
{
    if (m_fields.isEmpty())
        return;
    const QJsonObject payload = event.payload();
    for (auto it = payload.constBegin(); it != payload.constEnd(); ++it) {
        const auto column = m_fieldColumn.constFind(it.key());
        if (column != m_fieldColumn.constEnd())
            m_values[column.value()] = it.value();
    }
    for (QJsonValue &value : m_values) {
        appendValueCell(m_line, value);
        m_line += ',';
        value = QJsonValue(QJsonValue::Undefined);
    }
}

bool CsvEventWriter::write(const eventhub::Event &event)
{
    m_line.clear();
    appendNumber(m_line, event.seqId);
    m_line += ',';
    CsvEventWriter::appendTextCell(m_line, event.eventIdUtf8());
    m_line += ',';
    eventhub::appendEventTime(m_line, event.timeMs);
    m_line += ',';
    appendStringCell(m_line, eventhub::kindDisplayName(event.kind, event.kindName));
    m_line += ',';
    if (event.strategyId >= 0)
        appendNumber(m_line, event.strategyId);
    m_line += ',';
    appendStringCell(m_line, event.strategyName);
    m_line += ',';
    appendFieldCells(event);
    CsvEventWriter::appendTextCell(m_line, event.payloadJson());
    m_line += "\r\n";
    if (m_device.write(m_line) != m_line.size())
        return false;
    ++m_rows;
    return true;
}

} // namespace exporting
