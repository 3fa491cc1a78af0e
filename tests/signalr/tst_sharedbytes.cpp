// Unit tests of SharedBytes: parts of a buffer that share it, copied on write, and the
// WebSocket text buffer whose records simdjson may parse where they are.
#include "signalr/SharedBytes.h"
#include "signalr/WebSocketText.h"

#include <simdjson.h>

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

    void webSocketTextLeavesSimdjsonsPaddingAfterTheLastRecord()
    {
        if (!signalr::partsShareBytes)
            QSKIP("Parts are copies with this version of Qt (SharedBytes.h).");
        const QByteArray ascii = utf8FromWebSocketText(QStringLiteral("{\"type\":6}\x1e"));
        QCOMPARE(ascii, QByteArray("{\"type\":6}\x1e"));
        QVERIFY(bytesAfter(ascii) >= qsizetype(simdjson::SIMDJSON_PADDING));
        const QByteArray lastRecord = sharedPart(ascii, 0, ascii.size() - 1);
        QVERIFY(bytesAfter(lastRecord) > qsizetype(simdjson::SIMDJSON_PADDING));
        // Not ASCII: through QString::toUtf8, with the same room after it.
        const QString text = QStringLiteral("{\"x\":\"\u00e9\u20ac\"}\x1e");
        const QByteArray utf8 = utf8FromWebSocketText(text);
        QCOMPARE(utf8, text.toUtf8());
        QVERIFY(bytesAfter(utf8) >= qsizetype(simdjson::SIMDJSON_PADDING));
    }

    // Narrowed in vector steps (of 16 or 32 characters, by the CPU): every length, with
    // one character that is not ASCII at every place, gives exactly QString::toUtf8's bytes.
    void webSocketTextOfEveryLengthAndPlace()
    {
        for (int size = 0; size <= 80; ++size) {
            QString ascii;
            for (int i = 0; i < size; ++i)
                ascii += QChar(u'!' + (i * 7) % 90);
            QCOMPARE(utf8FromWebSocketText(ascii), ascii.toUtf8());
            for (int at = 0; at < size; ++at) {
                QString text = ascii;
                text[at] = at % 2 ? QChar(u'\u00e9') : QChar(u'\u0100');
                QCOMPARE(utf8FromWebSocketText(text), text.toUtf8());
            }
        }
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
