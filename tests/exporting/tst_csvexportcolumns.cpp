// The CSV export as a spreadsheet reads it: every kind the simulator makes is written, then
// read back with an RFC 4180 reader, and each row's cells are checked against its event.

#include "exporting/CsvEventWriter.h"
#include "eventhub/KindFields.h"
#include "hubsim/ActivityGenerator.h"
#include "hubsim/EventLog.h"
#include "hubsim/StrategyCatalog.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using eventhub::EventKind;
using exporting::CsvEventWriter;

namespace {

// RFC 4180: fields split by commas, records by CRLF, a quoted field may hold commas, CR, LF
// and doubled quotes. Fails the test on a malformed quote.
QList<QStringList> readCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldWasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c != u'"') {
                field += c;
            } else if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += c;
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == u'"') {
            if (!field.isEmpty() || fieldWasQuoted) {
                qWarning("a quote inside an unquoted field at %lld", qlonglong(i));
                return {};
            }
            quoted = fieldWasQuoted = true;
        } else if (c == u',') {
            record += field;
            field.clear();
            fieldWasQuoted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            record += field;
            records += record;
            record.clear();
            field.clear();
            fieldWasQuoted = false;
            ++i;
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !record.isEmpty()) {
        qWarning("the CSV does not end with a complete record");
        return {};
    }
    return records;
}

// A text cell as the spreadsheet sees it: with the guard's apostrophe where it would run.
QString guarded(const QString &text)
{
    static const QString formulaStarts = QStringLiteral("=+-@\t\r\n");
    return !text.isEmpty() && formulaStarts.contains(text.front()) ? QLatin1Char('\'') + text : text;
}

QStringList commonColumns()
{
    return {"EventSeqId", "EventId", "EventTime", "Kind", "StrategyId", "StrategyName"};
}

// Checks one field cell against the payload's value.
void checkFieldCell(const QString &field, const QJsonValue &value, const QString &cell)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null: QVERIFY2(cell.isEmpty(), qPrintable(field + QLatin1String(": ") + cell)); break;
    case QJsonValue::Double: {
        bool number = false;
        QCOMPARE(cell.toDouble(&number), value.toDouble());
        QVERIFY2(number, qPrintable(field + QLatin1String(" is not a plain number: ") + cell));
        break;
    }
    case QJsonValue::String: QCOMPARE(cell, guarded(value.toString())); break;
    case QJsonValue::Bool: QCOMPARE(cell, value.toBool() ? QStringLiteral("true") : QStringLiteral("false")); break;
    case QJsonValue::Array: QCOMPARE(QJsonDocument::fromJson(cell.toUtf8()).array(), value.toArray()); break;
    case QJsonValue::Object: QCOMPARE(QJsonDocument::fromJson(cell.toUtf8()).object(), value.toObject()); break;
    }
}

} // namespace

