// mesolive-events as a script sees it: exit codes, messages and output formats, run as a
// real process against the in-process simulator (and the test peer for server errors).

#include "CliRun.h"
#include "TestPeer.h"
#include "eventhub/KindFields.h"
#include "hubsim/EventHubSimulator.h"
#include "hubsim/EventLog.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

#include <csignal>

namespace {

using cli_test::Run;
using cli_test::run;

QString instanceOf(const QUrl &hubUrl)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(hubUrl.port());
}

// An output file an earlier history run left, alone in a directory of its own: a history
// that fails or is interrupted must leave it as it was.
class EarlierOutput
{
public:
    EarlierOutput(const QString &name, const QByteArray &content)
        : m_path(m_directory.filePath(name))
        , m_content(content)
    {
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(m_path));
    }

    const QString &path() const { return m_path; }
    bool isUnchanged() const
    {
        QFile file(m_path);
        return file.open(QIODevice::ReadOnly) && file.readAll() == m_content;
    }
    // The output and whatever else a run left beside it (a temporary file).
    qsizetype filesInItsDirectory() const { return QDir(m_directory.path()).entryList(QDir::Files).size(); }

private:
    QTemporaryDir m_directory;
    const QString m_path;
    const QByteArray m_content;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<hubsim::EventHubSimulator> m_simulator;

    QStringList connection(const QString &key = QStringLiteral("sekret")) const
    {
        return {QStringLiteral("--instance"), instanceOf(m_simulator->hubUrl()), QStringLiteral("--api-key"), key};
    }

