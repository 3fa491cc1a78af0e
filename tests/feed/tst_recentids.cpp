#include "feed/RecentIds.h"

#include <QTest>

using feed::RecentIds;

class TestRecentIds : public QObject
{
    Q_OBJECT

private slots:
    void knowsWhatItWasGiven()
    {
        RecentIds ids(10);
        ids.remember("a1b2");
        QVERIFY(ids.contains("a1b2"));
        QVERIFY(!ids.contains("a1b3"));
        QVERIFY(!ids.contains("A1B2"));
        QCOMPARE(ids.size(), 1);
    }

    void forgetsTheOldestBeyondItsCapacity()
    {
        RecentIds ids(3);
        for (const char *id : {"1", "2", "3", "4"})
            ids.remember(id);
        QCOMPARE(ids.size(), 3);
        QVERIFY(!ids.contains("1"));
        QVERIFY(ids.contains("2"));
        QVERIFY(ids.contains("4"));
    }

    void forgetsWhatWasIndexedAndWhatWasNot()
    {
        // A look-up indexes what was remembered so far; later ids wait unindexed. Both
        // kinds must leave the window in order.
        RecentIds ids(3);
        ids.remember("1");
        ids.remember("2");
        QVERIFY(ids.contains("1"));
        for (const char *id : {"3", "4", "5"})
            ids.remember(id);
        QVERIFY(!ids.contains("1"));
        QVERIFY(!ids.contains("2"));
        QVERIFY(ids.contains("3"));
        QVERIFY(ids.contains("5"));
        for (const char *id : {"6", "7", "8"})
            ids.remember(id);
        QVERIFY(!ids.contains("5"));
        QVERIFY(ids.contains("6"));
        QCOMPARE(ids.size(), 3);
    }

    void anIdRememberedTwiceStaysUntilBothPlacesAreGone()
    {
        RecentIds ids(3);
        ids.remember("x");
        ids.remember("y");
        QVERIFY(ids.contains("x"));
        ids.remember("x");
        ids.remember("z"); // the first x goes
        QVERIFY(ids.contains("x"));
        ids.remember("w"); // y goes
        QVERIFY(!ids.contains("y"));
        QVERIFY(ids.contains("x"));
        ids.remember("v"); // the second x goes
        QVERIFY(!ids.contains("x"));
        QVERIFY(ids.contains("z"));
    }

    void manyDistinctIdsStayDistinct()
    {
        RecentIds ids(100000);
        const auto id = [](int i) { return QByteArray("00000000-0000-4000-8000-") + QByteArray::number(i).rightJustified(12, '0'); };
        for (int i = 0; i < 100000; i += 2)
            ids.remember(id(i));
        QCOMPARE(ids.size(), 50000);
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(ids.contains(id(i)), i % 2 == 0);
    }
};

QTEST_GUILESS_MAIN(TestRecentIds)
#include "tst_recentids.moc"
