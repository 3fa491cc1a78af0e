// Unit tests of the MessagePack hub protocol: the spec's own byte examples (HubProtocol.md,
// "MessagePack (MsgPack) encoding"), every message type both ways, and the value mapping.
#include "signalr/BinaryRecordFraming.h"
#include "signalr/MessagePackHubProtocol.h"
#include "signalr/MessagePackReader.h"
#include "signalr/MessagePackWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using signalr::HubMessage;
using signalr::MessagePackHubProtocol;

namespace {

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray data;
    for (int value : values)
        data.append(char(value));
    return data;
}

// Encodes and strips the VarInt length, checking it.
QByteArray body(const HubMessage &message)
{
    signalr::BinaryRecordFraming framing(1 << 20);
    QByteArray record;
    if (!framing.append(MessagePackHubProtocol().encode(message)) || !framing.nextRecord(record) || framing.hasPartialRecord())
        qFatal("an encoded message is not exactly one framed record");
    return record;
}

HubMessage decodeOk(const QByteArray &record)
{
    HubMessage message;
    QString error;
    if (!MessagePackHubProtocol().decode(record, message, error))
        qFatal("decode failed: %s", qPrintable(error));
    return message;
}

QByteArray readJson(const QByteArray &data)
{
    signalr::msgpack::Reader reader(data);
    QByteArray json;
    if (!reader.readJson(json) || !reader.atEnd())
        qFatal("value not read: %s", qPrintable(reader.error()));
    return json;
}

QJsonValue readValue(const QByteArray &data)
{
    const QByteArray json = readJson(data);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        qFatal("not one JSON value: %s (%s)", json.constData(), qPrintable(error.errorString()));
    return document.array().at(0);
}

QByteArray writeValue(const QJsonValue &value)
{
    signalr::msgpack::Writer writer;
    writer.writeValue(value);
    return writer.take();
}

} // namespace

class TestMessagePackHubProtocol : public QObject
{
    Q_OBJECT

private slots:
    void identity()
    {
        MessagePackHubProtocol protocol;
        QCOMPARE(protocol.name(), QStringLiteral("messagepack"));
        QCOMPARE(protocol.version(), 1);
        QCOMPARE(protocol.transferFormat(), signalr::HubProtocol::TransferFormat::Binary);
    }

    // --- The spec's examples, byte for byte.
    void specInvocation()
    {
        const HubMessage message =
            decodeOk(bytes({0x96, 0x01, 0x80, 0xa3, 'x', 'y', 'z', 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90}));
        QCOMPARE(message.type, HubMessage::Type::Invocation);
        QCOMPARE(message.invocationId, QStringLiteral("xyz"));
        QCOMPARE(message.target, QStringLiteral("method"));
        QCOMPARE(signalr::toJsonArray(message.arguments), QJsonArray{42});
    }

    void specNonBlockingInvocation()
    {
        const HubMessage message =
            decodeOk(bytes({0x96, 0x01, 0x80, 0xc0, 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90}));
        QVERIFY(message.invocationId.isNull());
        QCOMPARE(message.target, QStringLiteral("method"));
    }

    void specInvocationWithHeaders()
    {
        const HubMessage message = decodeOk(bytes({0x96, 0x01, 0x82, 0xa1, 'x', 0xa1, 'y', 0xa1, 'z', 0xa1, 'z',  0xa3, 'x',
                                                   'y',  'z',  0xa6, 'm',  'e', 't',  'h', 'o',  'd', 0x91, 0x2a, 0x90}));
        QCOMPARE(message.headers.value(QStringLiteral("x")), QStringLiteral("y"));
        QCOMPARE(message.headers.value(QStringLiteral("z")), QStringLiteral("z"));
    }

    void specStreamInvocationAndItem()
    {
        const HubMessage stream =
            decodeOk(bytes({0x96, 0x04, 0x80, 0xa3, 'x', 'y', 'z', 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90}));
        QCOMPARE(stream.type, HubMessage::Type::StreamInvocation);
        const HubMessage item = decodeOk(bytes({0x94, 0x02, 0x80, 0xa3, 'x', 'y', 'z', 0x2a}));
        QCOMPARE(item.type, HubMessage::Type::StreamItem);
        QCOMPARE(item.result.toValue(), QJsonValue(42));
    }

