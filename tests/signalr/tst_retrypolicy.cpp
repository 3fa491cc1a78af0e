// Unit tests of the retry policy: the official clients' delays, kept up forever, with jitter.
#include "signalr/RetryPolicy.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using signalr::RetryPolicy;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFollowTheOfficialClients()
    {
        const RetryPolicy policy;
        QCOMPARE(policy.delaysMs, (QList<int>{0, 2000, 10000, 30000}));
        QCOMPARE(policy.repeatDelayMs, std::optional<int>(30000));
    }

    void defaultDelaysStayWithinTheJitterBounds_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("lowest");
        QTest::addColumn<int>("highest");
        QTest::newRow("0: zero spread up to 500 ms") << 0 << 0 << 500;
        QTest::newRow("1: 2 s") << 1 << 1600 << 2400;
        QTest::newRow("2: 10 s") << 2 << 8000 << 12000;
        QTest::newRow("3: 30 s") << 3 << 24000 << 36000;
        QTest::newRow("4: 30 s forever") << 4 << 24000 << 36000;
        QTest::newRow("10") << 10 << 24000 << 36000;
        QTest::newRow("50") << 50 << 24000 << 36000;
        QTest::newRow("10000") << 10000 << 24000 << 36000;
    }

    void defaultDelaysStayWithinTheJitterBounds()
    {
        QFETCH(int, attempt);
        QFETCH(int, lowest);
        QFETCH(int, highest);
        const RetryPolicy policy;
        QRandomGenerator random(20240601);
        int below = 0;
        int above = 0;
        const int middle = (lowest + highest) / 2;
        for (int i = 0; i < 500; ++i) {
            const std::optional<int> delay = policy.delayBeforeAttempt(attempt, random);
            QVERIFY2(delay.has_value(), "the default policy never gives up");
            QVERIFY2(*delay >= lowest && *delay <= highest,
                     qPrintable(QStringLiteral("attempt %1 gave %2 ms").arg(attempt).arg(*delay)));
            (*delay < middle ? below : above)++;
        }
        // Spread around the nominal delay, both ways.
        QVERIFY2(below > 100 && above > 100, qPrintable(QStringLiteral("%1 below, %2 above").arg(below).arg(above)));
    }

    void jitterVariesAcrossCalls()
    {
        const RetryPolicy policy;
        QRandomGenerator random(7);
        for (int attempt : {0, 1, 3, 50}) {
            QSet<int> seen;
            for (int i = 0; i < 100; ++i)
                seen.insert(*policy.delayBeforeAttempt(attempt, random));
            QVERIFY2(seen.size() > 20,
                     qPrintable(QStringLiteral("attempt %1: only %2 distinct delays").arg(attempt).arg(seen.size())));
        }
    }

    void withoutJitterTheDelaysAreExact()
    {
        RetryPolicy policy;
        policy.jitterFraction = 0;
        policy.zeroDelayJitterMs = 0;
        QRandomGenerator random(1);
        QCOMPARE(policy.delayBeforeAttempt(0, random), std::optional<int>(0));
        QCOMPARE(policy.delayBeforeAttempt(1, random), std::optional<int>(2000));
        QCOMPARE(policy.delayBeforeAttempt(2, random), std::optional<int>(10000));
        QCOMPARE(policy.delayBeforeAttempt(3, random), std::optional<int>(30000));
        QCOMPARE(policy.delayBeforeAttempt(50, random), std::optional<int>(30000));
    }

    void neverGivesNothing()
    {
        const RetryPolicy policy = RetryPolicy::never();
        QRandomGenerator random(1);
        QCOMPARE(policy.delayBeforeAttempt(0, random), std::nullopt);
        QCOMPARE(policy.delayBeforeAttempt(1, random), std::nullopt);
        QCOMPARE(policy.delayBeforeAttempt(50, random), std::nullopt);
    }

    void finiteListWithoutRepeatStops()
    {
        RetryPolicy policy;
        policy.delaysMs = {0, 50, 100};
        policy.repeatDelayMs.reset();
        policy.jitterFraction = 0;
        policy.zeroDelayJitterMs = 0;
        QRandomGenerator random(1);
        QCOMPARE(policy.delayBeforeAttempt(0, random), std::optional<int>(0));
        QCOMPARE(policy.delayBeforeAttempt(1, random), std::optional<int>(50));
        QCOMPARE(policy.delayBeforeAttempt(2, random), std::optional<int>(100));
        QCOMPARE(policy.delayBeforeAttempt(3, random), std::nullopt);
        QCOMPARE(policy.delayBeforeAttempt(4, random), std::nullopt);
    }

    // After a Close without allowReconnect: no sooner than afterServerCloseMs, spread
    // upwards so that the clients a restart sent away do not all return at once.
    void afterTheServerSentUsAwayNotBeforeTheFloor()
    {
        RetryPolicy policy;
        QRandomGenerator random(7);
        QSet<int> seen;
        for (int attempt = 0; attempt < 6; ++attempt) {
            const int delay = *policy.delayBeforeAttempt(attempt, true, random);
            QVERIFY2(delay >= 5000, qPrintable(QString::number(delay)));
            QVERIFY2(delay <= 36000, qPrintable(QString::number(delay)));
            if (attempt < 2) {
                QVERIFY(delay <= 7000);
                seen.insert(delay);
            }
        }
        QCOMPARE(seen.size(), 2);
        QVERIFY(*policy.delayBeforeAttempt(0, false, random) <= 500);
    }

    void finiteListWithRepeatGoesOn()
    {
        RetryPolicy policy;
        policy.delaysMs = {0, 50, 100};
        policy.repeatDelayMs = 100;
        policy.jitterFraction = 0;
        policy.zeroDelayJitterMs = 0;
        QRandomGenerator random(1);
        QCOMPARE(policy.delayBeforeAttempt(3, random), std::optional<int>(100));
        QCOMPARE(policy.delayBeforeAttempt(1000, random), std::optional<int>(100));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
