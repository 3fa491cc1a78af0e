// mesolive-events against a JSON-only reference hub whose WebSocket frames split 'Δ'
// (--split-frames 3 --non-ascii-names, no MessagePack): Qt 6.4's WebSocket closes with 1007
// at the first such message, and the tool reads the hub over Server-Sent Events instead,
// says so, and prints every event exactly once (docs/conformance.md, finding 15).

#include "ReferenceCli.h"

#include <QTest>

#include <memory>

class TestReferenceCliServerSentEvents : public QObject
{
    Q_OBJECT

    std::unique_ptr<ReferenceHub> m_hub;

    static void verifySwitched(const reference::CliRun &result)
    {
        QVERIFY2(result.err.contains("status code 1007") && result.err.contains("over Server-Sent Events from now on"),
                 result.err.constData());
    }

private slots:
    void initTestCase()
    {
        m_hub = std::make_unique<ReferenceHub>(QStringList{"--split-frames", "3", "--non-ascii-names", "--seed-history", "1200"});
    }

    void cleanupTestCase() { m_hub.reset(); }

    // Pages of 1000 events with 'Δ' in them, across the page boundary.
    void history()
    {
        const reference::CliRun result = reference::runCli(*m_hub, {"history", "--since", "990", "--limit", "20"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        verifySwitched(result);
        QCOMPARE(reference::printedSeqIds(result.out), reference::seqIdRange(991, 1010));
        QVERIFY2(result.out.contains("\xce\x94-neutral Fly"), result.out.left(500).constData());
    }

    // Live callbacks and the replay after --since, each of the 17 once, in order.
    void dump()
    {
        const QByteArray since = reference::runCli(*m_hub, {"latest"}).out.trimmed();
        QPair<qint64, qint64> emitted;
        const reference::CliRun result =
            reference::runCli(*m_hub, {"dump", "--seconds", "4", "--since", QString::fromLatin1(since), "--strategy-id", "4"},
                              ReferenceHub::ApiKey, [&] {
                                  QVERIFY(QTest::qWaitFor([&] { return !m_hub->connectionIds().isEmpty(); }, 10000));
                                  emitted = m_hub->emitEvents(QStringLiteral("all"), 4);
                              });
        QVERIFY2(result.exitCode == 0, result.err.constData());
        verifySwitched(result);
        QVERIFY2(reference::printedSeqIds(result.out) == reference::seqIdRange(emitted.first, emitted.second),
                 (since + " " + QByteArray::number(emitted.first) + "\n" + result.out + result.err).constData());
    }
};

QTEST_MAIN(TestReferenceCliServerSentEvents)
#include "tst_reference_cli_sse.moc"
