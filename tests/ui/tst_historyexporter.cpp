// The history's CSV export (HistoryExporter) over a store of 10,000 events: exactly what a
// filter shows, in pages, and a Cancel that leaves no file; and the writer on its thread
// (CsvExportWorker): cells are quoted and guarded against formula injection.

#include "EventLoopWait.h"
#include "SyntheticStoreFixture.h"
#include "TestEvents.h"
#include "export/CsvExportWorker.h"
#include "export/HistoryExporter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ui;

namespace {

constexpr int StoredEvents = 10000;

// Pages are read on a reader thread: time enough on a loaded machine.
constexpr int ReaderTimeoutMs = 20000;

} // namespace

class TestHistoryExporter : public SyntheticStoreFixture
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
    void initTestCase()
    {
        QString error;
        QVERIFY2(fillStore(StoredEvents, error), qPrintable(error));
    }

    void exportsExactlyWhatTheFilterShows()
    {
        store::HistoryFilter filter;
        filter.strategyIds = {103};
        filter.kinds = {QStringLiteral("PositionUpdate")};
        const qint64 expected =
            expectedCount([](const eventhub::Event &e) { return e.kindName == "PositionUpdate" && e.strategyId == 103; });
        QVERIFY2(expected > 100, "the filter's events fill more than one page");
        const QString out = m_directory.filePath(QStringLiteral("export.csv"));
        HistoryExporter exporter(m_path, filter, {store::HistorySortKey::Seq, true}, expected, out);
        exporter.setPageSize(100);
        QSignalSpy finished(&exporter, &HistoryExporter::finished);
        exporter.start();
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.first().at(0).value<HistoryExporter::Outcome>() == HistoryExporter::Outcome::Exported,
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(exporter.rowsWritten(), expected);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), expected + 1);
    }

    void aCancelledExportLeavesNoFile()
    {
        const QString out = m_directory.filePath(QStringLiteral("cancelled.csv"));
        HistoryExporter exporter(m_path, {}, {}, StoredEvents, out);
        exporter.setPageSize(100);
        QSignalSpy finished(&exporter, &HistoryExporter::finished);
        connect(&exporter, &HistoryExporter::progress, &exporter, &HistoryExporter::cancel);
        exporter.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).value<HistoryExporter::Outcome>(), HistoryExporter::Outcome::Cancelled);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("Cancelled"));
        QCOMPARE(exporter.pagesFetched(), qint64(1));
        QVERIFY(waitUntil([&] { return !QFile::exists(out); }, ReaderTimeoutMs));
    }

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

QTEST_MAIN(TestHistoryExporter)
#include "tst_historyexporter.moc"
