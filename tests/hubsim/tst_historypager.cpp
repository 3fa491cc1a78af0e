#include "hubsim/ActivityGenerator.h"
#include "hubsim/EventLog.h"
#include "hubsim/HistoryPager.h"
#include "hubsim/StrategyCatalog.h"

#include "eventhub/Event.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QTest>

using eventhub::Event;
using hubsim::EventLog;
using hubsim::HistoryPager;

namespace {

const QDateTime BaseTime(QDate(2026, 11, 25), QTime(14, 30), Qt::UTC);

void fill(EventLog &log, int count, quint32 seed = 7)
{
    const hubsim::StrategyCatalog catalog;
    hubsim::ActivityGenerator generator(catalog, seed);
    for (int i = 0; i < count; ++i) {
        hubsim::GeneratedEvent generated = generator.next();
        log.append(generated.kind, generated.payload, BaseTime.addMSecs(i * 17));
    }
}

QJsonObject args(qint64 since, const QJsonValue &limit, const QJsonValue &token = QJsonValue::Null)
{
    QJsonObject object{{QStringLiteral("SinceEventSeqId"), since}, {QStringLiteral("ContinuationToken"), token}};
    if (!limit.isUndefined())
        object.insert(QStringLiteral("Limit"), limit);
    return object;
}

QList<qint64> seqsOf(const QJsonObject &page)
{
    QList<qint64> seqs;
    for (const QJsonValue &value : page.value("Events").toArray()) {
        Event event;
        QString error;
        if (!eventhub::eventFromEnvelope(value.toObject(), event, error))
            return {-1};
        seqs.append(event.seqId);
    }
    return seqs;
}

} // namespace

class TestHistoryPager : public QObject
{
    Q_OBJECT

