#include "hubsim/EventLog.h"

#include "eventhub/Event.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using eventhub::Event;
using eventhub::EventKind;
using hubsim::EventLog;

namespace {

const QDateTime BaseTime(QDate(2026, 11, 25), QTime(9, 52, 36, 123), Qt::UTC);

QJsonObject orderPayload(int n)
{
    return QJsonObject{
        {QStringLiteral("StrategyId"), 101},
        {QStringLiteral("StrategyName"), QStringLiteral("SPX 0DTE Iron Condor")},
        {QStringLiteral("OrderId"), QStringLiteral("ORD-%1").arg(n)},
        {QStringLiteral("Status"), QStringLiteral("Working")},
    };
}

void appendOrders(EventLog &log, int count)
{
    for (int i = 0; i < count; ++i)
        log.append(EventKind::OrderUpdate, orderPayload(i), BaseTime.addMSecs(i));
}

QList<QByteArray> fileLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

void appendRaw(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private slots:
    void appendStampsTheCommonFields()
    {
        EventLog log;
        QCOMPARE(log.latestSeqId(), 0);
        const Event &event = log.append(EventKind::OrderUpdate, orderPayload(1), BaseTime);

        QCOMPARE(event.seqId, 1);
        QCOMPARE(event.kind, EventKind::OrderUpdate);
        QCOMPARE(event.kindName, QStringLiteral("OrderUpdate"));
        QCOMPARE(event.payload().value("EventTime").toString(), QStringLiteral("2026-11-25T09:52:36.123Z"));
        QCOMPARE(event.timeMs, BaseTime.toMSecsSinceEpoch());
        QCOMPARE(event.payload().value("EventSeqId").toInteger(), 1);
        QCOMPARE(event.payload().value("EventId").toString(), event.eventId());
        QCOMPARE(event.eventId().size(), 36);
        QVERIFY(!event.eventId().startsWith('{'));
        QVERIFY(!QUuid::fromString(event.eventId()).isNull());
        QCOMPARE(event.strategyId, 101);
        QCOMPARE(event.strategyName, QStringLiteral("SPX 0DTE Iron Condor"));
        QCOMPARE(event.payload().value("OrderId").toString(), QStringLiteral("ORD-1"));

        // The client's parser reads back exactly what the log stored.
        Event parsed;
        QString error;
        QVERIFY2(eventhub::parseEvent(event.kindName, event.payload(), parsed, error), qPrintable(error));
        QCOMPARE(parsed.eventId(), event.eventId());
        QCOMPARE(parsed.seqId, event.seqId);
        QCOMPARE(parsed.timeMs, event.timeMs);
        QCOMPARE(parsed.strategyId, event.strategyId);
        QCOMPARE(parsed.strategyName, event.strategyName);
    }

    void eventTimeIsUtcWithMillisecondsAndZ()
    {
        EventLog log;
        // A non-UTC input is converted, never written with an offset.
        const QDateTime offsetTime(QDate(2026, 11, 25), QTime(10, 52, 36, 5), Qt::OffsetFromUTC, 3600);
        const Event &event = log.append(EventKind::Error, {}, offsetTime);
        QCOMPARE(event.payload().value("EventTime").toString(), QStringLiteral("2026-11-25T09:52:36.005Z"));

        const Event &now = log.append(EventKind::Error, {}, QDateTime());
        const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
        QVERIFY(iso.match(now.payload().value("EventTime").toString()).hasMatch());
        QVERIFY(qAbs(now.timeMs - QDateTime::currentMSecsSinceEpoch()) < 60000);
    }

    void idsAreUniqueAndSeqStrictlyIncreasing()
    {
        EventLog log;
        const int count = 20000;
        appendOrders(log, count);
        QCOMPARE(log.size(), count);
        QCOMPARE(log.latestSeqId(), count);
        QSet<QString> ids;
        for (qsizetype i = 0; i < log.size(); ++i) {
            const Event &event = log.eventAt(i);
            QCOMPARE(event.seqId, i + 1);
            ids.insert(event.eventId());
        }
        QCOMPARE(ids.size(), count);
    }

    void findBySeqAndIndexAfter()
    {
        EventLog log;
        appendOrders(log, 1000);
        QVERIFY(!log.findBySeq(0));
        QVERIFY(!log.findBySeq(1001));
        QVERIFY(!log.findBySeq(-5));
        for (qint64 seq : {1, 2, 500, 999, 1000}) {
            const Event *event = log.findBySeq(seq);
            QVERIFY(event);
            QCOMPARE(event->seqId, seq);
        }
        QCOMPARE(log.indexAfter(-1), 0);
        QCOMPARE(log.indexAfter(0), 0);
        QCOMPARE(log.indexAfter(1), 1);
        QCOMPARE(log.indexAfter(999), 999);
        QCOMPARE(log.indexAfter(1000), 1000);
        QCOMPARE(log.indexAfter(5000), 1000);
    }

    void referencesStayValidWhileTheLogGrows()
    {
        EventLog log;
        const Event &first = log.append(EventKind::OrderUpdate, orderPayload(0), BaseTime);
        const QString firstId = first.eventId();
        appendOrders(log, 50000);
        QCOMPARE(&first, &log.eventAt(0));
        QCOMPARE(first.eventId(), firstId);
    }

    void durableReloadContinuesNumbering()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("sub/events.jsonl"));
        QList<Event> written;
        {
            EventLog log;
            QString error;
            QVERIFY2(log.openDurable(path, error), qPrintable(error));
            QVERIFY(log.isDurable());
            appendOrders(log, 250);
            QVERIFY(log.writeError().isEmpty());
            for (qsizetype i = 0; i < log.size(); ++i)
                written.append(log.eventAt(i));
        }
        QCOMPARE(fileLines(path).size(), 250);
        {
            EventLog log;
            QString error;
            QVERIFY2(log.openDurable(path, error), qPrintable(error));
            QCOMPARE(log.size(), 250);
            QCOMPARE(log.latestSeqId(), 250);
            for (qsizetype i = 0; i < log.size(); ++i) {
                QCOMPARE(log.eventAt(i).eventId(), written.at(i).eventId());
                QCOMPARE(log.eventAt(i).seqId, written.at(i).seqId);
                QCOMPARE(log.eventAt(i).timeMs, written.at(i).timeMs);
                QCOMPARE(log.eventAt(i).kind, written.at(i).kind);
                QCOMPARE(log.eventAt(i).strategyName, written.at(i).strategyName);
                QCOMPARE(log.eventAt(i).payload(), written.at(i).payload());
            }
            const Event &next = log.append(EventKind::PositionUpdate, {}, BaseTime);
            QCOMPARE(next.seqId, 251);
        }
        EventLog log;
        QString error;
        QVERIFY2(log.openDurable(path, error), qPrintable(error));
        QCOMPARE(log.size(), 251);
        QCOMPARE(log.eventAt(250).kind, EventKind::PositionUpdate);
        QCOMPARE(log.append(EventKind::Error, {}, BaseTime).seqId, 252);
    }

    void tornLastLineIsDroppedAndCut()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        qint64 goodSize = 0;
        {
            EventLog log;
            QString error;
            QVERIFY2(log.openDurable(path, error), qPrintable(error));
            appendOrders(log, 10);
            goodSize = QFileInfo(path).size();
        }
        // A crash in the middle of writing event 11.
        appendRaw(path, QByteArrayLiteral("{\"Kind\":\"OrderUpdate\",\"OrderUpdate\":{\"EventId\":\"ab"));
        QVERIFY(QFileInfo(path).size() > goodSize);

        EventLog log;
        QString error;
        QVERIFY2(log.openDurable(path, error), qPrintable(error));
        QCOMPARE(log.size(), 10);
        QCOMPARE(QFileInfo(path).size(), goodSize);
        QCOMPARE(log.append(EventKind::OrderUpdate, orderPayload(11), BaseTime).seqId, 11);

        const QList<QByteArray> lines = fileLines(path);
        QCOMPARE(lines.size(), 11);
        for (const QByteArray &line : lines) {
            Event event;
            QVERIFY2(eventhub::eventFromEnvelope(QJsonDocument::fromJson(line).object(), event, error), qPrintable(error));
        }
    }

    void wholeLastLineWithoutLineBreakIsKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        {
            EventLog log;
            QString error;
            QVERIFY(log.openDurable(path, error));
            appendOrders(log, 3);
        }
        // The crash hit between the JSON and its line break.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() - 1));
        file.close();

        EventLog log;
        QString error;
        QVERIFY2(log.openDurable(path, error), qPrintable(error));
        QCOMPARE(log.size(), 3);
        QCOMPARE(log.append(EventKind::OrderUpdate, orderPayload(4), BaseTime).seqId, 4);
        QCOMPARE(fileLines(path).size(), 4);
    }

    void corruptMiddleLineIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        {
            EventLog log;
            QString error;
            QVERIFY(log.openDurable(path, error));
            appendOrders(log, 2);
        }
        appendRaw(path, QByteArrayLiteral("this is not json\n"));
        {
            EventLog log;
            QString error;
            QVERIFY(log.openDurable(path, error));
            log.append(EventKind::OrderUpdate, orderPayload(3), BaseTime);
        }
        const qint64 sizeBefore = QFileInfo(path).size();
        EventLog log;
        QString error;
        // The bad line was the last one when the second log opened, so it was cut then.
        QVERIFY2(log.openDurable(path, error), qPrintable(error));
        QCOMPARE(log.size(), 3);
        QCOMPARE(QFileInfo(path).size(), sizeBefore);

        // Now damage a line that has others after it.
        QList<QByteArray> lines = fileLines(path);
        lines[1] = lines[1].left(lines[1].size() / 2);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(lines.join('\n') + '\n');
        file.close();

        EventLog damaged;
        QVERIFY(!damaged.openDurable(path, error));
        QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
        QVERIFY(!damaged.isDurable());
        QCOMPARE(damaged.size(), 0);
        // Nothing was cut from a damaged file: a human decides.
        QCOMPARE(fileLines(path).size(), 3);
    }

    void envelopeWithoutEventIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        appendRaw(path, QByteArrayLiteral("{\"Kind\":\"OrderUpdate\"}\n{\"Kind\":\"X\"}\n"));
        EventLog log;
        QString error;
        QVERIFY(!log.openDurable(path, error));
        QVERIFY2(error.contains(QStringLiteral("line 1")), qPrintable(error));
    }

    void outOfOrderSeqIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        {
            EventLog log;
            QString error;
            QVERIFY(log.openDurable(path, error));
            appendOrders(log, 3);
        }
        QList<QByteArray> lines = fileLines(path);
        lines.swapItemsAt(1, 2);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(lines.join('\n') + '\n');
        file.close();

        EventLog log;
        QString error;
        QVERIFY(!log.openDurable(path, error));
        QVERIFY2(error.contains(QStringLiteral("EventSeqId")), qPrintable(error));
    }

    void openDurableOnlyOnAFreshLog()
    {
        QTemporaryDir dir;
        EventLog log;
        log.append(EventKind::Error, {}, BaseTime);
        QString error;
        QVERIFY(!log.openDurable(dir.filePath(QStringLiteral("a.jsonl")), error));
        QVERIFY(!error.isEmpty());

        EventLog fresh;
        QVERIFY(fresh.openDurable(dir.filePath(QStringLiteral("b.jsonl")), error));
        QVERIFY(!fresh.openDurable(dir.filePath(QStringLiteral("c.jsonl")), error));
    }

    void blankLinesAreSkipped()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("events.jsonl"));
        {
            EventLog log;
            QString error;
            QVERIFY(log.openDurable(path, error));
            appendOrders(log, 2);
        }
        appendRaw(path, "\n\n");
        EventLog log;
        QString error;
        QVERIFY2(log.openDurable(path, error), qPrintable(error));
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.append(EventKind::Error, {}, BaseTime).seqId, 3);
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
