// mesolive-events against the reference hub, in both protocols: latest, history, dump,
// and the exit code of a refused key. Built for the contract's PascalCase and for a stock
// hub's camelCase (REFERENCE_CAMEL_CASE): the output is the contract's either way.

#include "ReferenceSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

class TestReferenceCli : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    std::unique_ptr<ReferenceHub> m_hub;

    // Starts the tool; `whileRunning` acts on the hub while it runs (e.g. emits events).
    Run run(const QStringList &arguments, const QByteArray &key = ReferenceHub::ApiKey,
            const std::function<void()> &whileRunning = {})
    {
        QProcess process;
        process.setProgram(QStringLiteral(MESOLIVE_EVENTS_BIN));
        process.setArguments(arguments + QStringList{QStringLiteral("--instance"), m_hub->baseUrl().toString(),
                                                     QStringLiteral("--api-key"), QString::fromLatin1(key)});
        process.start();
        if (!process.waitForStarted(5000))
            qFatal("cannot start mesolive-events");
        if (whileRunning)
            whileRunning();
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
            qFatal("mesolive-events did not finish");
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    static QList<QByteArray> lines(const QByteArray &out)
    {
        QList<QByteArray> all = out.split('\n');
        all.removeAll(QByteArray());
        return all;
    }

private slots:
    void initTestCase()
    {
        m_hub = std::make_unique<ReferenceHub>(QStringList{QStringLiteral("--messagepack"), QStringLiteral("--seed-history"),
                                                           QStringLiteral("1200")}
                                               + reference::casingArguments());
    }

    void cleanupTestCase()
    {
        m_hub.reset();
    }

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
        const QList<QByteArray> envelopes = lines(result.out);
        QCOMPARE(envelopes.size(), 20);
        for (int i = 0; i < envelopes.size(); ++i) {
            const QJsonObject envelope = QJsonDocument::fromJson(envelopes.at(i)).object();
            const QString kind = envelope.value(QLatin1String("Kind")).toString();
            QCOMPARE(envelope.value(kind)[QLatin1String("EventSeqId")].toInteger(), 991 + i);
        }
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
                                QStringLiteral("--since"), QString::fromLatin1(since),
                                QStringLiteral("--strategy-id"), QStringLiteral("4"), QStringLiteral("--protocol"), protocol},
                               ReferenceHub::ApiKey, [&] {
                                   QVERIFY(QTest::qWaitFor([&] { return !m_hub->connectionIds().isEmpty(); }, 10000));
                                   emitted = m_hub->emitEvents(QStringLiteral("all"), 4);
                               });
        QCOMPARE(result.exitCode, 0);
        QList<qint64> printed;
        for (const QByteArray &line : lines(result.out)) {
            const QJsonObject envelope = QJsonDocument::fromJson(line).object();
            printed.append(envelope.value(envelope.value(QLatin1String("Kind")).toString())[QLatin1String("EventSeqId")].toInteger());
        }
        // Each of the 17 exactly once, in order.
        QList<qint64> expected;
        for (qint64 id = emitted.first; id <= emitted.second; ++id)
            expected.append(id);
        QCOMPARE(printed, expected);
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
        const Run result = run({QStringLiteral("dump"), QStringLiteral("--seconds"), QStringLiteral("3")},
                               ReferenceHub::ApiKey, [&] {
                                   QVERIFY(QTest::qWaitFor([&] { return m_hub->connectionIds().size() == 1; }, 10000));
                                   m_hub->abort(m_hub->connectionIds().at(0));
                               });
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(result.err.contains("ended with the connection lost: The server closed the connection"), result.err.constData());
    }

    void wrongKeyExitsWithThree()
    {
        const Run result = run({QStringLiteral("latest"), QStringLiteral("--protocol"), QStringLiteral("messagepack")}, "k3y-n0t-val1d");
        QCOMPARE(result.exitCode, 3);
        QVERIFY(result.err.contains("401"));
        // The key is never printed.
        QVERIFY(!result.err.contains("k3y-n0t-val1d"));
    }
};

QTEST_MAIN(TestReferenceCli)
#include "tst_reference_cli.moc"
