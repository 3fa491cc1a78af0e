// Unit tests of the VarInt length framing of the MessagePack hub protocol: records split
// across WebSocket messages, several in one, the spec's examples, limits and garbage.
#include "signalr/BinaryRecordFraming.h"

#include <QTest>

using signalr::BinaryRecordFraming;

class TestBinaryRecordFraming : public QObject
{
    Q_OBJECT

private:
    static QList<QByteArray> takeAll(BinaryRecordFraming &framing)
    {
        QList<QByteArray> records;
        QByteArray record;
        while (framing.nextRecord(record))
            records.append(record);
        return records;
    }

private slots:
    void specExample()
    {
        // "Hello\nWorld" and 0x01 0x02, as the spec frames them.
        const QByteArray stream = QByteArray("\x0bHello\nWorld", 12) + QByteArray("\x02\x01\x02", 3);
        QCOMPARE(BinaryRecordFraming::frame("Hello\nWorld") + BinaryRecordFraming::frame(QByteArray("\x01\x02", 2)), stream);
        BinaryRecordFraming framing(1024);
        QVERIFY(framing.append(stream));
        QCOMPARE(takeAll(framing), (QList<QByteArray>{"Hello\nWorld", QByteArray("\x01\x02", 2)}));
        QVERIFY(!framing.hasPartialRecord());
    }

    void lengthPrefixSizes_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("0") << 0 << QByteArray("\x00", 1);
        QTest::newRow("127") << 127 << QByteArray("\x7f");
        QTest::newRow("128") << 128 << QByteArray("\x80\x01");
        QTest::newRow("5248 (the spec's)") << 5248 << QByteArray("\x80\x29");
        QTest::newRow("16384") << 16384 << QByteArray("\x80\x80\x01");
        QTest::newRow("2097152") << 2097152 << QByteArray("\x80\x80\x80\x01");
    }

    void lengthPrefixSizes()
    {
        QFETCH(int, length);
        QFETCH(QByteArray, prefix);
        const QByteArray record(length, 'r');
        const QByteArray framed = BinaryRecordFraming::frame(record);
        QCOMPARE(framed.left(prefix.size()), prefix);
        QCOMPARE(framed.size(), prefix.size() + length);
        BinaryRecordFraming framing(4 * 1024 * 1024);
        QVERIFY(framing.append(framed));
        QCOMPARE(takeAll(framing), QList<QByteArray>{record});
    }

    void splitEverywhere()
    {
        // Three records, one with a two-byte prefix, fed in every possible two-piece split
        // and byte by byte: the records come out the same.
        const QList<QByteArray> records{QByteArray(3, 'a'), QByteArray(300, 'b'), QByteArray(1, 'c')};
        QByteArray stream;
        for (const QByteArray &record : records)
            stream += BinaryRecordFraming::frame(record);
        for (int cut = 0; cut <= stream.size(); ++cut) {
            BinaryRecordFraming framing(1024);
            QVERIFY(framing.append(stream.left(cut)));
            QList<QByteArray> got = takeAll(framing);
            QVERIFY(framing.append(stream.mid(cut)));
            got += takeAll(framing);
            QCOMPARE(got, records);
            QVERIFY(!framing.hasPartialRecord());
        }
        BinaryRecordFraming framing(1024);
        QList<QByteArray> got;
        for (char byte : stream) {
            QVERIFY(framing.append(QByteArray(1, byte)));
            got += takeAll(framing);
        }
        QCOMPARE(got, records);
    }

    void remainderIsHandedOver()
    {
        BinaryRecordFraming framing(1024);
        QVERIFY(framing.append(BinaryRecordFraming::frame("one") + QByteArray("\x05tw")));
        QByteArray record;
        QVERIFY(framing.nextRecord(record));
        QCOMPARE(framing.takeRemainder(), QByteArray("\x05tw"));
        QVERIFY(!framing.hasPartialRecord());
    }

    void oversizedRecordFailsBeforeItArrives()
    {
        BinaryRecordFraming framing(100);
        // Only the prefix of a 101-byte record: refused at once, nothing buffered.
        QVERIFY(!framing.append(QByteArray("\x65", 1)));
        QVERIFY(framing.errorString().contains(QLatin1String("101")));
        QVERIFY(!framing.append(QByteArray("x")));
        BinaryRecordFraming exact(100);
        QVERIFY(exact.append(BinaryRecordFraming::frame(QByteArray(100, 'x'))));
        QCOMPARE(takeAll(exact).size(), 1);
    }

    void oversizedRecordAfterAnotherFails()
    {
        BinaryRecordFraming framing(10);
        QVERIFY(framing.append(BinaryRecordFraming::frame("ok") + QByteArray("\x7f")));
        QByteArray record;
        QVERIFY(framing.nextRecord(record));
        QVERIFY(!framing.nextRecord(record));
        QVERIFY(!framing.errorString().isEmpty());
    }

    void malformedPrefixes()
    {
        // Six continuation bytes: longer than any 32-bit VarInt.
        BinaryRecordFraming tooLong(1 << 30);
        QVERIFY(!tooLong.append(QByteArray("\x80\x80\x80\x80\x80\x01")));
        // Five bytes whose value exceeds 2^31 - 1.
        BinaryRecordFraming tooLarge(std::numeric_limits<qint64>::max());
        QVERIFY(!tooLarge.append(QByteArray("\xff\xff\xff\xff\x0f")));
        // The largest legal length is accepted (and waits for its bytes).
        BinaryRecordFraming largest(std::numeric_limits<qint64>::max());
        QVERIFY(largest.append(QByteArray("\xff\xff\xff\xff\x07")));
        QByteArray record;
        QVERIFY(!largest.nextRecord(record));
        QVERIFY(largest.errorString().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestBinaryRecordFraming)
#include "tst_binaryrecordframing.moc"
