// Time a trader can read: one display zone (local, UTC, exchange time in New York) for
// every time on screen, the date where the day is not today, the other zones in tooltips.

#include "TestEvents.h"
#include "models/DisplayTime.h"
#include "models/EventPresentation.h"
#include "models/PaneCatalog.h"

#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

class TestDisplayTime : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { ui::setDisplayZone(ui::DisplayZone::Local); }

    void zonesAndDates()
    {
        // 14:30 UTC on a summer day is 10:30 in New York (EDT).
        const qint64 summer = QDateTime(QDate(2026, 7, 1), QTime(14, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        ui::setDisplayZone(ui::DisplayZone::Exchange);
        QCOMPARE(ui::formatTime(summer), QStringLiteral("2026-07-01 10:30:00.000"));
        QCOMPARE(ui::formatClock(summer), QStringLiteral("2026-07-01 10:30:00"));
        const QString others = ui::otherZonesText(summer);
        QVERIFY2(others.contains(QStringLiteral("UTC: 2026-07-01 14:30:00.000")) && others.contains(QStringLiteral("Local: ")),
                 qPrintable(others));
        QVERIFY(!others.contains(QStringLiteral("ET: ")));
        ui::setDisplayZone(ui::DisplayZone::Utc);
        QCOMPARE(ui::formatTime(summer), QStringLiteral("2026-07-01 14:30:00.000"));
        QVERIFY(ui::otherZonesText(summer).contains(QStringLiteral("ET: 2026-07-01 10:30:00.000")));
        // Today's times need no date.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(ui::formatTime(now), ui::inZone(now).toString(QStringLiteral("HH:mm:ss.zzz")));
        QCOMPARE(ui::displayZoneFromKey(ui::displayZoneKey(ui::DisplayZone::Exchange)), ui::DisplayZone::Exchange);
        QCOMPARE(ui::displayZoneFromKey(QStringLiteral("mars")), ui::DisplayZone::Local);
    }

    void aDisplayDayIsTheSpanOfUtcTimeItCovers()
    {
        // In every zone, every moment of a day, its first and last millisecond included,
        // has that day's date, and the moments just outside do not: the span agrees with
        // inZone. 2026-03-08 is the day New York moves its clocks on (23 hours long).
        const qint64 hourMs = 3600 * 1000;
        const qint64 springForward = QDateTime(QDate(2026, 3, 8), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        const qint64 summer = QDateTime(QDate(2026, 7, 1), QTime(3, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        for (ui::DisplayZone zone : {ui::DisplayZone::Local, ui::DisplayZone::Utc, ui::DisplayZone::Exchange}) {
            for (qint64 moment : {springForward, summer}) {
                const ui::DisplayDay day = ui::displayDayOf(moment, zone);
                QCOMPARE(day.date, ui::inZone(moment, zone).date());
                QCOMPARE(ui::inZone(day.startUtcMs, zone).date(), day.date);
                QCOMPARE(ui::inZone(day.endUtcMs - 1, zone).date(), day.date);
                QVERIFY(ui::inZone(day.startUtcMs - 1, zone).date() < day.date);
                QVERIFY(ui::inZone(day.endUtcMs, zone).date() > day.date);
                QVERIFY(day.contains(moment) && !day.contains(day.endUtcMs) && !day.contains(day.startUtcMs - 1));
            }
        }
        const ui::DisplayDay shortDay = ui::displayDayOf(springForward, ui::DisplayZone::Exchange);
        if (ui::inZone(springForward, ui::DisplayZone::Exchange).timeSpec() == Qt::TimeZone) // with time zone data
            QCOMPARE(shortDay.endUtcMs - shortDay.startUtcMs, 23 * hourMs);
        QCOMPARE(ui::displayDayOf(summer, ui::DisplayZone::Utc).endUtcMs
                     - ui::displayDayOf(summer, ui::DisplayZone::Utc).startUtcMs,
                 24 * hourMs);
        // A moment outside the day still gets its own date, in the day's zone.
        QCOMPARE(shortDay.dateOf(summer), ui::inZone(summer, ui::DisplayZone::Exchange).date());
        QCOMPARE(shortDay.dateOf(springForward), shortDay.date);
    }

    void tablesSayTheirZone()
    {
        ui::EventTableModel model(ui::livePaneDefinitions(10).first().model);
        eventhub::Event event =
            makeEvent(eventhub::EventKind::EntrySignal, 1, {{QStringLiteral("SignalId"), QStringLiteral("S")}});
        model.addEvents({event});
        ui::setDisplayZone(ui::DisplayZone::Exchange);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time (ET)"));
        QCOMPARE(model.index(0, 0).data().toString(), ui::formatTime(event.timeMs));
        QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("UTC: ")));
        ui::setDisplayZone(ui::DisplayZone::Utc);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time (UTC)"));
    }
};

QTEST_MAIN(TestDisplayTime)
#include "tst_display_time.moc"
