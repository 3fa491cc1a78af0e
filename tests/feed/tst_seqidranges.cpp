#include "feed/SeqIdRanges.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>
#include <set>

using feed::SeqIdRanges;

class TestSeqIdRanges : public QObject
{
    Q_OBJECT

private slots:
    void anInOrderFloodIsOneRange()
    {
        SeqIdRanges ranges;
        for (qint64 id = 1; id <= 1000000; ++id)
            ranges.insert(id);
        QCOMPARE(ranges.rangeCount(), 1);
        QVERIFY(ranges.contains(1));
        QVERIFY(ranges.contains(1000000));
        QVERIFY(!ranges.contains(0));
        QVERIFY(!ranges.contains(1000001));
        QCOMPARE(ranges.highest(), 1000000);
    }

    void holesStaySeparateUntilFilled()
    {
        SeqIdRanges ranges;
        ranges.insert(1, 10);
        ranges.insert(20, 30);
        ranges.insert(40);
        QCOMPARE(ranges.rangeCount(), 3);
        QVERIFY(!ranges.contains(15));
        QVERIFY(!ranges.contains(39));
        ranges.insert(11, 19); // fills the first hole: touching ranges merge
        QCOMPARE(ranges.rangeCount(), 2);
        QVERIFY(ranges.contains(15));
        ranges.insert(0, 50); // swallows everything
        QCOMPARE(ranges.rangeCount(), 1);
        QVERIFY(ranges.contains(0));
        QVERIFY(ranges.contains(50));
    }

    void anIdBelowEverythingIsInsertedInPlace()
    {
        SeqIdRanges ranges;
        ranges.insert(100, 200);
        ranges.insert(5);
        ranges.insert(7);
        QCOMPARE(ranges.rangeCount(), 3);
        QVERIFY(ranges.contains(5));
        QVERIFY(!ranges.contains(6));
        QVERIFY(ranges.contains(7));
        ranges.insert(6);
        QCOMPARE(ranges.rangeCount(), 2);
        QCOMPARE(ranges.highest(), 200);
    }

    void theLargestIdsDoNotOverflow()
    {
        SeqIdRanges ranges;
        const qint64 max = std::numeric_limits<qint64>::max();
        ranges.insert(max);
        ranges.insert(max - 1);
        ranges.insert(max);
        QCOMPARE(ranges.rangeCount(), 1);
        QVERIFY(ranges.contains(max));
        QVERIFY(ranges.contains(max - 1));
        QVERIFY(!ranges.contains(max - 2));
    }

    // Against a plain set of ids, with a printed seed: any mismatch reproduces.
    void matchesAPlainSetOnRandomInserts()
    {
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        SeqIdRanges ranges;
        std::set<qint64> ids;
        for (int step = 0; step < 20000; ++step) {
            const qint64 first = random.bounded(2000);
            const qint64 last = first + (random.bounded(4) == 0 ? random.bounded(30) : 0);
            ranges.insert(first, last);
            for (qint64 id = first; id <= last; ++id)
                ids.insert(id);
            const qint64 probe = random.bounded(2100);
            if (ranges.contains(probe) != (ids.count(probe) == 1))
                QFAIL(qPrintable(QStringLiteral("seed %1, step %2: contains(%3) is wrong").arg(seed).arg(step).arg(probe)));
        }
        // As many ranges as runs of consecutive ids in the set: merging is complete.
        qsizetype runs = 0;
        qint64 previous = -2;
        for (qint64 id : ids) {
            if (id != previous + 1)
                ++runs;
            previous = id;
        }
        QVERIFY2(ranges.rangeCount() == runs, qPrintable(QStringLiteral("seed %1").arg(seed)));
    }
};

QTEST_GUILESS_MAIN(TestSeqIdRanges)
#include "tst_seqidranges.moc"
