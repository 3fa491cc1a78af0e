#include "EventRateMeter.h"

#include <algorithm>

namespace ui {

namespace {
constexpr int RateSpanSeconds = 5;
}

void EventRateMeter::record(const QList<eventhub::Event> &events, qint64 nowMs)
{
    const qint64 oldest = nowMs / 1000 - WindowSeconds;
    for (const eventhub::Event &event : events) {
        // By the hub's EventTime (a replayed minute is spread over that minute, not piled
        // onto the second it arrived in); never in the future of this clock.
        const qint64 second = std::min(event.timeMs, nowMs) / 1000;
        if (second <= oldest)
            continue;
        Slot &slot = m_slots[std::size_t(second % qint64(m_slots.size()))];
        if (slot.second != second)
            slot = Slot{second, {}};
        ++slot.counts[std::size_t(eventhub::categoryOf(event.kind))];
        m_lastEventAtMs = nowMs;
    }
}

const EventRateMeter::Counts *EventRateMeter::countsAt(qint64 second) const
{
    const Slot &slot = m_slots[std::size_t(second % m_slots.size())];
    return slot.second == second ? &slot.counts : nullptr;
}

QList<EventRateMeter::Counts> EventRateMeter::window(qint64 nowMs) const
{
    const qint64 now = nowMs / 1000;
    QList<Counts> result;
    result.reserve(WindowSeconds);
    for (qint64 second = now - WindowSeconds + 1; second <= now; ++second) {
        const Counts *counts = countsAt(second);
        result.append(counts ? *counts : Counts{});
    }
    return result;
}

double EventRateMeter::perSecond(qint64 nowMs) const
{
    const qint64 now = nowMs / 1000;
    int total = 0;
    for (qint64 second = now - RateSpanSeconds; second < now; ++second) {
        if (const Counts *counts = countsAt(second)) {
            for (int count : *counts)
                total += count;
        }
    }
    return double(total) / RateSpanSeconds;
}

} // namespace ui