    void specCompletions()
    {
        const HubMessage error = decodeOk(bytes({0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x01, 0xa5, 'E', 'r', 'r', 'o', 'r'}));
        QCOMPARE(error.error, QStringLiteral("Error"));
        QVERIFY(error.result.isAbsent());
        const HubMessage none = decodeOk(bytes({0x94, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x02}));
        QVERIFY(none.error.isEmpty());
        QVERIFY(none.result.isAbsent());
        const HubMessage result = decodeOk(bytes({0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x03, 0x2a}));
        QVERIFY(!result.result.isAbsent());
        QCOMPARE(result.result.toValue(), QJsonValue(42));
        QCOMPARE(result.invocationId, QStringLiteral("xyz"));
    }

    void specCancelPingCloseAckSequence()
    {
        QCOMPARE(decodeOk(bytes({0x93, 0x05, 0x80, 0xa3, 'x', 'y', 'z'})).type, HubMessage::Type::CancelInvocation);
        QCOMPARE(decodeOk(bytes({0x91, 0x06})).type, HubMessage::Type::Ping);
        const HubMessage close = decodeOk(bytes({0x92, 0x07, 0xa3, 'x', 'y', 'z'}));
        QCOMPARE(close.error, QStringLiteral("xyz"));
        QVERIFY(!close.allowReconnect);
        QVERIFY(decodeOk(bytes({0x93, 0x07, 0xa3, 'x', 'y', 'z', 0xc3})).allowReconnect);
        const HubMessage ack = decodeOk(bytes({0x92, 0x08, 0xcc, 0x24}));
        QCOMPARE(ack.type, HubMessage::Type::Ack);
        QCOMPARE(ack.sequenceId, 36);
        const HubMessage sequence = decodeOk(bytes({0x92, 0x09, 0xcc, 0x13}));
        QCOMPARE(sequence.type, HubMessage::Type::Sequence);
        QCOMPARE(sequence.sequenceId, 19);
    }

    // --- What we write, byte for byte where the spec or the server fixes it.
    void encodesPingExactly() { QCOMPARE(MessagePackHubProtocol().encode(HubMessage::ping()), bytes({0x02, 0x91, 0x06})); }

    void encodesInvocationAsTheOfficialClients()
    {
        // Five items (no stream ids), empty header map, string id.
        QCOMPARE(body(HubMessage::invocation(QStringLiteral("xyz"), QStringLiteral("method"), QJsonArray{42})),
                 bytes({0x95, 0x01, 0x80, 0xa3, 'x', 'y', 'z', 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a}));
        // Without an id: nil.
        QCOMPARE(body(HubMessage::invocation(QString(), QStringLiteral("m"), QJsonArray{})),
                 bytes({0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x90}));
    }

    void encodesCompletionKinds()
    {
        QCOMPARE(body(HubMessage::completionWithError(QStringLiteral("1"), QStringLiteral("E"))),
                 bytes({0x95, 0x03, 0x80, 0xa1, '1', 0x01, 0xa1, 'E'}));
        QCOMPARE(body(HubMessage::completionWithResult(QStringLiteral("1"), 7)),
                 bytes({0x95, 0x03, 0x80, 0xa1, '1', 0x03, 0x07}));
        HubMessage empty;
        empty.type = HubMessage::Type::Completion;
        empty.invocationId = QStringLiteral("1");
        QCOMPARE(body(empty), bytes({0x94, 0x03, 0x80, 0xa1, '1', 0x02}));
    }

    void encodesCloseAckSequence()
    {
        QCOMPARE(body(HubMessage::close()), bytes({0x93, 0x07, 0xc0, 0xc2}));
        QCOMPARE(body(HubMessage::close(QStringLiteral("x"), true)), bytes({0x93, 0x07, 0xa1, 'x', 0xc3}));
        HubMessage ack;
        ack.type = HubMessage::Type::Ack;
        ack.sequenceId = 300;
        QCOMPARE(body(ack), bytes({0x92, 0x08, 0xcd, 0x01, 0x2c}));
        ack.type = HubMessage::Type::Sequence;
        ack.sequenceId = 1;
        QCOMPARE(body(ack), bytes({0x92, 0x09, 0x01}));
    }

    void roundTripEveryType_data()
    {
        QTest::addColumn<int>("typeCode");
        for (int type = 1; type <= 9; ++type)
            QTest::newRow(QByteArray::number(type).constData()) << type;
    }

