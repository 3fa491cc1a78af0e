// The words the full-text index gets for an event (EventSearchText.h). Stores written
// before hold numbers as QByteArray::number(value, 'g', 15) wrote them; the faster writer
// must write the same words, or a search finds old events but not new ones (or the
// reverse). Random numbers come from a printed seed; MESOLIVE_SEARCHTEXT_SEED=N repeats one.
#include "store/EventSearchText.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <cstring>

namespace {

eventhub::Event eventWithPayload(const QByteArray &payload)
{
    eventhub::Event event;
    event.kindName = QStringLiteral("OrderUpdate");
    event.setPayloadJson(payload);
    return event;
}

// The JSON text of a double that reads back as the same double (17 significant digits).
QByteArray exactJson(double value)
{
    return QByteArray::number(value, 'g', 17);
}

} // namespace

class TestEventSearchText : public QObject
{
    Q_OBJECT

private slots:
    void numbersAreWrittenAsStoresWrittenBeforeHaveThem_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<double>("value");
        const auto row = [](const char *name, const QByteArray &json, double value) { QTest::newRow(name) << json << value; };
        row("zero", "0", 0);
        row("negative zero", "-0.0", -0.0);
        row("small integer", "42", 42);
        row("negative integer", "-7", -7);
        row("largest exact integer below 1e15", "999999999999999", 999999999999999.0);
        row("1e15 as an integer", "1000000000000000", 1e15);
        row("int64 max", "9223372036854775807", 9223372036854775807.0);
        row("int64 min", "-9223372036854775808", -9223372036854775807.0 - 1);
        row("uint64 max", "18446744073709551615", 18446744073709551615.0);
        row("price", "0.3", 0.3);
        row("tiny", "1e-7", 1e-7);
        row("0.0001", "0.0001", 0.0001);
        row("0.00001", "0.00001", 0.00001);
        row("huge", "1.5e300", 1.5e300);
        row("denormal", "4.9e-324", 4.9e-324);
        row("sixteen digits", "0.1234567890123456", 0.1234567890123456);
        row("rounds up to the next power", "9.9999999999999999e22", 9.9999999999999999e22);
    }
    void numbersAreWrittenAsStoresWrittenBeforeHaveThem()
    {
        QFETCH(QByteArray, json);
        QFETCH(double, value);
        const QByteArray text = store::searchableText(eventWithPayload("{\"Price\":" + json + "}"));
        QCOMPARE(text, QByteArray("OrderUpdate ") + QByteArray::number(value, 'g', 15));
    }

    void randomNumbersAreWrittenAsStoresWrittenBeforeHaveThem()
    {
        bool fixed = false;
        const quint32 seed = qEnvironmentVariableIntValue("MESOLIVE_SEARCHTEXT_SEED", &fixed);
        const quint32 used = fixed ? seed : QRandomGenerator::global()->generate();
        qInfo("seed %u (MESOLIVE_SEARCHTEXT_SEED=%u repeats it)", used, used);
        QRandomGenerator random(used);
        for (int i = 0; i < 200000; ++i) {
            double value;
            QByteArray json;
            switch (i % 3) {
            case 0: { // any double: random bits, without NaN and infinity (not JSON)
                do {
                    const quint64 bits = random.generate64();
                    std::memcpy(&value, &bits, sizeof value);
                } while (!std::isfinite(value));
                json = exactJson(value);
                break;
            }
            case 1: { // integers of every size, as a hub writes ids and quantities
                const qint64 integer = qint64(random.generate64()) >> random.bounded(64);
                value = double(integer);
                json = QByteArray::number(integer);
                break;
            }
            default: // prices: a few decimals
                value = double(random.bounded(1000000)) / std::pow(10.0, random.bounded(7));
                json = exactJson(value);
                break;
            }
            const QByteArray text = store::searchableText(eventWithPayload("{\"Price\":" + json + "}"));
            const QByteArray expected = QByteArray("OrderUpdate ") + QByteArray::number(value, 'g', 15);
            if (text != expected)
                QFAIL(qPrintable(QStringLiteral("seed %1, %2: got \"%3\", want \"%4\"")
                                     .arg(used)
                                     .arg(QString::fromLatin1(json), QString::fromLatin1(text), QString::fromLatin1(expected))));
        }
    }

    void everyValueButTheCommonFieldsIsAWord()
    {
        eventhub::Event event = eventWithPayload(R"({"EventId":"e-1","EventSeqId":7,"EventTime":"2026-12-03T10:00:00Z",)"
                                                 R"("Legs":[{"Symbol":"SPXW261218P5800","Quantity":2}],"Status":"Rejected",)"
                                                 R"("Note":"Δ hedge","Filled":true,"Reason":null})");
        event.strategyName = QStringLiteral("SPX Iron Condor");
        QCOMPARE(QString::fromUtf8(store::searchableText(event)),
                 QStringLiteral("OrderUpdate SPX Iron Condor SPXW261218P5800 2 Rejected Δ hedge"));
    }
};

QTEST_GUILESS_MAIN(TestEventSearchText)
#include "tst_eventsearchtext.moc"
