// mesolive-events against the reference hub, in both protocols: latest, history, dump,
// and the exit code of a refused key. Built for the contract's PascalCase and for a stock
// hub's camelCase (REFERENCE_CAMEL_CASE): the output is the contract's either way.

#include "ReferenceCli.h"
#include "ReferenceSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

class TestReferenceCli : public QObject
{
    Q_OBJECT

private:
    using Run = reference::CliRun;

    std::unique_ptr<ReferenceHub> m_hub;

    Run run(const QStringList &arguments, const QByteArray &key = ReferenceHub::ApiKey,
            const std::function<void()> &whileRunning = {})
    {
        return reference::runCli(*m_hub, arguments, key, whileRunning);
    }

    static QList<QByteArray> lines(const QByteArray &out) { return reference::outputLines(out); }

private slots:
    void initTestCase()
    {
        m_hub = std::make_unique<ReferenceHub>(
            QStringList{QStringLiteral("--messagepack"), QStringLiteral("--seed-history"), QStringLiteral("1200")}
            + reference::casingArguments());
    }

    void cleanupTestCase() { m_hub.reset(); }

    void protocols_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("json") << QStringLiteral("json");
        QTest::newRow("messagepack") << QStringLiteral("messagepack");
    }

    void latest_data() { protocols_data(); }
    void latest()
    {
        QFETCH(QString, protocol);
        const Run result = run({QStringLiteral("latest"), QStringLiteral("--protocol"), protocol});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.trimmed().toLongLong() >= 1200);
    }

    void history_data() { protocols_data(); }
    void history()
    {
        QFETCH(QString, protocol);
        // Across the page boundary at 1000.
        const Run result = run({QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("990"),
                                QStringLiteral("--limit"), QStringLiteral("20"), QStringLiteral("--protocol"), protocol});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(reference::printedSeqIds(result.out), reference::seqIdRange(991, 1010));
    }

    void dump_data() { protocols_data(); }
    void dump()
    {
        QFETCH(QString, protocol);
        const QByteArray since = run({QStringLiteral("latest")}).out.trimmed();
        QPair<qint64, qint64> emitted;
        // Events emitted once the tool is connected reach it live or through its replay
        // after --since, whichever comes first: no need to know when it subscribed.
        const Run result = run({QStringLiteral("dump"), QStringLiteral("--seconds"), QStringLiteral("3"),
                                QStringLiteral("--since"), QString::fromLatin1(since), QStringLiteral("--strategy-id"),
                                QStringLiteral("4"), QStringLiteral("--protocol"), protocol},
                               ReferenceHub::ApiKey, [&] {
                                   QVERIFY(QTest::qWaitFor([&] { return !m_hub->connectionIds().isEmpty(); }, 10000));
                                   emitted = m_hub->emitEvents(QStringLiteral("all"), 4);
                               });
        QCOMPARE(result.exitCode, 0);
        // Each of the 17 exactly once, in order.
        QCOMPARE(reference::printedSeqIds(result.out), reference::seqIdRange(emitted.first, emitted.second));
    }

    // Stock ASP.NET Core's Context.Abort() (a Close without allowReconnect) does not end a
    // dump: it says why, comes back no sooner than 5 s later and prints what it missed.
    void dumpOutlivesAServerCloseAndSaysWhy()
    {
        const QByteArray since = run({QStringLiteral("latest")}).out.trimmed();
        QPair<qint64, qint64> emitted;
        const Run result = run({QStringLiteral("dump"), QStringLiteral("--seconds"), QStringLiteral("9"),
                                QStringLiteral("--since"), QString::fromLatin1(since)},
                               ReferenceHub::ApiKey, [&] {
                                   QVERIFY(QTest::qWaitFor([&] { return m_hub->connectionIds().size() == 1; }, 10000));
                                   m_hub->abort(m_hub->connectionIds().at(0));
                                   emitted = m_hub->emitEvents(QStringLiteral("OrderUpdate"), 4, 3);
                               });
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.contains("It did not allow a reconnect: trying again after at least 5 s"), result.err.constData());
        QCOMPARE(lines(result.out).size(), 3);
        const QJsonObject last = QJsonDocument::fromJson(lines(result.out).constLast()).object();
        QCOMPARE(last.value(QLatin1String("OrderUpdate"))[QLatin1String("EventSeqId")].toInteger(), emitted.second);
    }

    // A dump whose time runs out while it waits to come back tells the script (exit 5).
    void dumpEndingWithTheConnectionLostExitsWithFive()
    {
        const Run result =
            run({QStringLiteral("dump"), QStringLiteral("--seconds"), QStringLiteral("3")}, ReferenceHub::ApiKey, [&] {
                QVERIFY(QTest::qWaitFor([&] { return m_hub->connectionIds().size() == 1; }, 10000));
                m_hub->abort(m_hub->connectionIds().at(0));
            });
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(result.err.contains("ended with the connection lost: The server closed the connection"), result.err.constData());
    }

    void wrongKeyExitsWithThree()
    {
        const Run result =
            run({QStringLiteral("latest"), QStringLiteral("--protocol"), QStringLiteral("messagepack")}, "k3y-n0t-val1d");
        QCOMPARE(result.exitCode, 3);
        QVERIFY(result.err.contains("401"));
        // The key is never printed.
        QVERIFY(!result.err.contains("k3y-n0t-val1d"));
    }
};

QTEST_MAIN(TestReferenceCli)
#include "tst_reference_cli.moc"