    // The pager writes its page as JSON text, as the hub sends it; the tests read it back
    // as an object.
    static bool eventsSince(const HistoryPager &pager, const QJsonObject &arguments, QJsonObject &page, QString &error)
    {
        signalr::RawJson text;
        if (!pager.eventsSince(arguments, text, error))
            return false;
        page = text.toValue().toObject();
        return true;
    }

private:
    // The docs' replay loop: the cursor advances with every event and is sent along with
    // the token. Returns every seq received, in order.
    QList<qint64> replay(const HistoryPager &pager, qint64 cursor, int limit, bool advanceCursor, int *pages)
    {
        QList<qint64> seqs;
        const qint64 start = cursor;
        QJsonValue token = QJsonValue::Null;
        *pages = 0;
        for (int guard = 0; guard < 100000; ++guard) {
            QJsonObject page;
            QString error;
            if (!eventsSince(pager, args(advanceCursor ? cursor : start, limit, token), page, error)) {
                qWarning() << error;
                return {};
            }
            ++*pages;
            const QList<qint64> pageSeqs = seqsOf(page);
            if (pageSeqs.size() > limit)
                return {};
            for (qint64 seq : pageSeqs) {
                seqs.append(seq);
                cursor = std::max(cursor, seq);
            }
            token = page.value("ContinuationToken");
            if (token.isNull() || token.toString().isEmpty())
                return seqs;
        }
        return {};
    }

private slots:
    void replayCoversEveryEventOnce_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<bool>("advanceCursor");
        QTest::newRow("limit 1000, docs loop") << 1000 << true;
        QTest::newRow("limit 137, docs loop") << 137 << true;
        QTest::newRow("limit 137, fixed cursor") << 137 << false;
        QTest::newRow("limit 1") << 1 << true;
    }

    void replayCoversEveryEventOnce()
    {
        QFETCH(int, limit);
        QFETCH(bool, advanceCursor);
        EventLog log;
        const int count = 5321;
        fill(log, count);
        HistoryPager pager(log);

        int pages = 0;
        const QList<qint64> seqs = replay(pager, 0, limit, advanceCursor, &pages);
        QCOMPARE(seqs.size(), count);
        for (int i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs.at(i), qint64(i + 1)); // no gap, no duplicate, in order
        QCOMPARE(pages, (count + limit - 1) / limit);
    }

    void envelopesCarryTheStoredEvents()
    {
        EventLog log;
        fill(log, 1200);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        QVERIFY(eventsSince(pager, args(100, 50), page, error));
        const QJsonArray events = page.value("Events").toArray();
        QCOMPARE(events.size(), 50);
        for (int i = 0; i < events.size(); ++i) {
            Event event;
            QVERIFY2(eventhub::eventFromEnvelope(events.at(i).toObject(), event, error), qPrintable(error));
            const Event &stored = log.eventAt(100 + i);
            QCOMPARE(event.seqId, stored.seqId);
            QCOMPARE(event.eventId(), stored.eventId());
            QCOMPARE(event.kind, stored.kind);
            QCOMPARE(event.payload(), stored.payload());
            QCOMPARE(events.at(i).toObject().value("Kind").toString(), stored.kindName);
        }
    }

    void sinceIsExclusive()
    {
        EventLog log;
        fill(log, 30);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        QVERIFY(eventsSince(pager, args(10, 5), page, error));
        QCOMPARE(seqsOf(page), (QList<qint64>{11, 12, 13, 14, 15}));
        QVERIFY(page.value("ContinuationToken").isString());
    }

    void limitIsCappedAndDefaulted_data()
    {
        QTest::addColumn<QJsonValue>("limit");
        QTest::addColumn<int>("expected");
        QTest::newRow("over the cap") << QJsonValue(5000) << 1000;
        QTest::newRow("at the cap") << QJsonValue(1000) << 1000;
        QTest::newRow("zero") << QJsonValue(0) << 1000;
        QTest::newRow("negative") << QJsonValue(-3) << 1000;
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << 1000;
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << 1000;
        QTest::newRow("small") << QJsonValue(7) << 7;
    }

    void limitIsCappedAndDefaulted()
    {
        QFETCH(QJsonValue, limit);
        QFETCH(int, expected);
        EventLog log;
        fill(log, 2500);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        QVERIFY2(eventsSince(pager, args(0, limit), page, error), qPrintable(error));
        QCOMPARE(page.value("Events").toArray().size(), expected);
        QVERIFY(page.value("ContinuationToken").isString());
    }

    void tokenIsNullWhenThePageReachesTheEnd()
    {
        EventLog log;
        fill(log, 300);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        // Exactly the rest of the log.
        QVERIFY(eventsSince(pager, args(200, 100), page, error));
        QCOMPARE(page.value("Events").toArray().size(), 100);
        QVERIFY(page.contains("ContinuationToken"));
        QVERIFY(page.value("ContinuationToken").isNull());
        // Caught up already, and beyond the end.
        for (qint64 since : {300, 301, 100000}) {
            QVERIFY(eventsSince(pager, args(since, 100), page, error));
            QCOMPARE(page.value("Events").toArray().size(), 0);
            QVERIFY(page.value("ContinuationToken").isNull());
        }
        // An empty log.
        EventLog empty;
        HistoryPager emptyPager(empty);
        QVERIFY(eventsSince(emptyPager, QJsonObject{}, page, error));
        QCOMPARE(page.value("Events").toArray().size(), 0);
        QVERIFY(page.value("ContinuationToken").isNull());
    }

    void pagingFollowsEventsAppendedMeanwhile()
    {
        EventLog log;
        fill(log, 2000);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        QVERIFY(eventsSince(pager, args(0, 1000), page, error));
        QList<qint64> seqs = seqsOf(page);
        QJsonValue token = page.value("ContinuationToken");
        QVERIFY(token.isString());
        for (int i = 0; i < 10; ++i)
            log.append(eventhub::EventKind::Error, {}, BaseTime);
        while (!token.isNull()) {
            QVERIFY(eventsSince(pager, args(seqs.constLast(), 1000, token), page, error));
            seqs += seqsOf(page);
            token = page.value("ContinuationToken");
        }
        QCOMPARE(seqs.size(), 2010);
        QCOMPARE(seqs.constLast(), 2010);
        QCOMPARE(QSet<qint64>(seqs.begin(), seqs.end()).size(), 2010);
    }

    void badTokensAreRejected()
    {
        EventLog log;
        fill(log, 3000);
        HistoryPager pager(log, QByteArrayLiteral("secret-one"));
        QJsonObject page;
        QString error;
        QVERIFY(eventsSince(pager, args(0, 1000), page, error));
        const QString good = page.value("ContinuationToken").toString();
        QVERIFY(!good.isEmpty());
        qint64 position = 0;
        QVERIFY(pager.parseToken(good, position));
        QCOMPARE(position, 1000);
        // Clients cannot read meaning into it: no plain number in the token.
        QVERIFY(!good.contains(QStringLiteral("1000")));

        QString tampered = good;
        tampered[tampered.size() / 2] = tampered.at(tampered.size() / 2) == 'A' ? 'B' : 'A';
        const QString forged = QString::fromLatin1(
            QByteArray("v1:2000:AAAAAAAAAAAAAAAA").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const HistoryPager otherPager(log, QByteArrayLiteral("secret-two"));
        const QString otherSecret = otherPager.makeToken(1000);
        const QString beyondEnd = pager.makeToken(999999);

        const QList<QJsonValue> bad = {
            QJsonValue(QStringLiteral("garbage!")),
            QJsonValue(QStringLiteral("djE6MTAwMA")), // "v1:1000" without a MAC
            QJsonValue(tampered),
            QJsonValue(forged),
            QJsonValue(otherSecret),
            QJsonValue(beyondEnd),
            QJsonValue(good + QStringLiteral("x")),
            QJsonValue(42),
            QJsonValue(QJsonObject{{QStringLiteral("Seq"), 1000}}),
        };
        for (const QJsonValue &token : bad) {
            QJsonObject untouched{{QStringLiteral("marker"), true}};
            error.clear();
            QVERIFY2(!eventsSince(pager, args(0, 10, token), untouched, error), qPrintable(token.toVariant().toString()));
            QCOMPARE(error, QStringLiteral("Invalid continuation token"));
            QCOMPARE(untouched, (QJsonObject{{QStringLiteral("marker"), true}}));
        }

        // The good token still works, and an empty one means "no token".
        QVERIFY(eventsSince(pager, args(0, 10, good), page, error));
        QCOMPARE(seqsOf(page).constFirst(), 1001);
        QVERIFY(eventsSince(pager, args(0, 10, QString()), page, error));
        QCOMPARE(seqsOf(page).constFirst(), 1);
    }

    void tokensAreBoundToTheirLog()
    {
        EventLog mine;
        EventLog theirs;
        fill(mine, 3000, 1);
        fill(theirs, 3000, 2);
        QJsonObject page;
        QString error;
        QVERIFY(eventsSince(HistoryPager(mine), args(0, 1000), page, error));
        const QJsonValue token = page.value("ContinuationToken");
        // A pager made per call accepts the token (one secret per process)...
        QVERIFY2(eventsSince(HistoryPager(mine), args(0, 1000, token), page, error), qPrintable(error));
        QCOMPARE(seqsOf(page).constFirst(), 1001);
        // ...another user's log does not.
        QVERIFY(!eventsSince(HistoryPager(theirs), args(0, 1000, token), page, error));
        QCOMPARE(error, HistoryPager::invalidTokenError());
    }

    void tokenAndCursorTakeTheLaterPosition()
    {
        EventLog log;
        fill(log, 100);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        const QString token = pager.makeToken(40);
        QVERIFY(eventsSince(pager, args(0, 5, token), page, error));
        QCOMPARE(seqsOf(page).constFirst(), 41);
        QVERIFY(eventsSince(pager, args(60, 5, token), page, error));
        QCOMPARE(seqsOf(page).constFirst(), 61);
    }

    void badArgumentsAreRejected()
    {
        EventLog log;
        fill(log, 10);
        HistoryPager pager(log);
        QJsonObject page;
        QString error;
        QVERIFY(!eventsSince(pager, QJsonObject{{QStringLiteral("SinceEventSeqId"), QStringLiteral("abc")}}, page, error));
        QCOMPARE(error, QStringLiteral("Invalid SinceEventSeqId"));
        QVERIFY(!eventsSince(pager, QJsonObject{{QStringLiteral("SinceEventSeqId"), 1.5}}, page, error));
        QVERIFY(!eventsSince(pager, QJsonObject{{QStringLiteral("Limit"), QStringLiteral("ten")}}, page, error));
        QCOMPARE(error, QStringLiteral("Invalid Limit"));
        // A negative cursor reads from the start.
        QVERIFY(eventsSince(pager, QJsonObject{{QStringLiteral("SinceEventSeqId"), -4}}, page, error));
        QCOMPARE(seqsOf(page).size(), 10);
    }

    void pagesFromALargeLogStayCheap()
    {
        // 200,000 events; paging near the end must not walk the log.
        EventLog log;
        for (int i = 0; i < 200000; ++i)
            log.append(eventhub::EventKind::OrderUpdate, QJsonObject{{QStringLiteral("StrategyId"), 101}}, BaseTime);
        HistoryPager pager(log);
        QElapsedTimer timer;
        timer.start();
        QJsonObject page;
        QString error;
        for (int i = 0; i < 2000; ++i)
            QVERIFY(eventsSince(pager, args(199990 - i, 1), page, error));
        // 2,000 O(n) scans of 200,000 events would take seconds; binary search, a few ms.
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(seqsOf(page), (QList<qint64>{197992}));
    }
};

QTEST_GUILESS_MAIN(TestHistoryPager)
#include "tst_historypager.moc"
