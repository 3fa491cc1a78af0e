// Unit tests of the JSON hub protocol: decoding every message type, the errors and the
// forward-compatible "ignore unknown types" rule, and encoding.
#include "signalr/JsonHubProtocol.h"
#include "signalr/TextRecordFraming.h"

#include <simdjson.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using signalr::HubMessage;
using signalr::JsonHubProtocol;
using Type = HubMessage::Type;

Q_DECLARE_METATYPE(signalr::HubMessage)

class TestJsonHubProtocol : public QObject
{
    Q_OBJECT

private:
    // Decodes a record that must be valid.
    static HubMessage decoded(const QByteArray &record)
    {
        HubMessage message;
        QString error;
        const bool ok = JsonHubProtocol().decode(record, message, error);
        if (!ok || !error.isEmpty())
            qWarning("decode failed for %s: %s", record.constData(), qPrintable(error));
        return message;
    }

    static bool decodes(const QByteArray &record)
    {
        HubMessage message;
        QString error;
        return JsonHubProtocol().decode(record, message, error);
    }

private slots:
    void invocationWithId()
    {
        HubMessage message;
        QString error;
        QVERIFY(JsonHubProtocol().decode(R"({"type":1,"invocationId":"12","target":"Send","arguments":[1,"two",{"x":3}]})",
                                         message, error));
        QVERIFY(error.isEmpty());
        QCOMPARE(message.type, Type::Invocation);
        QCOMPARE(message.invocationId, QStringLiteral("12"));
        QCOMPARE(message.target, QStringLiteral("Send"));
        QCOMPARE(signalr::toJsonArray(message.arguments),
                 (QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("x"), 3}}}));
    }

    void invocationWithoutId()
    {
        QVERIFY(decodes(R"({"type":1,"target":"Send","arguments":[]})"));
        const HubMessage message = decoded(R"({"type":1,"target":"Send","arguments":[]})");
        QCOMPARE(message.type, Type::Invocation);
        QVERIFY(message.invocationId.isEmpty());
        QCOMPARE(message.target, QStringLiteral("Send"));
        QVERIFY(message.arguments.isEmpty());
        // A null id is the same as none.
        QVERIFY(decodes(R"({"type":1,"invocationId":null,"target":"Send","arguments":[]})"));
    }

    void streamInvocationNeedsAnId()
    {
        const HubMessage message = decoded(R"({"type":4,"invocationId":"3","target":"Stream","arguments":[5]})");
        QCOMPARE(message.type, Type::StreamInvocation);
        QCOMPARE(message.invocationId, QStringLiteral("3"));
        QVERIFY(!decodes(R"({"type":4,"target":"Stream","arguments":[5]})"));
    }

    void completionWithResult()
    {
        const HubMessage message = decoded(R"({"type":3,"invocationId":"7","result":{"value":42}})");
        QCOMPARE(message.type, Type::Completion);
        QCOMPARE(message.invocationId, QStringLiteral("7"));
        QVERIFY(!message.result.isAbsent());
        QVERIFY(message.error.isEmpty());
        QCOMPARE(message.result.toValue().toObject().value(QStringLiteral("value")).toInt(), 42);

        // A null result is a result.
        const HubMessage nullResult = decoded(R"({"type":3,"invocationId":"8","result":null})");
        QVERIFY(!nullResult.result.isAbsent());
        QVERIFY(nullResult.result.toValue().isNull());
    }

    void completionWithError()
    {
        const HubMessage message = decoded(R"({"type":3,"invocationId":"7","error":"It broke: really."})");
        QCOMPARE(message.type, Type::Completion);
        QCOMPARE(message.error, QStringLiteral("It broke: really."));
        QVERIFY(message.result.isAbsent());

        // An empty error text still is an error, with a sentence of our own.
        const HubMessage empty = decoded(R"({"type":3,"invocationId":"7","error":""})");
        QVERIFY(!empty.error.isEmpty());

        QVERIFY(!decodes(R"({"type":3,"invocationId":"7","error":5})"));
    }

    void completionWithNeither()
    {
        const HubMessage message = decoded(R"({"type":3,"invocationId":"9"})");
        QCOMPARE(message.type, Type::Completion);
        QCOMPARE(message.invocationId, QStringLiteral("9"));
        QVERIFY(message.result.isAbsent());
        QVERIFY(message.error.isEmpty());
        QVERIFY(!decodes(R"({"type":3})"));
    }

    void streamItem()
    {
        const HubMessage message = decoded(R"({"type":2,"invocationId":"4","item":[1,2]})");
        QCOMPARE(message.type, Type::StreamItem);
        QCOMPARE(message.invocationId, QStringLiteral("4"));
        QCOMPARE(message.result.toValue().toArray(), (QJsonArray{1, 2}));
    }

    void cancelInvocation()
    {
        const HubMessage message = decoded(R"({"type":5,"invocationId":"4"})");
        QCOMPARE(message.type, Type::CancelInvocation);
        QCOMPARE(message.invocationId, QStringLiteral("4"));
        QVERIFY(!decodes(R"({"type":5})"));
    }

    void ping()
    {
        HubMessage message = HubMessage::invocation(QStringLiteral("x"), QStringLiteral("y"), QJsonArray{});
        QString error;
        QVERIFY(JsonHubProtocol().decode(R"({"type":6})", message, error));
        QCOMPARE(message.type, Type::Ping);
        // Nothing of the previous contents survives.
        QVERIFY(message.target.isEmpty());
        QVERIFY(message.invocationId.isEmpty());
    }

    void closeWithErrorAndAllowReconnect()
    {
        const HubMessage message = decoded(R"({"type":7,"error":"Server is restarting.","allowReconnect":true})");
        QCOMPARE(message.type, Type::Close);
        QCOMPARE(message.error, QStringLiteral("Server is restarting."));
        QVERIFY(message.allowReconnect);

        const HubMessage plain = decoded(R"({"type":7})");
        QCOMPARE(plain.type, Type::Close);
        QVERIFY(plain.error.isEmpty());
        QVERIFY(!plain.allowReconnect);

        const HubMessage nullError = decoded(R"({"type":7,"error":null})");
        QCOMPARE(nullError.type, Type::Close);
        QVERIFY(nullError.error.isEmpty());
    }

    void ackAndSequence()
    {
        const HubMessage ack = decoded(R"({"type":8,"sequenceId":1394})");
        QCOMPARE(ack.type, Type::Ack);
        QCOMPARE(ack.sequenceId, 1394);
        const HubMessage sequence = decoded(R"({"type":9,"sequenceId":5000000000})");
        QCOMPARE(sequence.type, Type::Sequence);
        QCOMPARE(sequence.sequenceId, Q_INT64_C(5000000000));
        QVERIFY(!decodes(R"({"type":8})"));
        QVERIFY(!decodes(R"({"type":9,"sequenceId":"1"})"));
    }

    void headersAreAccepted()
    {
        const HubMessage message =
            decoded(R"({"type":1,"headers":{"traceparent":"00-abc","n":"1"},"target":"Send","arguments":[true]})");
        QCOMPARE(message.type, Type::Invocation);
        QCOMPARE(message.headers.value(QStringLiteral("traceparent")), QStringLiteral("00-abc"));
        QCOMPARE(message.headers.value(QStringLiteral("n")), QStringLiteral("1"));
        QCOMPARE(signalr::toJsonArray(message.arguments), QJsonArray{true});
        QVERIFY(!decodes(R"({"type":1,"headers":"x","target":"Send","arguments":[]})"));
    }

    // Arguments, results and non-string headers are kept as exactly the text the server
    // sent, found in the record whatever its layout: arguments anywhere among the
    // properties, whitespace, brackets inside strings, nested containers, empty ones.
    // (Braces inside strings are written as escaped literals: moc counts a raw string's.)
    void valuesKeepTheirExactText_data()
    {
        QTest::addColumn<QByteArray>("record");
        QTest::addColumn<QList<QByteArray>>("arguments");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("one object, arguments last")
            << QByteArray("{\"type\":1,\"target\":\"On\",\"arguments\":[{\"a\":1,\"b\":[2,{\"c\":\"]}\"}]}]}")
            << QList<QByteArray>{"{\"a\":1,\"b\":[2,{\"c\":\"]}\"}]}"} << QByteArray();
        QTest::newRow("several, arguments first, whitespace") << QByteArray(
            "{ \"arguments\" : [ 1.50 , \"[x\" ,\n{ \"k\" : [ ] } , [ ] , null , {} ] , \"type\" : 1 , \"target\" : \"On\" }")
                                                              << QList<QByteArray>{"1.50", "\"[x\"", "{ \"k\" : [ ] }",
                                                                                   "[ ]",  "null",   "{}"}
                                                              << QByteArray();
        QTest::newRow("no arguments") << QByteArray(R"({"type":1,"arguments":[],"target":"On"})") << QList<QByteArray>{}
                                      << QByteArray();
        QTest::newRow("headers around nested arguments")
            << QByteArray(
                   R"({"headers":{"s":"t","o":{"x":[1,2]} },"type":1,"arguments":[[[]],[{"z":{}}]],"target":"On","more":[{}]})")
            << QList<QByteArray>{"[[]]", R"([{"z":{}}])"} << QByteArray(R"({"x":[1,2]})");
    }

    void valuesKeepTheirExactText()
    {
        QFETCH(QByteArray, record);
        QFETCH(QList<QByteArray>, arguments);
        QFETCH(QByteArray, header);
        const HubMessage message = decoded(record);
        QCOMPARE(message.type, Type::Invocation);
        QList<QByteArray> texts;
        for (const signalr::RawJson &argument : message.arguments)
            texts.append(argument.text());
        QCOMPARE(texts, arguments);
        if (!header.isEmpty())
            QCOMPARE(message.headers.value(QStringLiteral("o")).toUtf8(), header);

        const HubMessage completion = decoded("{\"result\": [ \"a\" , {\"b\":\"}{\"} ] ,\"type\":3,\"invocationId\":\"1\"}");
        QCOMPARE(completion.result.text(), QByteArray("[ \"a\" , {\"b\":\"}{\"} ]"));
    }

    // Each argument carries its record's DOM, its own part of it; a value built from text
    // does not. The DOM lives as long as the argument: decoding other records meanwhile
    // does not overwrite it.
    void argumentsCarryTheirRecordsDom()
    {
        const HubMessage message = decoded(R"({"type":1,"target":"On","arguments":[{"a":1},[2,3]]})");
        QCOMPARE(message.arguments.size(), 2);
        const simdjson::dom::element *first = message.arguments.at(0).parsed();
        const simdjson::dom::element *second = message.arguments.at(1).parsed();
        QVERIFY(first && second);
        QVERIFY(first->is_object());
        QCOMPARE(int64_t(first->at_key("a").get_int64().value_unsafe()), int64_t(1));
        QVERIFY(second->is_array());
        QVERIFY(!signalr::RawJson::fromText(message.arguments.at(0).text()).parsed());

        const HubMessage next = decoded(R"({"type":1,"target":"On","arguments":[{"a":2}]})");
        QVERIFY(decodes(R"({"type":6})"));
        QCOMPARE(int64_t(first->at_key("a").get_int64().value_unsafe()), int64_t(1));
        QVERIFY(next.arguments.at(0).parsed());
        QCOMPARE(int64_t(next.arguments.at(0).parsed()->at_key("a").get_int64().value_unsafe()), int64_t(2));
    }

    // A record that names its arguments twice (JSON allows it; the arguments of both are
    // kept, in order): each argument's DOM is its own, and stays valid (the DOM of the
    // first list was once left pointing into storage the second list moved; fuzz_hub_records
    // found it under AddressSanitizer).
    void argumentsNamedTwiceEachKeepTheirDom()
    {
        const HubMessage message =
            decoded(R"({"type":1,"target":"On","arguments":[{"a":1}],"arguments":[{"a":2},{"a":3},{"a":4}]})");
        QCOMPARE(message.arguments.size(), 4);
        for (qsizetype i = 0; i < message.arguments.size(); ++i) {
            const simdjson::dom::element *dom = message.arguments.at(i).parsed();
            QVERIFY(dom);
            QCOMPARE(int64_t(dom->at_key("a").get_int64().value_unsafe()), int64_t(i + 1));
            QCOMPARE(message.arguments.at(i).text(), "{\"a\":" + QByteArray::number(i + 1) + "}");
        }
    }

    // A message decoded into again lets go of its old record's DOM, which the new record is
    // parsed into; a copy of an old argument keeps the old DOM whole meanwhile.
    void decodingIntoAMessageAgainKeepsCopiedArgumentsWhole()
    {
        JsonHubProtocol protocol;
        HubMessage message;
        QString error;
        QVERIFY(protocol.decode(R"({"type":1,"target":"On","arguments":[{"a":1}]})", message, error));
        const signalr::RawJson kept = message.arguments.at(0);
        for (int i = 2; i < 50; ++i) {
            const QByteArray record = R"({"type":1,"target":"On","arguments":[{"a":)" + QByteArray::number(i) + "}]}";
            QVERIFY2(protocol.decode(record, message, error), qPrintable(error));
            QCOMPARE(int64_t(message.arguments.at(0).parsed()->at_key("a").get_int64().value_unsafe()), int64_t(i));
        }
        QVERIFY(kept.parsed());
        QCOMPARE(int64_t(kept.parsed()->at_key("a").get_int64().value_unsafe()), int64_t(1));
    }

    // Arguments are parts of their record, sharing its buffer; they outlive it.
    void argumentsShareTheRecordsBytes()
    {
        QByteArray record(R"({"type":1,"target":"On","arguments":[{"a":1},"two"]})");
        const HubMessage message = decoded(record);
        QCOMPARE(message.arguments.size(), 2);
        const QByteArray first = message.arguments.at(0).text();
        QCOMPARE(first, QByteArray(R"({"a":1})"));
        QCOMPARE(first.constData(), record.constData() + record.indexOf("{\"a\""));
        record = QByteArray();
        QCOMPARE(message.arguments.at(0).text(), QByteArray(R"({"a":1})"));
        QCOMPARE(message.arguments.at(1).text(), QByteArray(R"("two")"));
    }

    void unknownPropertiesAreIgnored()
    {
        const HubMessage message = decoded(R"({"type":6,"future":{"a":[1]}})");
        QCOMPARE(message.type, Type::Ping);
    }

    void unknownTypeIsIgnored_data()
    {
        QTest::addColumn<QByteArray>("record");
        QTest::newRow("99") << QByteArray(R"({"type":99})");
        QTest::newRow("10 with fields") << QByteArray(R"({"type":10,"target":5,"whatever":[]})");
        QTest::newRow("0") << QByteArray(R"({"type":0})");
    }

    void unknownTypeIsIgnored()
    {
        QFETCH(QByteArray, record);
        HubMessage message;
        QString error = QStringLiteral("stale");
        QVERIFY(!JsonHubProtocol().decode(record, message, error));
        // False with an empty error means "ignore it", not "fail the connection".
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void malformedRecordsAreErrors_data()
    {
        QTest::addColumn<QByteArray>("record");
        QTest::newRow("not JSON") << QByteArray("garbage");
        QTest::newRow("truncated JSON") << QByteArray(R"({"type":1,"target":)");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("string") << QByteArray(R"("hello")");
        QTest::newRow("no type") << QByteArray(R"({"target":"x","arguments":[]})");
        QTest::newRow("type is a string") << QByteArray(R"({"type":"1","target":"x","arguments":[]})");
        QTest::newRow("missing target") << QByteArray(R"({"type":1,"arguments":[]})");
        QTest::newRow("target not a string") << QByteArray(R"({"type":1,"target":3,"arguments":[]})");
        QTest::newRow("arguments not an array") << QByteArray(R"({"type":1,"target":"x","arguments":{}})");
        QTest::newRow("arguments missing") << QByteArray(R"({"type":1,"target":"x"})");
        QTest::newRow("completion without id") << QByteArray(R"({"type":3,"result":1})");
        QTest::newRow("invocationId not a string") << QByteArray(R"({"type":1,"invocationId":5,"target":"x","arguments":[]})");
        // Broken JSON in the parts decode does not read (or reads only to cut them out).
        QTest::newRow("broken unknown property") << QByteArray(R"({"type":6,"extra":{"a":[1,}})");
        QTest::newRow("broken literal in an unknown property") << QByteArray(R"({"type":6,"extra":nul})");
        QTest::newRow("bad escape in an unknown property") << QByteArray(R"({"type":6,"extra":"\q"})");
        QTest::newRow("broken number where a string belongs") << QByteArray(R"({"type":7,"error":1.e5})");
        QTest::newRow("broken value where a flag belongs") << QByteArray(R"({"type":7,"allowReconnect":[tru]})");
        QTest::newRow("broken argument") << QByteArray(R"({"type":1,"target":"x","arguments":[{"a":[}]}]})");
        QTest::newRow("bad escape deep in an argument")
            << QByteArray(R"({"type":1,"target":"x","arguments":[{"a":[{"b":"\u12"}]}]})");
        QTest::newRow("broken result") << QByteArray(R"({"type":3,"invocationId":"1","result":[1 2]})");
        QTest::newRow("integer beyond 64 bits") << QByteArray(R"({"type":9,"sequenceId":77777777777777777777777})");
        QTest::newRow("too deep") << QByteArray(R"({"type":6,"extra":)") + QByteArray(1100, '[') + QByteArray(1100, ']') + '}';
    }

    void malformedRecordsAreErrors()
    {
        QFETCH(QByteArray, record);
        HubMessage message;
        QString error;
        QVERIFY(!JsonHubProtocol().decode(record, message, error));
        QVERIFY(!error.isEmpty());
    }

    void errorIsClearedBetweenCalls()
    {
        HubMessage message;
        QString error;
        JsonHubProtocol protocol;
        QVERIFY(!protocol.decode("garbage", message, error));
        QVERIFY(!error.isEmpty());
        QVERIFY(protocol.decode(R"({"type":6})", message, error));
        QVERIFY(error.isEmpty());
    }

    void roundTrip_data()
    {
        QTest::addColumn<HubMessage>("message");
        HubMessage withHeaders =
            HubMessage::invocation(QString(), QStringLiteral("Notify"), QJsonArray{QStringLiteral("ü€"), 1.5});
        withHeaders.headers.insert(QStringLiteral("k"), QStringLiteral("v"));
        HubMessage streamItem;
        streamItem.type = Type::StreamItem;
        streamItem.invocationId = QStringLiteral("5");
        streamItem.result = signalr::RawJson::fromValue(QJsonArray{1, 2});
        HubMessage cancel;
        cancel.type = Type::CancelInvocation;
        cancel.invocationId = QStringLiteral("6");
        HubMessage ack;
        ack.type = Type::Ack;
        ack.sequenceId = 77;
        HubMessage sequence;
        sequence.type = Type::Sequence;
        sequence.sequenceId = 78;
        HubMessage streamInvocation = HubMessage::invocation(QStringLiteral("9"), QStringLiteral("S"), QJsonArray{1});
        streamInvocation.type = Type::StreamInvocation;

        QTest::newRow("invocation") << HubMessage::invocation(QStringLiteral("0"), QStringLiteral("Add"), QJsonArray{2, 3});
        QTest::newRow("invocation without id, headers") << withHeaders;
        QTest::newRow("stream invocation") << streamInvocation;
        QTest::newRow("completion result") << HubMessage::completionWithResult(QStringLiteral("1"),
                                                                               QJsonObject{{QStringLiteral("a"), true}});
        QTest::newRow("completion null result") << HubMessage::completionWithResult(QStringLiteral("1"), QJsonValue::Null);
        QTest::newRow("completion error") << HubMessage::completionWithError(QStringLiteral("2"), QStringLiteral("No: because."));
        QTest::newRow("stream item") << streamItem;
        QTest::newRow("cancel") << cancel;
        QTest::newRow("ping") << HubMessage::ping();
        QTest::newRow("close") << HubMessage::close();
        QTest::newRow("close error reconnect") << HubMessage::close(QStringLiteral("bye"), true);
        QTest::newRow("ack") << ack;
        QTest::newRow("sequence") << sequence;
    }

    void roundTrip()
    {
        QFETCH(HubMessage, message);
        JsonHubProtocol protocol;
        const QByteArray encoded = protocol.encode(message);
        QVERIFY(encoded.endsWith(signalr::TextRecordFraming::Separator));
        QCOMPARE(encoded.count(signalr::TextRecordFraming::Separator), 1);
        const QByteArray record = encoded.chopped(1);
        // Each record is one compact JSON object.
        QVERIFY(QJsonDocument::fromJson(record).isObject());
        QCOMPARE(QJsonDocument::fromJson(record).object().value(QStringLiteral("type")).toInt(), int(message.type));

        HubMessage back;
        QString error;
        QVERIFY2(protocol.decode(record, back, error), qPrintable(error));
        QCOMPARE(back.type, message.type);
        QCOMPARE(back.headers, message.headers);
        QCOMPARE(back.invocationId, message.invocationId);
        QCOMPARE(back.target, message.target);
        QCOMPARE(signalr::toJsonArray(back.arguments), signalr::toJsonArray(message.arguments));
        QCOMPARE(back.result.isAbsent(), message.result.isAbsent());
        QCOMPARE(back.result.toValue(), message.result.toValue());
        QCOMPARE(back.error, message.error);
        QCOMPARE(back.allowReconnect, message.allowReconnect);
        QCOMPARE(back.sequenceId, message.sequenceId);
    }

    void encodingDetails()
    {
        JsonHubProtocol protocol;
        QCOMPARE(protocol.encode(HubMessage::ping()), QByteArray("{\"type\":6}\x1e"));
        // A send (no id) carries no invocationId property at all.
        const QJsonObject send =
            QJsonDocument::fromJson(
                protocol.encode(HubMessage::invocation(QString(), QStringLiteral("T"), QJsonArray{})).chopped(1))
                .object();
        QVERIFY(!send.contains(QStringLiteral("invocationId")));
        QCOMPARE(send.value(QStringLiteral("arguments")), QJsonValue(QJsonArray{}));
        QCOMPARE(protocol.name(), QStringLiteral("json"));
        QCOMPARE(protocol.version(), 1);
        QCOMPARE(protocol.transferFormat(), signalr::HubProtocol::TransferFormat::Text);
    }
};

QTEST_GUILESS_MAIN(TestJsonHubProtocol)
#include "tst_jsonhubprotocol.moc"
