// The CSV writer of the history export: cells are quoted and guarded against formula
// injection. (The export of a filtered store, and its Cancel: tst_historytable.)

#include "TestEvents.h"
#include "export/CsvExportWorker.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestHistoryExport : public QObject
{
    Q_OBJECT

private:
    static QList<QByteArray> lines(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> result = file.readAll().split('\n');
        if (!result.isEmpty() && result.last().isEmpty())
            result.removeLast();
        return result;
    }

private slots:
    void writerQuotesAndGuardsCells()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.csv"));
        ui::CsvExportWorker worker(path, {eventhub::EventKind::Error, eventhub::EventKind::OrderUpdate});
        QSignalSpy finished(&worker, &ui::CsvExportWorker::finished);
        worker.open();
        auto formula = makeEvent(eventhub::EventKind::Error, 7, {{"Message", "=HYPERLINK(\"x\")"}});
        formula.strategyName = QStringLiteral("=cmd|' /C calc'!A0");
        auto comma = makeEvent(eventhub::EventKind::OrderUpdate, 8, {{"LimitPrice", -12.5}});
        comma.strategyName = QStringLiteral("Iron Condor, \"wide\"");
        worker.writePage({formula, comma});
        worker.commit();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        const QList<QByteArray> rows = lines(path);
        QCOMPARE(rows.size(), 3);
        // The columns of the two kinds' fields, between the common ones and the payload.
        QCOMPARE(rows.at(0).trimmed(), QByteArray("EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,"
                                                  "ErrorId,Severity,Code,Message,IsActive,"
                                                  "OrderId,Status,Quantity,FilledQuantity,LimitPrice,AvgFillPrice,Legs,"
                                                  "Payload"));
        QVERIFY(rows.at(1).startsWith("7,"));
        QVERIFY(rows.at(1).contains(",Error,"));
        QVERIFY(rows.at(1).contains(",'=cmd|' /C calc'!A0,"));
        QVERIFY(rows.at(1).contains(",,,,\"'=HYPERLINK(\"\"x\"\")\",,"));
        QVERIFY(rows.at(2).contains(",Order,"));
        QVERIFY(rows.at(2).contains(",\"Iron Condor, \"\"wide\"\"\","));
        QVERIFY(rows.at(2).contains(",,,,-12.5,,,"));
        QVERIFY(rows.at(2).contains("\"\"LimitPrice\"\":-12.5"));
    }
};

QTEST_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
