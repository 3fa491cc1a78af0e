// Unit tests of SharedBytes: parts of a buffer that share it, copied on write.
#include "signalr/SharedBytes.h"

#include <QTest>

using namespace signalr;

namespace {

bool pointsInto(const QByteArray &part, const QByteArray &whole)
{
    return part.constData() >= whole.constData() && part.constData() + part.size() <= whole.constData() + whole.size();
}

} // namespace

class TestSharedBytes : public QObject
{
    Q_OBJECT

private slots:
    void aPartSharesItsBufferAndOutlivesTheWhole()
    {
        if (!signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        QByteArray whole("[{\"a\":1},{\"b\":2}]");
        QByteArray part = sharedPart(whole, 9, 7);
        QCOMPARE(part, QByteArray("{\"b\":2}"));
        QVERIFY(pointsInto(part, whole));
        whole = QByteArray(); // the part holds the buffer now
        QCOMPARE(part, QByteArray("{\"b\":2}"));
        QCOMPARE(part.toStdString(), std::string("{\"b\":2}"));
    }

    void aPartFromAViewIsTheSameBytes()
    {
        if (!signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        const QByteArray whole("abcdef");
        const QByteArray part = sharedPart(whole, QByteArrayView(whole).sliced(2, 3));
        QCOMPARE(part, QByteArray("cde"));
        QCOMPARE(part.constData(), whole.constData() + 2);
    }

    void writingToEitherSideCopiesFirst()
    {
        QByteArray whole("0123456789");
        QByteArray part = sharedPart(whole, 2, 3);
        part[0] = 'x';
        QCOMPARE(whole, QByteArray("0123456789"));
        QCOMPARE(part, QByteArray("x34"));

        QByteArray other = sharedPart(whole, 5, 2);
        whole[5] = 'y';
        whole.append("more");
        QCOMPARE(other, QByteArray("56"));
    }

    void bytesNotOwnedAreCopied()
    {
        static const char text[] = "not owned";
        const QByteArray raw = QByteArray::fromRawData(text, sizeof(text) - 1);
        const QByteArray part = sharedPart(raw, 4, 5);
        QCOMPARE(part, QByteArray("owned"));
        QVERIFY(part.constData() != text + 4); // a part could not keep `text` alive
    }

    void bytesAfterCountToTheBuffersEnd()
    {
        if (!signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        const QByteArray whole("0123456789");
        QCOMPARE(bytesAfter(whole), 0);
        QCOMPARE(bytesAfter(sharedPart(whole, 2, 3)), 5);
        QCOMPARE(bytesAfter(sharedPart(whole, 0, 10)), 0);
    }

    void removeFrontKeepsThePartsHandedOut()
    {
        QByteArray buffer("first\x1esecond\x1etail");
        const QByteArray first = sharedPart(buffer, 0, 5);
        const QByteArray second = sharedPart(buffer, 6, 6);
        removeFront(buffer, 13);
        QCOMPARE(buffer, QByteArray("tail"));
        QCOMPARE(first, QByteArray("first"));
        QCOMPARE(second, QByteArray("second"));
        QVERIFY(!pointsInto(buffer, first)); // the rest alone, in a buffer of its own

        QByteArray shared("shared");
        const QByteArray holder = shared;
        removeFront(shared, 0); // nothing to remove: no copy either
        QCOMPARE(shared.constData(), holder.constData());

        QByteArray alone("abcdef");
        removeFront(alone, 2);
        QCOMPARE(alone, QByteArray("cdef"));
        removeFront(alone, 4);
        QVERIFY(alone.isEmpty());
    }

    void ownBytesCopiesAPartOfAMuchLargerBuffer()
    {
        const QByteArray message = QByteArray(4000, 'x') + QByteArray("{\"small\":1}") + QByteArray(4000, 'y');
        QByteArray small = sharedPart(message, 4000, 11);
        ownBytes(small);
        QCOMPARE(small, QByteArray("{\"small\":1}"));
        QVERIFY(!pointsInto(small, message));
        QCOMPARE(bytesAfter(small), 0);

        // More than half of its buffer: left where it is.
        QByteArray large = sharedPart(message, 100, 7000);
        const char *before = large.constData();
        ownBytes(large);
        QCOMPARE(large.constData(), before);

        QByteArray own("own bytes");
        const char *ownData = own.constData();
        ownBytes(own);
        QCOMPARE(own.constData(), ownData);
    }
};

QTEST_APPLESS_MAIN(TestSharedBytes)
#include "tst_sharedbytes.moc"
