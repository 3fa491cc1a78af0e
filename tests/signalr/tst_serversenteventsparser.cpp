// Unit tests of the text/event-stream reader behind the Server-Sent Events transport: line
// ends of every kind, multi-line data, comments and other fields, and a stream cut at every
// byte (inside a CRLF and inside a UTF-8 character too) giving the same events.
#include "signalr/ServerSentEventsParser.h"

#include <QTest>

using signalr::ServerSentEventsParser;

namespace {

QList<QByteArray> parseInPieces(const QByteArray &stream, qsizetype pieceSize)
{
    ServerSentEventsParser parser(1024 * 1024);
    QList<QByteArray> events;
    for (qsizetype offset = 0; offset < stream.size(); offset += pieceSize) {
        if (!parser.append(QByteArrayView(stream).sliced(offset, qMin(pieceSize, stream.size() - offset)), events))
            qFatal("unexpected parser error: %s", qPrintable(parser.errorString()));
    }
    return events;
}

QList<QByteArray> parseWhole(const QByteArray &stream)
{
    return parseInPieces(stream, qMax<qsizetype>(1, stream.size()));
}

} // namespace

class TestServerSentEventsParser : public QObject
{
    Q_OBJECT

private slots:
    void lineEndsOfEveryKind_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::newRow("CRLF, as ASP.NET Core writes") << QByteArray(":\r\ndata: one\r\n\r\ndata: two\r\n\r\n");
        QTest::newRow("LF") << QByteArray(":\ndata: one\n\ndata: two\n\n");
        QTest::newRow("CR") << QByteArray(":\rdata: one\r\rdata: two\r\r");
        QTest::newRow("mixed") << QByteArray(":\r\ndata: one\r\rdata: two\n\r\n");
    }

    void lineEndsOfEveryKind()
    {
        QFETCH(QByteArray, stream);
        QCOMPARE(parseWhole(stream), (QList<QByteArray>{"one", "two"}));
    }

    void dataLinesAreJoinedByLineFeeds()
    {
        QCOMPARE(parseWhole("data: first\r\ndata: second\r\ndata:third\r\n\r\n"), QList<QByteArray>{"first\nsecond\nthird"});
        // Only the one space after the colon goes.
        QCOMPARE(parseWhole("data:  two spaces\n\n"), QList<QByteArray>{" two spaces"});
        // Colons in the value stay.
        QCOMPARE(parseWhole("data: {\"a\":1}\x1e\n\n"), QList<QByteArray>{"{\"a\":1}\x1e"});
    }

    void commentsAndOtherFieldsAreSkipped()
    {
        QCOMPARE(parseWhole(": keepalive\nevent: message\nid: 7\nretry: 1000\ndata: x\nunknown\n\n"), QList<QByteArray>{"x"});
        // A blank line with no data before it makes no event; "data" alone makes an empty one.
        QCOMPARE(parseWhole("\n\n: only a comment\n\ndata\n\n"), QList<QByteArray>{QByteArray()});
    }

    void anEventIsHandedOverOnlyWhenWhole()
    {
        ServerSentEventsParser parser(1024);
        QList<QByteArray> events;
        QVERIFY(parser.append("data: \xce", events));
        QVERIFY(parser.append("\x94-neutral Fly\r\n", events));
        QVERIFY(events.isEmpty()); // the blank line is still to come
        QVERIFY(parser.append("\r", events));
        QCOMPARE(events, QList<QByteArray>{"\xce\x94-neutral Fly"});
        // The LF of that CRLF, in the next piece, is not a second blank line.
        QVERIFY(parser.append("\ndata: next\r", events));
        QCOMPARE(events.size(), 1);
        QVERIFY(parser.append("\n\r\n", events));
        QCOMPARE(events, (QList<QByteArray>{"\xce\x94-neutral Fly", "next"}));
    }

    // The same events whatever the pieces: cut at every byte, in CRLF pairs and in 'Δ' (CE 94).
    void splitAtEveryByte_data()
    {
        QTest::addColumn<qsizetype>("pieceSize");
        for (qsizetype size : {1, 2, 3, 5, 7, 64})
            QTest::newRow(qPrintable(QStringLiteral("pieces of %1").arg(size))) << size;
    }

    void splitAtEveryByte()
    {
        QFETCH(qsizetype, pieceSize);
        const QByteArray stream = ":\r\n"
                                  "data: {\"type\":1,\"target\":\"OnEntrySignal\",\"arguments\":[{\"StrategyName\":"
                                  "\"\xce\x94-neutral Fly 3\"}]}\x1e\r\n\r\n"
                                  "data: a\rdata: b\r\r"
                                  "data: c\ndata: d\n\n"
                                  "data: {\"type\":6}\x1e\r\n\r\n";
        const QList<QByteArray> expected{
            "{\"type\":1,\"target\":\"OnEntrySignal\",\"arguments\":[{\"StrategyName\":\"\xce\x94-neutral Fly 3\"}]}\x1e", "a\nb",
            "c\nd", "{\"type\":6}\x1e"};
        QCOMPARE(parseWhole(stream), expected);
        QCOMPARE(parseInPieces(stream, pieceSize), expected);
    }

    void anEventOverTheLimitIsAnError()
    {
        ServerSentEventsParser parser(16);
        QList<QByteArray> events;
        QVERIFY(parser.append("data: 0123456789\n", events));
        QVERIFY(!parser.append("data: 0123456789\n\n", events));
        QVERIFY2(parser.errorString().contains(QLatin1String("16 bytes")), qPrintable(parser.errorString()));
        QVERIFY(events.isEmpty());
        QVERIFY(!parser.append("\n", events)); // nothing more is read
    }
};

QTEST_APPLESS_MAIN(TestServerSentEventsParser)
#include "tst_serversenteventsparser.moc"
