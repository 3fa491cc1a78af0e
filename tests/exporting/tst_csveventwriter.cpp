#include "exporting/CsvEventWriter.h"

#include <QBuffer>
#include <QTest>

using exporting::CsvEventWriter;

class TestCsvEventWriter : public QObject
{
    Q_OBJECT

private slots:
    void guardsFormulaInjection_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("cell");
        QTest::newRow("plain") << "SPX" << QByteArray("SPX");
        QTest::newRow("equals") << "=HYPERLINK(1)" << QByteArray("'=HYPERLINK(1)");
        QTest::newRow("plus") << "+1" << QByteArray("'+1");
        QTest::newRow("minus") << "-12.5" << QByteArray("'-12.5");
        QTest::newRow("at") << "@SUM(A1)" << QByteArray("'@SUM(A1)");
        QTest::newRow("tab") << "\tx" << QByteArray("'\tx");
        QTest::newRow("cr") << "\rx" << QByteArray("\"'\rx\"");
        QTest::newRow("lf") << "\nx" << QByteArray("\"'\nx\"");
        QTest::newRow("comma") << "a,b" << QByteArray("\"a,b\"");
        QTest::newRow("quote") << "say \"hi\"" << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("utf8") << QString::fromUtf8("Δ hedge") << QString::fromUtf8("Δ hedge").toUtf8();
        QTest::newRow("inner equals") << "a=b" << QByteArray("a=b");
        QTest::newRow("formula with quotes") << "=HYPERLINK(\"x\",\"y\")" << QByteArray("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        QTest::newRow("quotes only") << "\"\"" << QByteArray("\"\"\"\"\"\"");
    }

    void guardsFormulaInjection()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, cell);
        QCOMPARE(CsvEventWriter::textCell(text), cell);
    }

    void writesHeaderAndRowsWithNumbersPlain()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvEventWriter writer(buffer, {eventhub::EventKind::OrderUpdate});
        QVERIFY(writer.writeHeader());
        eventhub::Event event;
        event.kind = eventhub::EventKind::OrderUpdate;
        event.kindName = "OrderUpdate";
        event.setEventId(u"=cmd");
        event.seqId = 1234;
        event.timeMs = QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
        event.strategyId = 101;
        event.strategyName = "Iron, \"Condor\"";
        event.setPayloadJson(R"({"LimitPrice":-12.5})");
        QVERIFY(writer.write(event));
        event.strategyId = -1;
        QVERIFY(writer.write(event));
        QCOMPARE(writer.rowsWritten(), 2);
        const QList<QByteArray> lines = buffer.data().split('\n');
        QCOMPARE(lines.at(0), QByteArray("EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,"
                                         "OrderId,Status,Quantity,FilledQuantity,LimitPrice,AvgFillPrice,Legs,Payload\r"));
        // The kind by its display name; the price a plain number in its own column, negative
        // and all, and in the payload.
        QCOMPARE(lines.at(1), QByteArray("1234,'=cmd,2026-11-25T09:00:00.000Z,Order,101,\"Iron, \"\"Condor\"\"\","
                                         ",,,,-12.5,,,\"{\"\"LimitPrice\"\":-12.5}\"\r"));
        QCOMPARE(lines.at(2), QByteArray("1234,'=cmd,2026-11-25T09:00:00.000Z,Order,,\"Iron, \"\"Condor\"\"\","
                                         ",,,,-12.5,,,\"{\"\"LimitPrice\"\":-12.5}\"\r"));
    }

    // The field cells come from the payload's text as the hub sent it: spaced, escaped,
    // numbers in any of JSON's forms.
    void readsFieldsFromThePayloadsText()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvEventWriter writer(buffer, {eventhub::EventKind::OrderUpdate});
        eventhub::Event event;
        event.kind = eventhub::EventKind::OrderUpdate;
        event.kindName = "OrderUpdate";
        event.setEventId(u"e-1");
        // Not a raw string literal: moc (6.4) loses its way in one that holds \".
        event.setPayloadJson("{ \"Status\" : \"Filled \\\"all\\\"\\n\\u0394\" , \"Quantity\":2E1, "
                             "\"FilledQuantity\": 18446744073709551615, \"LimitPrice\": 598.57, \"AvgFillPrice\": null, "
                             "\"Unlisted\": \"x\", \"Legs\" : [ { \"Symbol\" : \"SPX 5900C\", \"Open\" : true } ] }");
        QVERIFY(writer.write(event));
        QList<QByteArray> cells = buffer.data().split(',');
        // EventSeqId .. StrategyName, then OrderId, Status, Quantity, FilledQuantity, LimitPrice, AvgFillPrice, Legs.
        QCOMPARE(cells.at(6), QByteArray());
        QCOMPARE(cells.at(7), QByteArray("\"Filled \"\"all\"\"\n") + QString::fromUtf8("Δ").toUtf8() + "\"");
        QCOMPARE(cells.at(8), QByteArray("20"));
        QCOMPARE(cells.at(9), QByteArray("18446744073709551615"));
        QCOMPARE(cells.at(10), QByteArray("598.57"));
        QCOMPARE(cells.at(11), QByteArray());
        QCOMPARE(cells.at(12) + ',' + cells.at(13), QByteArray("\"[{\"\"Symbol\"\":\"\"SPX 5900C\"\",\"\"Open\"\":true}]\""));
        // The payload as it was, spaces and all.
        QVERIFY(buffer.data().endsWith("\"\"Open\"\" : true } ] }\"\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestCsvEventWriter)
#include "tst_csveventwriter.moc"
