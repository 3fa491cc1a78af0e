// Events per second by category: counted by EventTime within the last minute.

#include "TestEvents.h"
#include "models/EventRateMeter.h"

#include <QtTest>

class TestEventRateMeter : public QObject
{
    Q_OBJECT

private slots:
    void countsByEventTimeAndCategory()
    {
        ui::EventRateMeter meter;
        const qint64 now = 1'790'000'100'500;
        auto at = [](eventhub::EventKind kind, qint64 timeMs) {
            auto event = makeEvent(kind, 1);
            event.timeMs = timeMs;
            return event;
        };
        meter.record({at(eventhub::EventKind::OrderUpdate, now - 2000), at(eventhub::EventKind::OrderUpdate, now - 2000),
                      at(eventhub::EventKind::EntrySignal, now - 1000), at(eventhub::EventKind::Error, now),
                      at(eventhub::EventKind::LegUpdate, now - 120'000)}, // history: left out
                     now);
        const auto window = meter.window(now);
        QCOMPARE(window.size(), ui::EventRateMeter::WindowSeconds);
        const auto execution = std::size_t(eventhub::EventCategory::Execution);
        QCOMPARE(window.at(window.size() - 3)[execution], 2);
        QCOMPARE(window.at(window.size() - 2)[std::size_t(eventhub::EventCategory::Signal)], 1);
        QCOMPARE(window.last()[std::size_t(eventhub::EventCategory::Error)], 1);
        int total = 0;
        for (const auto &counts : window)
            for (int count : counts)
                total += count;
        QCOMPARE(total, 4);
        // The last five complete seconds: 3 events.
        QCOMPARE(meter.perSecond(now), 3.0 / 5);
        QCOMPARE(meter.lastEventAtMs(), now);
        // A minute later everything has left the window.
        QCOMPARE(meter.perSecond(now + 61'000), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestEventRateMeter)
#include "tst_eventratemeter.moc"
