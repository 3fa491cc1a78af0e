// Unit tests of the 0x1E record framing shared by the handshake and the JSON hub protocol.
#include "signalr/TextRecordFraming.h"

#include <QTest>

using signalr::TextRecordFraming;

class TestTextRecordFraming : public QObject
{
    Q_OBJECT

private:
    static QList<QByteArray> takeAll(TextRecordFraming &framing)
    {
        QList<QByteArray> records;
        QByteArray record;
        while (framing.nextRecord(record))
            records.append(record);
        return records;
    }

private slots:
    void frameAppendsTheSeparator()
    {
        QCOMPARE(TextRecordFraming::frame("{}"), QByteArray("{}\x1e"));
        QCOMPARE(TextRecordFraming::frame(QByteArray()), QByteArray("\x1e"));
    }

    void severalRecordsInOneAppend()
    {
        TextRecordFraming framing(1024);
        QVERIFY(framing.append("{\"a\":1}\x1e{\"b\":2}\x1e\x1e{\"c\":3}\x1e"));
        // An empty record between two separators is a record too (the decoder rejects it).
        QCOMPARE(takeAll(framing), (QList<QByteArray>{"{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"}));
        QVERIFY(!framing.hasPartialRecord());
        QVERIFY(framing.errorString().isEmpty());
    }

    void recordSplitAcrossAppends()
    {
        TextRecordFraming framing(1024);
        QByteArray record;
        QVERIFY(framing.append("{\"type\":1,\"tar"));
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(framing.hasPartialRecord());
        QVERIFY(framing.append("get\":\"x\""));
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(framing.append(",\"arguments\":[]}\x1e{\"ty"));
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(record, QByteArray("{\"type\":1,\"target\":\"x\",\"arguments\":[]}"));
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(framing.hasPartialRecord());
        QVERIFY(framing.append("pe\":6}\x1e"));
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(record, QByteArray("{\"type\":6}"));
        QVERIFY(!framing.hasPartialRecord());
    }

    void recordsFedByteByByte()
    {
        const QByteArray stream("{\"type\":6}\x1e{\"type\":1,\"target\":\"t\",\"arguments\":[1]}\x1e{}\x1e");
        TextRecordFraming framing(64);
        QList<QByteArray> records;
        for (char byte : stream) {
            QVERIFY(framing.append(QByteArray(1, byte)));
            records += takeAll(framing);
        }
        QCOMPARE(records, (QList<QByteArray>{"{\"type\":6}", "{\"type\":1,\"target\":\"t\",\"arguments\":[1]}", "{}"}));
        QVERIFY(!framing.hasPartialRecord());
    }

    void remainderAfterTheHandshakeRecord()
    {
        // The handshake response and the first messages can share one WebSocket message:
        // what follows the handshake record must be handed on byte for byte.
        const QByteArray following("{\"type\":1,\"target\":\"t\",\"arguments\":[]}\x1e{\"type\":6}\x1e{\"type\":");
        TextRecordFraming handshake(1024);
        QVERIFY(handshake.append("{}\x1e" + following));
        QByteArray record;
        QVERIFY(handshake.nextRecord(record));
        QCOMPARE(record, QByteArray("{}"));
        QCOMPARE(handshake.takeRemainder(), following);
        QVERIFY(!handshake.hasPartialRecord());
        QVERIFY(handshake.takeRemainder().isEmpty());

        TextRecordFraming messages(1024);
        QVERIFY(messages.append(following));
        QCOMPARE(takeAll(messages), (QList<QByteArray>{"{\"type\":1,\"target\":\"t\",\"arguments\":[]}", "{\"type\":6}"}));
        QVERIFY(messages.hasPartialRecord());
        QCOMPARE(messages.takeRemainder(), QByteArray("{\"type\":"));
    }

    void remainderOfAnUnscannedBuffer()
    {
        TextRecordFraming framing(1024);
        QVERIFY(framing.append("{}\x1e{\"type\":6}\x1e"));
        // Nothing taken yet: everything is remainder.
        QCOMPARE(framing.takeRemainder(), QByteArray("{}\x1e{\"type\":6}\x1e"));
        QVERIFY(!framing.hasPartialRecord());
    }

    void partialRecordAtTheLimitIsKept()
    {
        TextRecordFraming framing(16);
        QVERIFY(framing.append(QByteArray(16, 'x')));
        QVERIFY(framing.errorString().isEmpty());
        QVERIFY(framing.append("\x1e"));
        QByteArray record;
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(record, QByteArray(16, 'x'));
    }

    void partialRecordBeyondTheLimitFails()
    {
        TextRecordFraming framing(16);
        QVERIFY(framing.append(QByteArray(10, 'x')));
        QVERIFY(!framing.append(QByteArray(7, 'x')));
        QVERIFY(!framing.errorString().isEmpty());
        QVERIFY2(framing.errorString().contains(QLatin1String("16")), qPrintable(framing.errorString()));
        // It does not keep buffering: the bytes are dropped and the framing stays failed.
        QVERIFY(!framing.hasPartialRecord());
        QVERIFY(framing.takeRemainder().isEmpty());
        QVERIFY(!framing.append("{}\x1e"));
        QByteArray record;
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(!framing.hasPartialRecord());
    }