    void roundTripEveryType()
    {
        QFETCH(int, typeCode);
        HubMessage message;
        message.type = HubMessage::Type(typeCode);
        if (message.type != HubMessage::Type::Ping && message.type != HubMessage::Type::Close
            && message.type != HubMessage::Type::Ack && message.type != HubMessage::Type::Sequence)
            message.headers.insert(QStringLiteral("h"), QStringLiteral("v"));
        message.invocationId = QStringLiteral("42");
        message.target = QStringLiteral("Target");
        message.arguments = signalr::rawJsonList(QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("k"), true}}});
        message.result = signalr::RawJson::fromValue(QJsonObject{{QStringLiteral("Events"), QJsonArray{}}});
        message.error = message.type == HubMessage::Type::Close ? QStringLiteral("bye") : QString();
        message.allowReconnect = message.type == HubMessage::Type::Close;
        message.sequenceId = 123456789012LL;

        const HubMessage decoded = decodeOk(body(message));
        QCOMPARE(decoded.type, message.type);
        switch (message.type) {
        case HubMessage::Type::Invocation:
        case HubMessage::Type::StreamInvocation:
            QCOMPARE(decoded.headers, message.headers);
            QCOMPARE(decoded.invocationId, message.invocationId);
            QCOMPARE(decoded.target, message.target);
            QCOMPARE(signalr::toJsonArray(decoded.arguments), signalr::toJsonArray(message.arguments));
            break;
        case HubMessage::Type::StreamItem:
        case HubMessage::Type::Completion:
            QCOMPARE(decoded.invocationId, message.invocationId);
            QVERIFY(!decoded.result.isAbsent());
            QCOMPARE(decoded.result.toValue(), message.result.toValue());
            break;
        case HubMessage::Type::CancelInvocation: QCOMPARE(decoded.invocationId, message.invocationId); break;
        case HubMessage::Type::Ping: break;
        case HubMessage::Type::Close:
            QCOMPARE(decoded.error, message.error);
            QVERIFY(decoded.allowReconnect);
            break;
        case HubMessage::Type::Ack:
        case HubMessage::Type::Sequence: QCOMPARE(decoded.sequenceId, message.sequenceId); break;
        }
    }

    // --- Tolerance and errors.
    void extraItemsAreIgnored()
    {
        // A Ping and an Ack with items a newer peer might add.
        QCOMPARE(decodeOk(bytes({0x92, 0x06, 0xa1, 'x'})).type, HubMessage::Type::Ping);
        QCOMPARE(decodeOk(bytes({0x93, 0x08, 0x05, 0xc0})).sequenceId, 5);
        // A Close whose allowReconnect is nil.
        QVERIFY(!decodeOk(bytes({0x93, 0x07, 0xc0, 0xc0})).allowReconnect);
    }

    void unknownTypeIsIgnored()
    {
        HubMessage message;
        QString error = QStringLiteral("stale");
        QVERIFY(!MessagePackHubProtocol().decode(bytes({0x92, 0x63, 0x01}), message, error));
        QVERIFY(error.isEmpty());
    }

    void malformedRecordsAreErrors_data()
    {
        QTest::addColumn<QByteArray>("record");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not an array") << bytes({0x81, 0xa1, 'a', 0x01});
        QTest::newRow("empty array") << bytes({0x90});
        QTest::newRow("type not an integer") << bytes({0x91, 0xa1, '1'});
        QTest::newRow("invocation too short") << bytes({0x93, 0x01, 0x80, 0xc0});
        QTest::newRow("arguments not an array") << bytes({0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x2a});
        QTest::newRow("truncated string") << bytes({0x95, 0x01, 0x80, 0xa5, 'x'});
        QTest::newRow("unknown result kind") << bytes({0x94, 0x03, 0x80, 0xa1, '1', 0x07});
        QTest::newRow("error kind without error") << bytes({0x94, 0x03, 0x80, 0xa1, '1', 0x01});
        QTest::newRow("stream invocation without id") << bytes({0x95, 0x04, 0x80, 0xc0, 0xa1, 'm', 0x90});
        QTest::newRow("header value not a string") << bytes({0x95, 0x01, 0x81, 0xa1, 'a', 0x01, 0xc0, 0xa1, 'm', 0x90});
        QTest::newRow("ack without id") << bytes({0x91, 0x08});
        QTest::newRow("unknown code") << bytes({0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0xc1});
    }

    void malformedRecordsAreErrors()
    {
        QFETCH(QByteArray, record);
        HubMessage message;
        QString error;
        QVERIFY(!MessagePackHubProtocol().decode(record, message, error));
        QVERIFY2(!error.isEmpty(), "a malformed record must say why");
    }

    void deepNestingIsRefused()
    {
        QByteArray record = bytes({0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x91});
        record.append(QByteArray(100000, char(0x91)));
        record.append(char(0x01));
        HubMessage message;
        QString error;
        QVERIFY(!MessagePackHubProtocol().decode(record, message, error));
        QVERIFY(error.contains(QLatin1String("nested")));
    }

    // --- The value mapping.
    void integersUseTheSmallestFormat_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("0") << qint64(0) << bytes({0x00});
        QTest::newRow("127") << qint64(127) << bytes({0x7f});
        QTest::newRow("128") << qint64(128) << bytes({0xcc, 0x80});
        QTest::newRow("65535") << qint64(65535) << bytes({0xcd, 0xff, 0xff});
        QTest::newRow("65536") << qint64(65536) << bytes({0xce, 0x00, 0x01, 0x00, 0x00});
        QTest::newRow("2^32") << (qint64(1) << 32) << bytes({0xcf, 0, 0, 0, 1, 0, 0, 0, 0});
        QTest::newRow("-1") << qint64(-1) << bytes({0xff});
        QTest::newRow("-32") << qint64(-32) << bytes({0xe0});
        QTest::newRow("-33") << qint64(-33) << bytes({0xd0, 0xdf});
        QTest::newRow("-129") << qint64(-129) << bytes({0xd1, 0xff, 0x7f});
        QTest::newRow("-32769") << qint64(-32769) << bytes({0xd2, 0xff, 0xff, 0x7f, 0xff});
        QTest::newRow("min") << std::numeric_limits<qint64>::min() << bytes({0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0});
    }

    void integersUseTheSmallestFormat()
    {
        QFETCH(qint64, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(writeValue(QJsonValue(value)), encoded);
        QCOMPARE(readValue(encoded).toInteger(), value);
    }

    void numbersWithAFractionAreDoubles()
    {
        QCOMPARE(writeValue(2.5), bytes({0xcb, 0x40, 0x04, 0, 0, 0, 0, 0, 0}));
        QCOMPARE(readValue(bytes({0xcb, 0x40, 0x04, 0, 0, 0, 0, 0, 0})).toDouble(), 2.5);
        // A whole double becomes an integer: a .NET long parameter cannot read a float.
        QCOMPARE(writeValue(3.0), bytes({0x03}));
        // float32 reads too.
        QCOMPARE(readValue(bytes({0xca, 0x3f, 0xc0, 0, 0})).toDouble(), 1.5);
    }

    void largeUnsignedBecomesDouble()
    {
        QCOMPARE(readValue(bytes({0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})).toDouble(), 18446744073709551615.0);
    }

    void stringsOfEveryLength()
    {
        for (int size : {0, 31, 32, 255, 256, 65535, 65536}) {
            const QString text(size, QLatin1Char('a'));
            const QByteArray encoded = writeValue(text);
            QCOMPARE(readValue(encoded).toString(), text);
            const quint8 code = quint8(encoded.at(0));
            QCOMPARE(code, size <= 31      ? quint8(0xa0 | size)
                           : size <= 255   ? quint8(0xd9)
                           : size <= 65535 ? quint8(0xda)
                                           : quint8(0xdb));
        }
        QCOMPARE(readValue(writeValue(QStringLiteral("Grüße €"))).toString(), QStringLiteral("Grüße €"));
    }

    void containersOfEveryLength()
    {
        for (int size : {0, 15, 16, 65536}) {
            QJsonArray array;
            QJsonObject object;
            for (int i = 0; i < size; ++i) {
                array.append(i);
                object.insert(QString::number(i), i);
            }
            QCOMPARE(readValue(writeValue(array)).toArray(), array);
            QCOMPARE(readValue(writeValue(object)).toObject(), object);
        }
    }

    void binaryBecomesBase64() { QCOMPARE(readValue(bytes({0xc4, 0x03, 'a', 'b', 'c'})).toString(), QStringLiteral("YWJj")); }

    void timestampsBecomeIsoStrings_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QString>("iso");
        // 2026-01-05T14:30:26Z = 1767623426.
        QTest::newRow("timestamp 32") << bytes({0xd6, 0xff, 0x69, 0x5b, 0xcb, 0x02}) << "2026-01-05T14:30:26.0000000Z";
        // timestamp 64: nanoseconds 123456700 << 34 | seconds.
        QTest::newRow("timestamp 64") << bytes({0xd7, 0xff, 0x1d, 0x6f, 0x32, 0xf0, 0x69, 0x5b, 0xcb, 0x02})
                                      << "2026-01-05T14:30:26.1234567Z";
        // timestamp 96: before 1970.
        QTest::newRow("timestamp 96") << bytes({0xc7, 0x0c, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
                                      << "1969-12-31T23:59:59.0000000Z";
    }

    void timestampsBecomeIsoStrings()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QString, iso);
        QCOMPARE(readValue(encoded).toString(), iso);
    }

    void integerMapKeysBecomeText()
    {
        QCOMPARE(readValue(bytes({0x81, 0x07, 0xa1, 'x'})).toObject(), (QJsonObject{{QStringLiteral("7"), QStringLiteral("x")}}));
    }

    void mapsKeepTheirKeysInOrder()
    {
        // {"b":1,"a":[true,null]}: written as the server wrote it, not sorted.
        QCOMPARE(readJson(bytes({0x82, 0xa1, 'b', 0x01, 0xa1, 'a', 0x92, 0xc3, 0xc0})), QByteArray(R"({"b":1,"a":[true,null]})"));
    }

    void stringsAreEscaped()
    {
        const QString text = QStringLiteral("q\"b\\n\n\t\x01\x1f Δ-neutral €");
        QCOMPARE(readJson(writeValue(text)),
                 QByteArray(R"("q\"b\\n\n\t\u0001\u001f )") + QStringLiteral("Δ-neutral €").toUtf8() + '"');
        QCOMPARE(readValue(writeValue(text)).toString(), text);
    }

    void invalidUtf8BecomesReplacementCharacters()
    {
        // A lone continuation byte and a truncated sequence: the JSON text stays valid.
        const QString read = readValue(bytes({0xa4, 'a', 0x80, 0xe2, 0x82})).toString();
        QVERIFY(read.startsWith(QStringLiteral("a\ufffd")));
        QCOMPARE(read, QString::fromUtf8("a\x80\xe2\x82"));
    }

    void containersAsMapKeysAreRefused()
    {
        // {{"a":1}: 2} and {[1]: 2}: no JSON name for them.
        for (const QByteArray &data : {bytes({0x81, 0x81, 0xa1, 'a', 0x01, 0x02}), bytes({0x81, 0x91, 0x01, 0x02})}) {
            signalr::msgpack::Reader reader(data);
            QByteArray json;
            QVERIFY(!reader.readJson(json));
            QVERIFY2(reader.error().contains("map key"), qPrintable(reader.error()));
        }
    }

    void numbersJsonCannotWriteAreNull()
    {
        // float64 NaN and +infinity.
        QCOMPARE(readJson(bytes({0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0})), QByteArray("null"));
        QCOMPARE(readJson(bytes({0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0})), QByteArray("null"));
    }

    void randomValuesReadBackAsWritten()
    {
        // Values of every type, nested at random; printed seed.
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u", seed);
        QRandomGenerator random(seed);
        for (int round = 0; round < 300; ++round) {
            const QJsonValue value = randomValue(random, 0);
            QCOMPARE(readValue(writeValue(value)), value);
        }
    }

private:
    static QJsonValue randomValue(QRandomGenerator &random, int depth)
    {
        switch (random.bounded(depth < 4 ? 8 : 6)) {
        case 0: return QJsonValue::Null;
        case 1: return random.bounded(2) == 1;
        case 2: return qint64(random.generate64()) >> random.bounded(64);
        case 3: return random.generateDouble() * 1e6 - 5e5;
        case 4: {
            QString text;
            for (int i = random.bounded(40); i > 0; --i)
                text += QChar(char16_t(random.bounded(2) ? random.bounded(0x20, 0x7f) : random.bounded(1, 0xd7ff)));
            return text;
        }
        case 5: return QString();
        case 6: {
            QJsonArray array;
            for (int i = random.bounded(5); i > 0; --i)
                array.append(randomValue(random, depth + 1));
            return array;
        }
        default: {
            QJsonObject object;
            for (int i = random.bounded(5); i > 0; --i)
                object.insert(QString::number(random.bounded(1000)), randomValue(random, depth + 1));
            return object;
        }
        }
    }
};

QTEST_APPLESS_MAIN(TestMessagePackHubProtocol)
#include "tst_messagepackhubprotocol.moc"