private slots:
    void init()
    {
        hubsim::SimulatorOptions options;
        options.apiKey = QStringLiteral("sekret");
        options.ratePerSecond = 0;
        options.seedHistory = 2500;
        m_simulator = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(error), qPrintable(error));
    }

    void badArgumentsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "Usage";
        QTest::newRow("unknown command") << QStringList{"tail"} << "Unknown command 'tail'";
        QTest::newRow("unknown option") << QStringList{"dump", "--bogus"} << "Unknown option 'bogus'";
        QTest::newRow("bad seconds") << QStringList{"dump", "--instance", "http://h", "--seconds", "soon"} << "--seconds";
        QTest::newRow("bad format") << QStringList{"dump", "--instance", "http://h", "--format", "xml"} << "--format";
        QTest::newRow("bad strategy") << QStringList{"dump", "--instance", "http://h", "--strategy-id", "x"} << "--strategy-id";
        QTest::newRow("bad out") << QStringList{"history", "--instance", "http://h", "--out", "a.xlsx"} << ".csv or .jsonl";
        QTest::newRow("no instance") << QStringList{"latest"} << "MESOLIVE_INSTANCE";
        QTest::newRow("bad instance") << QStringList{"latest", "--instance", "ftp://x"} << "--instance";
        // A QTimer's int of milliseconds overflowed into a dump that never stopped.
        QTest::newRow("seconds too large") << QStringList{"dump", "--instance", "http://h", "--seconds", "3000000"}
                                           << "--seconds";
        QTest::newRow("seconds not a number") << QStringList{"dump", "--instance", "http://h", "--seconds", "nan"} << "--seconds";
        QTest::newRow("since overflows") << QStringList{"dump", "--instance", "http://h", "--since", "99999999999999999999"}
                                         << "--since";
        QTest::newRow("negative since") << QStringList{"history", "--instance", "http://h", "--since", "-1"} << "--since";
        QTest::newRow("zero limit") << QStringList{"history", "--instance", "http://h", "--limit", "0"} << "--limit";
        QTest::newRow("unknown kind") << QStringList{"history", "--instance", "http://h", "--kind", "Error,MarginCall"}
                                      << "'MarginCall' is not an event kind";
    }

    void badArgumentsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }

    void helpAndVersion()
    {
        const Run help = run({"dump", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--strategy-id"));
        const Run version = run({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("mesolive-events "));
    }

    void latestPrintsTheCursor()
    {
        const Run result = run(QStringList{"latest"} + connection());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("2500\n"));
    }

    void wrongKeyExitsWithThreeAndNeverPrintsTheKey()
    {
        const Run result = run(QStringList{"latest"} + connection(QStringLiteral("not-the-key")));
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("API key"), result.err.constData());
        QVERIFY(!result.err.contains("not-the-key") && !result.out.contains("not-the-key"));
    }

    void keyFromStdin()
    {
        const Run result = run({"latest", "--instance", instanceOf(m_simulator->hubUrl()), "--api-key-file", "-"}, "sekret\n");
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("2500\n"));
    }

    void unreachableExitsWithFour()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const Run result = run({"latest", "--instance", QStringLiteral("http://127.0.0.1:%1").arg(port)});
        QCOMPARE(result.exitCode, 4);
        QVERIFY2(result.err.contains("refused"), result.err.constData());
    }

    void serverErrorExitsWithFive()
    {
        signalr::server::HubServerOptions options;
        options.negotiateOverride = [](const signalr::server::HttpRequestHead &) {
            return std::optional<QByteArray>(signalr::server::httpResponse(500, "text/plain", "boom"));
        };
        TestPeer peer(options);
        const Run result = run({"latest", "--instance", instanceOf(peer.hubUrl())});
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(result.err.contains("HTTP 500"), result.err.constData());
    }

    void negotiateRedirectToAnotherHostExitsWithFiveAndNamesIt()
    {
        const QString elsewhere = QStringLiteral("http://127.0.0.2:9/hubs/events");
        signalr::server::HubServerOptions options;
        options.negotiateOverride = [elsewhere](const signalr::server::HttpRequestHead &) {
            const QJsonObject answer{{"url", elsewhere}};
            return std::optional<QByteArray>(
                signalr::server::httpResponse(200, "application/json", QJsonDocument(answer).toJson(QJsonDocument::Compact)));
        };
        TestPeer peer(options);
        const Run result = run({"latest", "--instance", instanceOf(peer.hubUrl()), "--api-key", "sekret"});
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(result.err.contains("127.0.0.2:9"), result.err.constData());
        QVERIFY(!result.err.contains("sekret"));
    }

    void plainHttpToAnotherMachineNeedsItsOption()
    {
        const Run result = run({"latest", "--instance", "http://192.0.2.1:5000", "--api-key", "sekret"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--allow-insecure-http"), result.err.constData());
        QVERIFY(!result.err.contains("sekret"));
    }

    void keyFileOthersCanReadDrawsAWarning()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath("key");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("sekret\n");
        file.close();
        const QStringList arguments{"latest", "--instance", instanceOf(m_simulator->hubUrl()), "--api-key-file", path};

        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        Run result = run(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.contains("other users") && result.err.contains("chmod 600"), result.err.constData());
        QVERIFY(!result.err.contains("sekret"));

        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        result = run(arguments);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), result.err.constData());
    }

    void dumpJsonlIsTheHistoryEnvelope()
    {
        const Run result = run(QStringList{"dump", "--since", "2400", "--seconds", "1.5"} + connection());
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 100);
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject envelope = QJsonDocument::fromJson(lines.at(i)).object();
            const QString kind = envelope.value("Kind").toString();
            QVERIFY(!kind.isEmpty());
            QCOMPARE(envelope.size(), 2);
            QCOMPARE(envelope.value(kind).toObject().value("EventSeqId").toInteger(), 2401 + i);
        }
    }

    void dumpTextFormat()
    {
        const Run result = run(QStringList{"dump", "--since", "2495", "--seconds", "1", "--format", "text"} + connection());
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        const hubsim::EventLog &log = m_simulator->log();
        const eventhub::Event &first = log.eventAt(2495);
        QVERIFY2(
            lines.at(0).contains(
                QStringLiteral("#2496  %1  [%2 %3]").arg(first.kindName).arg(first.strategyId).arg(first.strategyName).toUtf8()),
            lines.at(0).constData());
    }

    void dumpWithTheStoreResumesWhereTheLastRunStopped()
    {
        QTemporaryDir directory;
        const QString storeFile = directory.filePath("events.sqlite");
        Run first = run(QStringList{"dump", "--since", "2400", "--seconds", "1", "--store-file", storeFile} + connection());
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.out.trimmed().split('\n').size(), 100);

        // Twenty events happen while no dump runs; the next run starts after the stored cursor.
        for (int i = 0; i < 20; ++i)
            m_simulator->publishNext();
        const Run second = run(QStringList{"dump", "--seconds", "1", "--store-file", storeFile} + connection());
        QCOMPARE(second.exitCode, 0);
        const QList<QByteArray> lines = second.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 20);
        const QJsonObject first2501 = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(first2501.value(first2501.value("Kind").toString()).toObject().value("EventSeqId").toInteger(), 2501);
    }

    // stdout on a full disk: dump exited 0 without a word, and its stored cursor passed
    // the events it never printed, so a resumed dump skipped them.
    void dumpThatCannotPrintSaysSoAndKeepsItsCursorBeforeWhatWasNotPrinted()
    {
        QTemporaryDir directory;
        const QString storeFile = directory.filePath("events.sqlite");
        const Run first = run(QStringList{"dump", "--since", "2400", "--seconds", "1", "--store-file", storeFile} + connection());
        QCOMPARE(first.exitCode, 0);
        for (int i = 0; i < 20; ++i)
            m_simulator->publishNext();
        QProcess process;
        process.setStandardOutputFile(QStringLiteral("/dev/full"));
        const Run full = run(process, QStringLiteral(MESOLIVE_EVENTS_BIN),
                             QStringList{"dump", "--seconds", "3", "--store-file", storeFile} + connection());
        QCOMPARE(full.exitCode, 1);
        QVERIFY2(full.err.contains("cannot write to standard output"), full.err.constData());
        // The twenty were never printed: the resumed dump prints them.
        const Run resumed = run(QStringList{"dump", "--seconds", "1", "--store-file", storeFile} + connection());
        QCOMPARE(resumed.exitCode, 0);
        const QList<QByteArray> lines = resumed.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 20);
        const QJsonObject first2501 = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(first2501.value(first2501.value("Kind").toString()).toObject().value("EventSeqId").toInteger(), 2501);
    }

    // `dump | head -n 5`: SIGPIPE killed dump (exit 141). Now it ends at its next write,
    // quietly, with exit 0.
    void dumpIntoAPipeWhoseReaderLeftEndsQuietly()
    {
        QTimer activity;
        QObject::connect(&activity, &QTimer::timeout, m_simulator.get(), [this] {
            for (int i = 0; i < 20; ++i)
                m_simulator->publishNext();
        });
        activity.start(20);
        QProcess shell;
        const QString script = QStringLiteral("\"$0\" \"$@\" | head -n 5; echo \"dump-exit=${PIPESTATUS[0]}\" >&2");
        QElapsedTimer clock;
        clock.start();
        const Run result =
            run(shell, QStringLiteral("bash"),
                QStringList{"-c", script, QStringLiteral(MESOLIVE_EVENTS_BIN), "dump", "--seconds", "30"} + connection());
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed().split('\n').size(), 5);
        QCOMPARE(result.err.trimmed(), QByteArray("dump-exit=0"));
    }

    void historyThatFailsLeavesTheOldFileAsItWas()
    {
        const EarlierOutput old(QStringLiteral("h.jsonl"), "the old history\n");
        m_simulator->failHistoryCalls(1);
        const Run result = run(QStringList{"history", "--out", old.path()} + connection());
        QCOMPARE(result.exitCode, 5);
        QVERIFY(old.isUnchanged());
        QCOMPARE(old.filesInItsDirectory(), 1); // no temporary file left
    }

    // Ctrl-C in the middle: exit 130 and the old file untouched (it was truncated at once).
    void historyInterruptedLeavesTheOldFileAsItWas()
    {
        QTcpServer silent; // accepts and never answers: history waits on negotiate
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const EarlierOutput old(QStringLiteral("h.csv"), "old,file\r\n");
        QProcess process;
        process.setProcessEnvironment(cli_test::cleanEnvironment());
        process.start(QStringLiteral(MESOLIVE_EVENTS_BIN),
                      {"history", "--out", old.path(), "--instance",
                       QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), "--api-key", "k"});
        QVERIFY(process.waitForStarted());
        QVERIFY(waitUntil([&] { return silent.hasPendingConnections(); }, 10000));
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        QVERIFY(old.isUnchanged());
    }

    // A dump whose every replay failed printed nothing and exited 0.
    void dumpThatPrintedNothingBecauseOfErrorsExitsWithFive()
    {
        m_simulator->failHistoryCalls(1000);
        const Run result = run(QStringList{"dump", "--since", "0", "--seconds", "2"} + connection());
        QCOMPARE(result.exitCode, 5);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains("history is unavailable") && result.err.contains("nothing was printed"),
                 result.err.constData());
    }

    // Two dumps on one store interleaved their cursors. The second is refused and says why.
    void aSecondDumpOnTheSameStoreIsRefused()
    {
        QTemporaryDir directory;
        const QString storeFile = directory.filePath("events.sqlite");
        QProcess first;
        first.start(QStringLiteral(MESOLIVE_EVENTS_BIN),
                    QStringList{"dump", "--seconds", "4", "--store-file", storeFile} + connection());
        QVERIFY(QTest::qWaitFor([&] { return QFileInfo::exists(storeFile + ".lock"); }, 10000));
        const Run second = run(QStringList{"dump", "--seconds", "1", "--store-file", storeFile} + connection());
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("in use by mesolive-events (process " + QByteArray::number(first.processId())),
                 second.err.constData());
        QVERIFY(QTest::qWaitFor([&] { return first.state() == QProcess::NotRunning; }, 15000));
        QCOMPARE(first.exitCode(), 0);
    }

    // A hub that cuts messages into frames wherever the bytes fall, inside "Δ" too, as
    // ASP.NET Core does with large ones: Qt 6.4 closes a JSON (text) connection over it
    // (1007), so the default protocol is MessagePack where the hub speaks it.
    void historyThroughFramesSplitInsideCharacters()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 0;
        options.seedHistory = 2500;
        options.frameSize = 3;
        hubsim::EventHubSimulator splitting(options);
        QString error;
        QVERIFY2(splitting.start(error), qPrintable(error));
        const Run result = run({"history", "--since", "1500", "--instance", instanceOf(splitting.hubUrl()), "--api-key", "any"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out.count('\n'), 1000);
        QVERIFY(result.out.contains("IWM \xce\x94-neutral Iron Fly"));
    }

    void historyToCsvAndJsonl()
    {
        QTemporaryDir directory;
        const QString csv = directory.filePath("h.csv");
        Run result = run(QStringList{"history", "--since", "100", "--out", csv} + connection());
        QCOMPARE(result.exitCode, 0);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = file.readAll().split('\n');
        // The columns the app's export has: the common ones, every kind's fields, the payload.
        QVERIFY(rows.first().startsWith("EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,SignalId,"));
        QVERIFY(rows.first().contains(",LimitPrice,"));
        QVERIFY(rows.first().endsWith(",Payload\r"));
        QCOMPARE(rows.size(), 2402); // header, 2400 rows, and the empty tail after the last CRLF
        QVERIFY(rows.at(1).startsWith("101,"));
        const auto kindCells = [&rows](qsizetype row) { return rows.at(row).split(',').value(3); };
        QSet<QByteArray> displayNames;
        for (const eventhub::EventKind kind : eventhub::allEventKinds())
            displayNames.insert(eventhub::kindDisplayName(kind).toUtf8());
        QVERIFY(displayNames.contains("Order"));
        for (const qsizetype row : {1, 2, 3, 1000, 2400})
            QVERIFY2(displayNames.contains(kindCells(row)), rows.at(row).constData());

        result = run(QStringList{"history", "--since", "10", "--limit", "1234"} + connection());
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1234);
        QCOMPARE(QJsonDocument::fromJson(lines.last()).object().size(), 2);
    }

    // --kind: only those kinds' events, by the hub's names or the app's, and a CSV with only
    // their fields' columns; --limit counts the events written.
    void historyOfSomeKinds()
    {
        const Run all = run(QStringList{"history"} + connection());
        QCOMPARE(all.exitCode, 0);
        QList<QByteArray> expectedSeqIds;
        for (const QByteArray &line : all.out.trimmed().split('\n')) {
            const QJsonObject envelope = QJsonDocument::fromJson(line).object();
            const QString kind = envelope.value(QStringLiteral("Kind")).toString();
            if (kind == QLatin1String("Error") || kind == QLatin1String("OrderUpdate"))
                expectedSeqIds +=
                    QByteArray::number(envelope.value(kind).toObject().value(QStringLiteral("EventSeqId")).toInteger());
        }
        QVERIFY(expectedSeqIds.size() > 10);

        QTemporaryDir directory;
        const QString csv = directory.filePath("errors-and-orders.csv");
        const Run result = run(QStringList{"history", "--kind", "error", "--kind", "Order", "--out", csv} + connection());
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = file.readAll().split('\n');
        QByteArray header = "EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,";
        for (const QString &field : eventhub::kindPayloadFields(eventhub::EventKind::Error)
                                        + eventhub::kindPayloadFields(eventhub::EventKind::OrderUpdate))
            header += field.toUtf8() + ',';
        QCOMPARE(rows.first(), header + "Payload\r");
        QCOMPARE(rows.size(), expectedSeqIds.size() + 2); // the header and the empty tail after the last CRLF
        for (qsizetype row = 1; row <= expectedSeqIds.size(); ++row) {
            const QList<QByteArray> cells = rows.at(row).split(',');
            QCOMPARE(cells.value(0), expectedSeqIds.at(row - 1));
            QVERIFY2(cells.value(3) == "Error" || cells.value(3) == "Order", rows.at(row).constData());
        }

        const Run limited = run(QStringList{"history", "--kind", "Error", "--limit", "3"} + connection());
        QCOMPARE(limited.exitCode, 0);
        const QList<QByteArray> lines = limited.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (const QByteArray &line : lines)
            QCOMPARE(QJsonDocument::fromJson(line).object().value(QStringLiteral("Kind")).toString(), QStringLiteral("Error"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
