// CSV export of the whole filtered history: every page is fetched (not only loaded rows),
// cells are quoted and guarded against formula injection, Cancel stops the requests and
// leaves no file.

#include "SimulatedHub.h"
#include "TestEvents.h"
#include "export/CsvExportWorker.h"
#include "export/HistoryExporter.h"
#include "hubsim/EventLog.h"

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

    void exportsEveryPageOfTheFilteredHistory()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 2600;
        SimulatedHub hub(options);
        QVERIFY(hub.connect());
        const hubsim::EventLog &log = hub.simulator->log();
        qint64 strategy101 = 0;
        for (qsizetype i = 0; i < log.size(); ++i)
            strategy101 += log.eventAt(i).strategyId == 101;

        QTemporaryDir dir;
        const QString all = dir.filePath(QStringLiteral("all.csv"));
        ui::HistoryExporter exporter(ui::HistorySource{hub.client.get(), nullptr}, {}, all);
        QSignalSpy finished(&exporter, &ui::HistoryExporter::finished);
        QSignalSpy progress(&exporter, &ui::HistoryExporter::progress);
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(exporter.pagesFetched(), 3);
        QCOMPARE(exporter.rowsWritten(), 2600);
        QVERIFY(progress.count() >= 3);
        const QList<QByteArray> rows = lines(all);
        QCOMPARE(rows.size(), 2601);
        QVERIFY(rows.at(1).startsWith("1,"));
        QVERIFY(rows.last().startsWith("2600,"));

        ui::EventQuery query;
        query.strategyId = 101;
        const QString filtered = dir.filePath(QStringLiteral("s101.csv"));
        ui::HistoryExporter filteredExporter(ui::HistorySource{hub.client.get(), nullptr}, query, filtered);
        QSignalSpy filteredDone(&filteredExporter, &ui::HistoryExporter::finished);
        filteredExporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(filteredDone.count(), 1, 20000);
        QCOMPARE(filteredExporter.pagesFetched(), 3);
        QCOMPARE(lines(filtered).size(), strategy101 + 1);

        // Filtered by kind: only that kind's field columns.
        ui::EventQuery errorsOnly;
        errorsOnly.kindNames = {QStringLiteral("Error")};
        const QString errors = dir.filePath(QStringLiteral("errors.csv"));
        ui::HistoryExporter errorsExporter(ui::HistorySource{hub.client.get(), nullptr}, errorsOnly, errors);
        QSignalSpy errorsDone(&errorsExporter, &ui::HistoryExporter::finished);
        errorsExporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(errorsDone.count(), 1, 20000);
        const QList<QByteArray> errorRows = lines(errors);
        QCOMPARE(errorRows.first().trimmed(), QByteArray("EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,"
                                                         "ErrorId,Severity,Code,Message,IsActive,Payload"));
        QVERIFY(errorRows.size() > 1);
        for (qsizetype i = 1; i < errorRows.size(); ++i)
            QVERIFY2(errorRows.at(i).contains(",Error,"), errorRows.at(i).constData());
    }

    void cancelStopsRequestsAndLeavesNoFile()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 5000;
        SimulatedHub hub(options);
        QVERIFY(hub.connect());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cancelled.csv"));
        ui::HistoryExporter exporter(ui::HistorySource{hub.client.get(), nullptr}, {}, path);
        exporter.setPageSize(500);
        QSignalSpy finished(&exporter, &ui::HistoryExporter::finished);
        QSignalSpy progress(&exporter, &ui::HistoryExporter::progress);
        // Cancelled as the first page arrives, as a user's click between two pages is:
        // polling for it instead lost the race once paging became fast enough to finish
        // all ten pages between two polls.
        connect(&exporter, &ui::HistoryExporter::progress, &exporter, [&exporter] { exporter.cancel(); });
        exporter.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(exporter.pagesFetched(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Cancelled"));
        const qint64 pagesAtCancel = exporter.pagesFetched();
        // Give a reply that was in flight the time to arrive: nothing more is requested.
        QTest::qWait(300);
        QCOMPARE(exporter.pagesFetched(), pagesAtCancel);
        QVERIFY(pagesAtCancel < 10);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
