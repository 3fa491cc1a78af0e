// Unit tests of HubResults: what the Event Hub's methods return (subscription results,
// history pages) and the arguments they take.
#include "eventhub/Event.h"
#include "eventhub/HubResults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace eventhub;

class TestHubResults : public QObject
{
    Q_OBJECT

private:
    static signalr::RawJson pageText(const QJsonObject &object)
    {
        return signalr::RawJson::fromText(QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

private slots:
    void subscriptionResultAcceptsIdsOrObjects()
    {
        const SubscriptionResult result = SubscriptionResult::parse(
            QJsonObject{{"SuccessfulStrategies", QJsonArray{101, 102}},
                        {"FailedStrategies", QJsonArray{999, QJsonObject{{"StrategyId", 950}, {"Reason", "not yours"}}}}});
        QVERIFY(result.ok);
        QCOMPARE(result.successful, (QList<qint64>{101, 102}));
        QCOMPARE(result.failed.size(), 2);
        QCOMPARE(result.failed.at(0).strategyId, 999);
        QCOMPARE(result.failed.at(1).strategyId, 950);
        QCOMPARE(result.failed.at(1).reason, QString("not yours"));
    }

    void strategiesArgumentHasTheThreeShapes()
    {
        QVERIFY(strategiesArgument(std::nullopt).value("Strategies").isNull());
        QCOMPARE(strategiesArgument(QList<qint64>{}).value("Strategies").toArray().size(), 0);
        QCOMPARE(strategiesArgument(QList<qint64>{7, 8}).value("Strategies").toArray(), (QJsonArray{7, 8}));
    }

    void pageTokenIsKeptExactly()
    {
        const EventPage page = EventPage::parse(pageText(QJsonObject{
            {"Events", QJsonArray{QJsonObject{{"OrderUpdate", QJsonObject{{"EventId", "a1"},
                                                                          {"EventSeqId", 42},
                                                                          {"EventTime", "2026-11-25T09:52:36.123Z"}}}},
                                  QJsonObject{{"Kind", "X"}}}},
            {"ContinuationToken", "opaque=="}}));
        QVERIFY(page.ok);
        QCOMPARE(page.events.size(), 1);
        QCOMPARE(page.malformed.size(), 1);
        QCOMPARE(page.continuationToken.toString(), QString("opaque=="));
        QVERIFY(page.hasMore());
        QVERIFY(!EventPage::parse(pageText(QJsonObject{{"Events", QJsonArray{}}, {"ContinuationToken", ""}})).hasMore());
        QVERIFY(!EventPage::parse(pageText(QJsonObject{{"Events", QJsonArray{}}, {"ContinuationToken", QJsonValue::Null}}))
                     .hasMore());
        QVERIFY(!EventPage::parse(pageText(QJsonObject{{"Nope", 1}})).ok);
    }

    // Each event keeps its payload as the page had it, found in the page's text whatever
    // its layout; entries that are not envelopes are reported, not dropped silently.
    void pagePayloadsKeepTheirExactText()
    {
        const QByteArray first =
            "{ \"EventId\" : \"a\", \"EventSeqId\":1,\"EventTime\":\"2026-11-25T09:52:36Z\", \"Legs\":[ {\"Strike\":5.50} ] }";
        const QByteArray second = "{\"EventSeqId\":2,\"EventTime\":\"2026-11-25T09:52:37Z\",\"EventId\":\"b\",\"Note\":\"}]{[\"}";
        const QByteArray text =
            "{ \"ContinuationToken\" : null , \"Events\" : [ { \"Kind\" : \"OrderUpdate\" , \"OrderUpdate\" : " + first
            + " } , 7 ,\n{\"Kind\":\"Error\",\"Error\":" + second + ",\"Extra\":{\"x\":[]}} ] }";
        const EventPage page = EventPage::parse(signalr::RawJson::fromText(text));
        QVERIFY(page.ok);
        QCOMPARE(page.events.size(), 2);
        QCOMPARE(page.events.at(0).payloadJson(), first);
        QCOMPARE(page.events.at(1).payloadJson(), second);
        QCOMPARE(page.events.at(1).kindName, QString("Error"));
        QCOMPARE(page.malformed, QStringList{"A history envelope is not a JSON object."});
        QCOMPARE(page.events.at(0).field(u"Legs"), QJsonValue(QJsonArray{QJsonObject{{"Strike", 5.5}}}));
        QCOMPARE(page.events.at(1).field(u"Note"), QJsonValue("}]{["));
        QVERIFY(page.events.at(1).field(u"Missing").isUndefined());
    }

    // A stock hub's history page: camelCase names, every kind's property present (null but
    // one), an unknown kind named in camelCase. The JSONL envelope is the contract's.
    void camelCasePageIsReadAndWrittenInPascalCase()
    {
        const QByteArray text = "{\"events\":[{\"kind\":\"ExitSignal\",\"entrySignal\":null,\"exitSignal\":"
                                "{\"eventId\":\"a\",\"eventSeqId\":1,\"eventTime\":\"2026-11-25T09:52:36Z\"}},"
                                "{\"kind\":\"MarginCall\",\"marginCall\":{\"eventId\":\"b\",\"eventSeqId\":2,"
                                "\"eventTime\":\"2026-11-25T09:52:37Z\"}}],\"continuationToken\":\"t\"}";
        const EventPage page = EventPage::parse(signalr::RawJson::fromText(text));
        QVERIFY2(page.ok, qPrintable(page.error));
        QCOMPARE(page.events.size(), 2);
        QCOMPARE(page.continuationToken.toString(), QString("t"));
        QCOMPARE(envelopeJson(page.events.at(0)), "{\"Kind\":\"ExitSignal\",\"ExitSignal\":{\"EventId\":\"a\",\"EventSeqId\":1,"
                                                  "\"EventTime\":\"2026-11-25T09:52:36Z\"}}");
        QCOMPARE(page.events.at(1).kindName, QString("MarginCall"));
        QVERIFY(envelopeJson(page.events.at(1)).startsWith("{\"Kind\":\"MarginCall\",\"MarginCall\":{\"EventId\""));
    }

    void camelCaseSubscriptionResultIsRead()
    {
        const SubscriptionResult result = SubscriptionResult::parse(
            QJsonObject{{"successfulStrategies", QJsonArray{101}},
                        {"failedStrategies", QJsonArray{QJsonObject{{"strategyId", 950}, {"reason", "not yours"}}}}});
        QCOMPARE(result.successful, (QList<qint64>{101}));
        QCOMPARE(result.failed.size(), 1);
        QCOMPARE(result.failed.at(0).strategyId, 950);
        QCOMPARE(result.failed.at(0).reason, QString("not yours"));
    }
};

QTEST_GUILESS_MAIN(TestHubResults)
#include "tst_hubresults.moc"
