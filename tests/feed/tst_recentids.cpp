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
        QVERIFY(ids.insert(u"a1b2"));
        QVERIFY(!ids.insert(u"a1b2"));
        QVERIFY(ids.contains(u"a1b2"));
        QVERIFY(!ids.contains(u"a1b3"));
        QVERIFY(!ids.contains(u"A1B2"));
        QCOMPARE(ids.size(), 1);
    }

    void forgetsTheOldestBeyondItsCapacity()
    {
        RecentIds ids(3);
        for (const char16_t *id : {u"1", u"2", u"3", u"4"})
            QVERIFY(ids.insert(id));
        QCOMPARE(ids.size(), 3);
        QVERIFY(!ids.contains(u"1"));
        QVERIFY(ids.contains(u"2"));
        QVERIFY(ids.contains(u"4"));
        // A repeat is not a new entry: it does not push anything out.
        QVERIFY(!ids.insert(u"2"));
        QVERIFY(ids.contains(u"2"));
        QCOMPARE(ids.size(), 3);
    }

    void manyDistinctIdsStayDistinct()
    {
        RecentIds ids(100000);
        for (int i = 0; i < 100000; ++i)
            QVERIFY(ids.insert(QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'))));
        QCOMPARE(ids.size(), 100000);
    }
};

QTEST_GUILESS_MAIN(TestRecentIds)
#include "tst_recentids.moc"