class TestCsvExportColumns : public QObject
{
    Q_OBJECT

private:
    hubsim::StrategyCatalog m_catalog;
    hubsim::EventLog m_log;
    // The simulator's stories, in their order, until every kind has been told.
    QList<eventhub::Event> m_events;

private slots:
    void initTestCase()
    {
        hubsim::ActivityGenerator generator(m_catalog, 42);
        const QDateTime time(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
        QSet<EventKind> seen;
        for (int i = 0; i < 5000 && seen.size() < eventhub::KnownEventKindCount; ++i) {
            const hubsim::GeneratedEvent generated = generator.next();
            m_events += m_log.append(generated.kind, generated.payload, time.addMSecs(i));
            seen.insert(generated.kind);
        }
        QCOMPARE(seen.size(), eventhub::KnownEventKindCount);
    }

    // The field list the columns come from and the simulator's payloads (the fields
    // docs/events.md describes) stay in step: no field of a kind goes uncolumned, and no
    // listed field is one the kind never carries.
    void fieldListMatchesTheSimulatorsPayloads()
    {
        QHash<EventKind, QSet<QString>> carried;
        for (const eventhub::Event &event : std::as_const(m_events)) {
            const QStringList keys = event.payload().keys();
            carried[event.kind].unite(QSet<QString>(keys.begin(), keys.end()));
        }
        for (const EventKind kind : eventhub::allEventKinds()) {
            const QStringList listed = eventhub::kindPayloadFields(kind) + eventhub::commonPayloadFields();
            QCOMPARE(QSet<QString>(listed.begin(), listed.end()), carried.value(kind));
        }
    }

    void writesEveryKindAsColumns()
    {
        // The stories' events, a kind this client does not know with a field of its own, and
        // text that a spreadsheet would run.
        QList<eventhub::Event> events = m_events;
        eventhub::Event unknown;
        QString error;
        QVERIFY2(eventhub::parseEventJson(
                     "MarginCall",
                     R"({"EventId":"e-1","EventSeqId":9001,"EventTime":"2026-11-25T10:00:00.000Z","Code":"MC","Extra":"kept"})",
                     unknown, error),
                 qPrintable(error));
        events += unknown;
        QJsonObject hostile = m_events.first().payload();
        eventhub::Event formula;
        hostile[QStringLiteral("Code")] = QStringLiteral("=HYPERLINK(\"http://x\",\"y\")");
        hostile[QStringLiteral("Message")] = QStringLiteral("-1+2");
        hostile[QStringLiteral("Severity")] = QStringLiteral("@SUM(A1)");
        QVERIFY2(eventhub::parseEvent(QStringLiteral("Error"), hostile, formula, error), qPrintable(error));
        events += formula;

        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvEventWriter writer(buffer);
        QVERIFY(writer.writeHeader());
        for (const eventhub::Event &event : std::as_const(events))
            QVERIFY(writer.write(event));
        const QList<QStringList> rows = readCsv(buffer.data());
        QCOMPARE(rows.size(), events.size() + 1);

        // The header: the common columns, the union of every kind's fields, each once, the
        // raw payload last.
        QStringList fields;
        for (const EventKind kind : eventhub::allEventKinds()) {
            for (const QString &field : eventhub::kindPayloadFields(kind)) {
                if (!fields.contains(field))
                    fields += field;
            }
        }
        QCOMPARE(writer.fieldColumns(), fields);
        QCOMPARE(rows.first(), commonColumns() + fields + QStringList{"Payload"});
        for (const char *field : {"LimitPrice", "Code", "Legs", "Delta", "Reason", "NewValues"})
            QVERIFY2(fields.contains(field), qPrintable(field));
        const qsizetype payloadColumn = rows.first().size() - 1;
        const qsizetype legsColumn = rows.first().indexOf(QStringLiteral("Legs"));

        int legsCells = 0;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QStringList &row = rows.at(r);
            const eventhub::Event &event = events.at(r - 1);
            QCOMPARE(row.size(), rows.first().size());
            QCOMPARE(row.at(0), QString::number(event.seqId));
            QCOMPARE(row.at(3), eventhub::kindDisplayName(event.kind, event.kindName));
            QCOMPARE(QJsonDocument::fromJson(row.at(payloadColumn).toUtf8()).object(), event.payload());
            const QJsonObject payload = event.payload();
            for (qsizetype f = 0; f < fields.size(); ++f) {
                checkFieldCell(fields.at(f), payload.value(fields.at(f)), row.at(commonColumns().size() + f));
                if (QTest::currentTestFailed())
                    QFAIL(qPrintable(QStringLiteral("row %1 (%2)").arg(r).arg(event.kindName)));
            }
            if (!row.at(legsColumn).isEmpty()) {
                const QJsonArray legs = QJsonDocument::fromJson(row.at(legsColumn).toUtf8()).array();
                QVERIFY(!legs.isEmpty());
                QVERIFY(!legs.first().toObject().value(QStringLiteral("Symbol")).toString().isEmpty());
                ++legsCells;
            }
        }
        QVERIFY(legsCells > 0);

        // Display names, not the hub's names; an unknown kind by the server's name, its own
        // field only in the payload.
        const auto order = std::find_if(m_events.cbegin(), m_events.cend(),
                                        [](const eventhub::Event &e) { return e.kind == EventKind::OrderUpdate; });
        QCOMPARE(rows.at(1 + (order - m_events.cbegin())).at(3), QStringLiteral("Order"));
        const QStringList &unknownRow = rows.at(rows.size() - 2);
        QCOMPARE(unknownRow.at(3), QStringLiteral("MarginCall"));
        QCOMPARE(unknownRow.at(rows.first().indexOf(QStringLiteral("Code"))), QStringLiteral("MC"));
        QVERIFY(!rows.first().contains(QStringLiteral("Extra")));
        QVERIFY(unknownRow.at(payloadColumn).contains(QStringLiteral("\"Extra\":\"kept\"")));

        // The formula guard in the field cells as in the others.
        const QStringList &formulaRow = rows.last();
        QCOMPARE(formulaRow.at(rows.first().indexOf(QStringLiteral("Code"))), QStringLiteral("'=HYPERLINK(\"http://x\",\"y\")"));
        QCOMPARE(formulaRow.at(rows.first().indexOf(QStringLiteral("Message"))), QStringLiteral("'-1+2"));
        QCOMPARE(formulaRow.at(rows.first().indexOf(QStringLiteral("Severity"))), QStringLiteral("'@SUM(A1)"));
        QVERIFY(formulaRow.at(payloadColumn).startsWith(QLatin1Char('{')));
    }

    // An export of some kinds has only their fields' columns.
    void columnsOfTheExportedKindsOnly()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvEventWriter writer(buffer, {EventKind::Error, EventKind::AgentStatusChange});
        QVERIFY(writer.writeHeader());
        const QList<QStringList> rows = readCsv(buffer.data());
        QCOMPARE(rows.size(), 1);
        const QStringList expected =
            commonColumns() + QStringList{"ErrorId",   "Severity", "Code",           "Message", "IsActive",
                                          "AgentName", "Status",   "PreviousStatus", "Payload"};
        QCOMPARE(rows.first(), expected);
    }
};

QTEST_GUILESS_MAIN(TestCsvExportColumns)
#include "tst_csvexportcolumns.moc"
