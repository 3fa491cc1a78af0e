#pragma once

#include "eventhub/Event.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace exporting {

// Writes events as CSV for spreadsheets: RFC 4180 quoting, UTF-8, and text cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab, CR or LF) neutralised
// with a leading apostrophe, as OWASP's "CSV Injection" advises. Numeric columns stay
// plain numbers so that they sort and sum. Columns: EventSeqId, EventId, EventTime, Kind,
// StrategyId, StrategyName, Payload (the full event as JSON).
class CsvEventWriter
{
public:
    explicit CsvEventWriter(QIODevice &device);

    bool writeHeader();
    bool write(const eventhub::Event &event);
    qint64 rowsWritten() const { return m_rows; }

    // One text cell, quoted when needed and guarded against formula injection.
    static QByteArray textCell(const QString &text);
    static QByteArray textCell(QByteArray utf8);
    static void appendTextCell(QByteArray &line, QByteArrayView cell);

private:
    QIODevice &m_device;
    QByteArray m_line;
    qint64 m_rows = 0;
};

} // namespace exporting
