// The text line of mesolive-events dump --format text: one line per event, whatever the
// hub put in its strings.
#include "EventLineFormat.h"

#include <QJsonObject>
#include <QTest>

namespace {

eventhub::Event eventWith(const QJsonObject &fields)
{
    QJsonObject payload{{"EventId", "id-1"},
                        {"EventSeqId", 7},
                        {"EventTime", "2026-11-25T10:00:00.000Z"},
                        {"StrategyId", 101},
                        {"StrategyName", "SPX\x1b]0;owned\x07"}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        payload.insert(it.key(), it.value());
    eventhub::Event event;
    QString error;
    if (!eventhub::parseEvent(QStringLiteral("OrderUpdate"), payload, event, error))
        qFatal("%s", qPrintable(error));
    return event;
}

} // namespace

class TestEventLineFormat : public QObject
{
    Q_OBJECT

private slots:
    void controlCharactersFromTheHubAreEscaped()
    {
        const QByteArray line = cli::EventLineFormat::text(eventWith({{"Note", "red\x1b[31m\nforged line\r\tend"},
                                                                      {"Bidi", QString(QChar(0x202e)) + "txt.exe"},
                                                                      {"C1", QString(QChar(0x9b)) + "2J"}}));
        QVERIFY2(line.endsWith('\n') && line.count('\n') == 1, line.constData());
        for (const char control : {'\x1b', '\x07', '\r', '\t'})
            QVERIFY2(!line.contains(control), line.constData());
        QVERIFY2(line.contains("Note=red\\u001b[31m\\nforged line\\r\\tend"), line.constData());
        QVERIFY2(line.contains("[101 SPX\\u001b]0;owned\\u0007]"), line.constData());
        QVERIFY2(line.contains("Bidi=\\u202etxt.exe"), line.constData());
        QVERIFY2(line.contains("C1=\\u009b2J"), line.constData());
    }

    void ordinaryTextIsLeftAlone()
    {
        const QByteArray line = cli::EventLineFormat::text(eventWith({{"Note", "Straddle 5 × SPX — ok \\ done"}}));
        QVERIFY2(line.contains(QStringLiteral("Note=Straddle 5 × SPX — ok \\ done").toUtf8()), line.constData());
    }
};

QTEST_GUILESS_MAIN(TestEventLineFormat)
#include "tst_eventlineformat.moc"
