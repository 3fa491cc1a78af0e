// Unit tests of WebSocketText: a text message's UTF-8 bytes, with room after them for
// simdjson to parse its records where they are (SharedBytes).
#include "signalr/SharedBytes.h"
#include "signalr/WebSocketText.h"

#include <simdjson.h>

#include <QTest>

using namespace signalr;

class TestWebSocketText : public QObject
{
    Q_OBJECT

private slots:
    void leavesSimdjsonsPaddingAfterTheLastRecord()
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
    void everyLengthAndPlaceGivesQStringsUtf8()
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
};

QTEST_APPLESS_MAIN(TestWebSocketText)
#include "tst_websockettext.moc"
