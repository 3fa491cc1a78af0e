#pragma once

#include "eventhub/Event.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class QIODevice;

namespace exporting {

// Writes events as CSV for spreadsheets: RFC 4180 quoting, UTF-8, and text cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab, CR or LF) neutralised
// with a leading apostrophe, as OWASP's "CSV Injection" advises. Numeric columns stay
// plain numbers so that they sort and sum (a JSON number cannot hold a formula: the parser
// accepted only digits, sign, point and exponent, so a negative price stays a number).
//
// Columns: EventSeqId, EventId, EventTime, Kind (as the app names it: "Order", "Entry prep
// failed"), StrategyId, StrategyName; then one column per payload field of the exported kinds
// (eventhub/KindFields.h), a cell empty where the row's kind has no such field, an object or
// array (an order's Legs) as compact JSON in one cell; last, Payload: the event's JSON as the
// hub sent it.
//
// Why the field columns come from a fixed list, not from the events: the header is the first
// line, and an export streams millions of rows from pages of history that are not kept, so
// the fields cannot be gathered before writing without a second pass over the hub or all rows
// in memory. A fixed list also gives every export of the same kinds the same columns, which a
// spreadsheet template or a script that reads columns by position relies on. A field that
// the list does not know (a real hub's own) is not lost: it is in the Payload column.
class CsvEventWriter
{
public:
    // With the field columns of `kinds`, in the documentation's order of kinds and fields, each
    // field once; every known kind when `kinds` is empty.
    explicit CsvEventWriter(QIODevice &device, const QList<eventhub::EventKind> &kinds = {});
    ~CsvEventWriter();
    CsvEventWriter(const CsvEventWriter &) = delete;
    CsvEventWriter &operator=(const CsvEventWriter &) = delete;

    bool writeHeader();
    bool write(const eventhub::Event &event);
    qint64 rowsWritten() const { return m_rows; }

    // One text cell, quoted when needed and guarded against formula injection.
    static QByteArray textCell(const QString &text);
    static QByteArray textCell(QByteArray utf8);
    static void appendTextCell(QByteArray &line, QByteArrayView cell);

    // The payload fields that have a column, in the columns' order.
    const QStringList &fieldColumns() const { return m_fields; }

private:
    // Reads a payload's top-level values into their columns' cells (CsvEventWriter.cpp).
    class FieldCells;

    QIODevice &m_device;
    QStringList m_fields;
    std::unique_ptr<FieldCells> m_fieldCells;
    // One row, kept to be reused: its room is allocated once, not per row.
    QByteArray m_line;
    qint64 m_rows = 0;
};

} // namespace exporting
