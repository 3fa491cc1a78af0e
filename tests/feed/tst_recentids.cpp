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
        ids.remember(u"a1b2");
        QVERIFY(ids.contains(u"a1b2"));
        QVERIFY(!ids.contains(u"a1b3"));
        QVERIFY(!ids.contains(u"A1B2"));
        QCOMPARE(ids.size(), 1);
    }

    void forgetsTheOldestBeyondItsCapacity()
    {
        RecentIds ids(3);
        for (const char16_t *id : {u"1", u"2", u"3", u"4"})
            ids.remember(id);
        QCOMPARE(ids.size(), 3);
        QVERIFY(!ids.contains(u"1"));
        QVERIFY(ids.contains(u"2"));
        QVERIFY(ids.contains(u"4"));
    }

    void forgetsWhatWasIndexedAndWhatWasNot()
    {
        // A look-up indexes what was remembered so far; later ids wait unindexed. Both
        // kinds must leave the window in order.
        RecentIds ids(3);
        ids.remember(u"1");
        ids.remember(u"2");
        QVERIFY(ids.contains(u"1"));
        for (const char16_t *id : {u"3", u"4", u"5"})
            ids.remember(id);
        QVERIFY(!ids.contains(u"1"));
        QVERIFY(!ids.contains(u"2"));
        QVERIFY(ids.contains(u"3"));
        QVERIFY(ids.contains(u"5"));
        for (const char16_t *id : {u"6", u"7", u"8"})
            ids.remember(id);
        QVERIFY(!ids.contains(u"5"));
        QVERIFY(ids.contains(u"6"));
        QCOMPARE(ids.size(), 3);
    }

    void anIdRememberedTwiceStaysUntilBothPlacesAreGone()
    {
        RecentIds ids(3);
        ids.remember(u"x");
        ids.remember(u"y");
        QVERIFY(ids.contains(u"x"));
        ids.remember(u"x");
        ids.remember(u"z"); // the first x goes
        QVERIFY(ids.contains(u"x"));
        ids.remember(u"w"); // y goes
        QVERIFY(!ids.contains(u"y"));
        QVERIFY(ids.contains(u"x"));
        ids.remember(u"v"); // the second x goes
        QVERIFY(!ids.contains(u"x"));
        QVERIFY(ids.contains(u"z"));
    }

    void manyDistinctIdsStayDistinct()
    {
        RecentIds ids(100000);
        const auto id = [](int i) { return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')); };
        for (int i = 0; i < 100000; i += 2)
            ids.remember(id(i));
        QCOMPARE(ids.size(), 50000);
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(ids.contains(id(i)), i % 2 == 0);
    }
};

QTEST_GUILESS_MAIN(TestRecentIds)
#include "tst_recentids.moc"