    void partialRecordBeyondTheLimitInOneAppendFails()
    {
        TextRecordFraming framing(16);
        // Complete records before it do not excuse the oversized tail.
        QVERIFY(!framing.append("{}\x1e" + QByteArray(17, 'x')));
        QVERIFY(!framing.errorString().isEmpty());
        QVERIFY(!framing.hasPartialRecord());
    }

    void completeRecordBeyondTheLimitFails()
    {
        TextRecordFraming framing(16);
        // The tail is empty, so append accepts it; taking the oversized record fails.
        QVERIFY(framing.append("{}\x1e" + QByteArray(17, 'x') + "\x1e{}\x1e"));
        QByteArray record;
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(record, QByteArray("{}"));
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(!framing.errorString().isEmpty());
        QVERIFY(!framing.hasPartialRecord());
    }

    void manySmallRecordsInOneBigAppend()
    {
        TextRecordFraming framing(16);
        QByteArray stream;
        for (int i = 0; i < 5000; ++i)
            stream += "{\"i\":" + QByteArray::number(i % 1000) + "}\x1e";
        QVERIFY(stream.size() > 16 * 1000);
        QVERIFY(framing.append(stream));
        const QList<QByteArray> records = takeAll(framing);
        QCOMPARE(records.size(), 5000);
        QCOMPARE(records.first(), QByteArray("{\"i\":0}"));
        QCOMPARE(records.last(), QByteArray("{\"i\":999}"));
        QVERIFY(framing.errorString().isEmpty());
        QVERIFY(!framing.hasPartialRecord());
        // Still usable afterwards.
        QVERIFY(framing.append("{}\x1e"));
        QCOMPARE(takeAll(framing), QList<QByteArray>{"{}"});
    }

    // Records are parts of the message they came in (not copies), and stay whole when the
    // framing moves on: a record split across messages is put together in a buffer of its
    // own, which leaves the earlier message to the records that share it.
    void recordsShareTheirMessageAndOutliveTheFramingsBuffer()
    {
        TextRecordFraming framing(1024);
        const QByteArray message("{\"a\":1}\x1e{\"b\":2}\x1e{\"c\"");
        QVERIFY(framing.append(message));
        QByteArray first, second, third;
        QVERIFY(framing.nextRecord(first));
        QVERIFY(framing.nextRecord(second));
        QCOMPARE(first.constData(), message.constData());
        QCOMPARE(second.constData(), message.constData() + 8);
        QVERIFY(!framing.nextRecord(third));
        QVERIFY(framing.append(":3}\x1e"));
        QVERIFY(framing.nextRecord(third));
        QCOMPARE(third, QByteArray("{\"c\":3}"));
        QCOMPARE(first, QByteArray("{\"a\":1}"));
        QCOMPARE(second, QByteArray("{\"b\":2}"));
        QCOMPARE(message, QByteArray("{\"a\":1}\x1e{\"b\":2}\x1e{\"c\""));
    }

    void eachByteIsScannedAboutOnceHoweverTheRecordIsSplit_data()
    {
        QTest::addColumn<int>("pieces");
        QTest::addColumn<int>("pieceSize");
        QTest::newRow("one record in 10,000 pieces of 100 bytes") << 10000 << 100;
        QTest::newRow("one record in 100,000 pieces of 1 byte") << 100000 << 1;
        QTest::newRow("one record in 1 piece") << 1 << 1000000;
    }

    void eachByteIsScannedAboutOnceHoweverTheRecordIsSplit()
    {
        // Counted, not timed: searching the whole buffer on every piece (as the framing did
        // until issue 19) looks at pieces^2 / 2 pieces' worth: 5,000,000,000 bytes for the
        // first row.
        QFETCH(int, pieces);
        QFETCH(int, pieceSize);
        TextRecordFraming framing(16 * 1024 * 1024);
        const QByteArray piece(pieceSize, 'x');
        QByteArray record;
        qint64 received = 0;
        for (int i = 0; i < pieces; ++i) {
            QVERIFY(framing.append(piece));
            QVERIFY(!framing.nextRecord(record));
            received += piece.size();
        }
        const QByteArray end("}\x1e{\"next\"");
        QVERIFY(framing.append(end));
        received += end.size();
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(record.size(), qsizetype(pieces) * pieceSize + 1);
        QVERIFY(!framing.nextRecord(record));
        // Each byte once searching back for the last separator, the record's once more
        // when it is cut out.
        QVERIFY2(framing.bytesScanned() <= 2 * received,
                 qPrintable(QStringLiteral("%1 bytes scanned for %2 received").arg(framing.bytesScanned()).arg(received)));
    }
};

QTEST_GUILESS_MAIN(TestTextRecordFraming)
#include "tst_textrecordframing.moc"
