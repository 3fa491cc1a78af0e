#include "eventhub/Event.h"
#include "signalr/SharedBytes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace eventhub;

class TestEvent : public QObject
{
    Q_OBJECT

private:
    static QJsonObject payload()
    {
        return QJsonObject{{"EventId", "a1"},   {"EventSeqId", 42},           {"EventTime", "2026-11-25T09:52:36.123Z"},
                           {"StrategyId", 101}, {"StrategyName", "SPX 0DTE"}, {"Mystery", QJsonArray{1, 2}}};
    }

    static QByteArray json(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

private slots:
    void parsesCommonFieldsAndKeepsUnknownOnes()
    {
        Event event;
        QString error;
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(json(payload())), event, error),
                 qPrintable(error));
        QCOMPARE(event.kind, EventKind::OrderUpdate);
        QCOMPARE(event.kindName, QString("OrderUpdate"));
        QCOMPARE(event.eventId(), QString("a1"));
        QCOMPARE(event.seqId, 42);
        QCOMPARE(event.timeMs, QDateTime(QDate(2026, 11, 25), QTime(9, 52, 36, 123), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(event.strategyId, 101);
        QCOMPARE(event.strategyName, QString("SPX 0DTE"));
        QCOMPARE(event.payload().value("Mystery").toArray().size(), 2);
    }

    void plainEventIdIsSharedFromThePayload()
    {
        Event event;
        QString error;
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(json(payload())), event, error),
                 qPrintable(error));
        const char *begin = event.payloadJson().constData();
        const QByteArrayView id = event.eventIdUtf8();
        QVERIFY(id.data() >= begin && id.data() + id.size() <= begin + event.payloadJson().size());
        // Its bytes outlive a payload replaced afterwards.
        const Event copy = event;
        event.setPayloadJson(QByteArray(event.payloadJson().size(), 'x'));
        QCOMPARE(event.eventId(), QString("a1"));
        QCOMPARE(copy.eventId(), QString("a1"));
    }

    // A live event's payload shares its WebSocket message; ownBytes gives an event kept for
    // long bytes of its own, its id with them, and lets the message go.
    void ownBytesLetsTheMessageGo()
    {
        if (!signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        const QByteArray message = QByteArray(5000, ' ') + json(payload()) + QByteArray(5000, ' ');
        Event event;
        QString error;
        const QByteArray argument = signalr::sharedPart(message, 5000, json(payload()).size());
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(argument), event, error), qPrintable(error));
        QCOMPARE(event.payloadJson().constData(), message.constData() + 5000);
        event.ownBytes();
        const char *begin = event.payloadJson().constData();
        QVERIFY(begin < message.constData() || begin >= message.constData() + message.size());
        QCOMPARE(event.payloadJson(), json(payload()));
        QVERIFY(event.eventIdUtf8().data() >= begin && event.eventIdUtf8().data() < begin + event.payloadJson().size());
        QCOMPARE(event.eventId(), QString("a1"));
    }

    // An id shared from a payload replaced since keeps its own value through ownBytes: it
    // is not re-pointed into the new payload.
    void ownBytesKeepsAnIdFromAReplacedPayload()
    {
        Event event;
        QString error;
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(json(payload())), event, error),
                 qPrintable(error));
        const QByteArray message = QByteArray(5000, ' ') + "{\"EventId\":\"zz\"}" + QByteArray(5000, ' ');
        event.setPayloadJson(signalr::sharedPart(message, 5000, 16));
        event.ownBytes();
        QCOMPARE(event.payloadJson(), QByteArray("{\"EventId\":\"zz\"}"));
        QCOMPARE(event.eventId(), QString("a1"));
    }

    void setEventIdSharesFromThePayloadWhenThere()
    {
        Event event;
        event.setPayloadJson("{\"Note\":\"id-7 again\",\"EventId\":\"id-7\"}");
        event.setEventId(u"id-7");
        const char *begin = event.payloadJson().constData();
        QVERIFY(event.eventIdUtf8().data() >= begin && event.eventIdUtf8().data() < begin + event.payloadJson().size());
        QCOMPARE(event.eventId(), QString("id-7"));
        event.setEventId(u"not-in-it");
        QCOMPARE(event.eventId(), QString("not-in-it"));
        event.setEventId(QString::fromUtf8("\xc3\xa9t\xc3\xa9-").repeated(100)); // long and not ASCII
        QCOMPARE(event.eventId(), QString::fromUtf8("\xc3\xa9t\xc3\xa9-").repeated(100));
        event.setEventId(u"");
        QVERIFY(event.eventIdUtf8().isEmpty());
    }

    // Where the previous id was is tried first: payloads of other layouts, longer and
    // shorter, must still give their own ids.
    void eventIdsOfPayloadsOfDifferentLayoutsAreTheirOwn()
    {
        const QList<QByteArray> payloads = {
            R"({"EventId":"first-id","EventSeqId":1,"EventTime":"2026-01-02T03:04:05Z"})",
            R"({"EventId":"other-id","EventSeqId":2,"EventTime":"2026-01-02T03:04:05Z"})",
            R"({"Note":"a longer one","EventSeqId":3,"EventTime":"2026-01-02T03:04:05Z","EventId":"third"})",
            R"({"Note":"x","EventSeqId":4,"EventTime":"2026-01-02T03:04:05Z","EventId":"fourth"})",
            R"({"EventId":"5","EventSeqId":5,"EventTime":"2026-01-02T03:04:05Z"})",
        };
        const QStringList expected = {"first-id", "other-id", "third", "fourth", "5"};
        for (qsizetype i = 0; i < payloads.size(); ++i) {
            Event event;
            QString error;
            QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(payloads.at(i)), event, error),
                     qPrintable(error));
            QCOMPARE(event.eventId(), expected.at(i));
            QCOMPARE(event.payload().value("EventId").toString(), expected.at(i));
        }
    }

    void escapedOrNumericEventIdIsItsValue_data()
    {
        QTest::addColumn<QByteArray>("idJson");
        QTest::addColumn<QString>("expected");
        QTest::newRow("escaped") << QByteArray("\"a\\u0031\\\"\"") << QString("a1\"");
        QTest::newRow("non-ASCII") << QByteArray("\"\\u00e9t\\u00e9\"") << QString::fromUtf8("\xc3\xa9t\xc3\xa9");
        QTest::newRow("number") << QByteArray("12345") << QString("12345");
    }

    void escapedOrNumericEventIdIsItsValue()
    {
        QFETCH(QByteArray, idJson);
        QFETCH(QString, expected);
        const QByteArray text = "{\"EventId\":" + idJson + ",\"EventSeqId\":1,\"EventTime\":\"2026-01-02T03:04:05Z\"}";
        Event event;
        QString error;
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(text), event, error), qPrintable(error));
        QCOMPARE(event.eventId(), expected);
        QCOMPARE(event.eventIdUtf8(), expected.toUtf8());
    }

    void timeWithoutOffsetIsUtc()
    {
        QJsonObject p = payload();
        p["EventTime"] = "2026-11-25T09:52:36";
        Event event;
        QString error;
        QVERIFY(parseEvent("Error", p, event, error));
        QCOMPARE(event.timeMs, QDateTime(QDate(2026, 11, 25), QTime(9, 52, 36), Qt::UTC).toMSecsSinceEpoch());
    }

    void rejectsMissingOrMalformedCommonFields_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("no id") << "EventId" << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("empty id") << "EventId" << QJsonValue("");
        QTest::newRow("no seq") << "EventSeqId" << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("negative seq") << "EventSeqId" << QJsonValue(-1);
        QTest::newRow("fractional seq") << "EventSeqId" << QJsonValue(1.5);
        QTest::newRow("text seq") << "EventSeqId" << QJsonValue("x");
        QTest::newRow("no time") << "EventTime" << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("bad time") << "EventTime" << QJsonValue("yesterday");
    }

    void rejectsMissingOrMalformedCommonFields()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject p = payload();
        if (value.isUndefined())
            p.remove(field);
        else
            p[field] = value;
        Event event;
        QString error;
        QVERIFY(!parseEvent("EntrySignal", p, event, error));
        QVERIFY2(error.contains(field), qPrintable(error));
    }

    void unknownCallbackIsKeptUnderItsName()
    {
        Event event;
        QString error;
        QVERIFY(eventFromCallback("OnMarginCall", signalr::RawJson::fromText(json(payload())), event, error));
        QCOMPARE(event.kind, EventKind::Unknown);
        QCOMPARE(event.kindName, QString("MarginCall"));
    }

    void envelopeKindComesFromThePopulatedProperty()
    {
        // Kind says one thing, the populated property another: the property wins.
        const QJsonObject envelope{{"Kind", "Something"}, {"EntrySignal", QJsonValue::Null}, {"ExitSignal", payload()}};
        Event event;
        QString error;
        QVERIFY(eventFromEnvelope(envelope, event, error));
        QCOMPARE(event.kind, EventKind::ExitSignal);
        QCOMPARE(toEnvelope(event).value("ExitSignal").toObject().value("EventId").toString(), QString("a1"));
        QCOMPARE(toEnvelope(event).value("Kind").toString(), QString("ExitSignal"));
    }

    void envelopeOfANewKindIsKept()
    {
        Event event;
        QString error;
        QVERIFY(eventFromEnvelope(QJsonObject{{"Kind", "MarginCall"}, {"MarginCall", payload()}}, event, error));
        QCOMPARE(event.kindName, QString("MarginCall"));
        QVERIFY(!eventFromEnvelope(QJsonObject{{"Kind", "Empty"}}, event, error));
        QVERIFY(error.contains("Empty"));
    }

    void envelopeTextIsAppendedWholeAndEscaped()
    {
        Event known;
        QString error;
        const QByteArray payload = "{\"EventId\":\"a\",\"EventSeqId\":1,\"EventTime\":\"2026-01-02T03:04:05Z\"}";
        QVERIFY(parseEventJson("OrderUpdate", payload, known, error));
        Event unknown = known;
        unknown.kind = EventKind::Unknown;
        unknown.kindName = "Odd\"Kind";
        QByteArray out = "before\n";
        appendEnvelopeJson(out, known);
        appendEnvelopeJson(out, unknown);
        QCOMPARE(out, "before\n{\"Kind\":\"OrderUpdate\",\"OrderUpdate\":" + payload
                          + "}{\"Kind\":\"Odd\\\"Kind\",\"Odd\\\"Kind\":" + payload + "}");
    }

    void allSeventeenKindsRoundTripTheirNames()
    {
        QCOMPARE(int(allEventKinds().size()), 17);
        for (EventKind kind : allEventKinds()) {
            QCOMPARE(kindFromCallback(callbackName(kind)), kind);
            QCOMPARE(kindFromName(kindName(kind)), kind);
            QVERIFY(callbackName(kind).startsWith("On"));
        }
    }

    // ASP.NET Core's JSON protocol writes camelCase by default (CONTRACT.md, "Casing"): a
    // stock hub's events are read ignoring case and kept with the contract's PascalCase
    // names, top level only (nested names may be dictionary keys, which it leaves alone).
    void camelCasePayloadIsReadAndKeptInPascalCase()
    {
        const QByteArray camel = "{\"eventId\":\"a1\",\"eventSeqId\":42,\"eventTime\":\"2026-11-25T09:52:36Z\","
                                 "\"strategyId\":101,\"strategyName\":\"\u0394-neutral Fly\",\"ivRank\":{\"spx\":[{\"a\":1}]},"
                                 "\"note\":\"{\\\"x\\\":1}\"}";
        Event event;
        QString error;
        QVERIFY2(eventFromCallback("OnOrderUpdate", signalr::RawJson::fromText(camel), event, error), qPrintable(error));
        QCOMPARE(event.eventId(), QString("a1"));
        QCOMPARE(event.seqId, 42);
        QCOMPARE(event.strategyId, 101);
        QCOMPARE(event.strategyName, QString::fromUtf8("\u0394-neutral Fly"));
        QCOMPARE(event.payloadJson(),
                 "{\"EventId\":\"a1\",\"EventSeqId\":42,\"EventTime\":\"2026-11-25T09:52:36Z\",\"StrategyId\":101,"
                 "\"StrategyName\":\"\u0394-neutral Fly\",\"IvRank\":{\"spx\":[{\"a\":1}]},\"Note\":\"{\\\"x\\\":1}\"}");
        // A name that differs beyond its first letter is still found.
        QCOMPARE(event.field(u"IVRank").toObject().value("spx").toArray().size(), 1);
        QVERIFY(event.field(u"Missing").isUndefined());
    }

    void namesAreMatchedIgnoringCase()
    {
        const QByteArray shouting = "{\"EVENTID\":\"a1\",\"eventseqid\":\"42\",\"EventTIME\":\"2026-11-25T09:52:36Z\"}";
        Event event;
        QString error;
        QVERIFY2(parseEventJson("OrderUpdate", shouting, event, error), qPrintable(error));
        QCOMPARE(event.seqId, 42);
        QCOMPARE(kindFromName("entrySignal"), EventKind::EntrySignal);
        QCOMPARE(kindFromName("ENTRYSIGNAL"), EventKind::EntrySignal);
        QCOMPARE(kindFromCallback("onexitsignal"), EventKind::ExitSignal);
        QVERIFY(eventFromCallback("onOrderUpdate", signalr::RawJson::fromText(json(payload())), event, error));
        QCOMPARE(event.kind, EventKind::OrderUpdate);
        QCOMPARE(event.kindName, QString("OrderUpdate"));
    }
};

QTEST_GUILESS_MAIN(TestEvent)
#include "tst_event.moc"
