#pragma once

#include "eventhub/Event.h"

#include <QList>

#include <array>

namespace ui {

// Activity per second and category over the last minute, for the rate chart and the
// status bar, counted by EventTime; older history is left out, so catching up after a
// reconnect does not read as a spike.
class EventRateMeter final
{
public:
    static constexpr int WindowSeconds = 60;
    static constexpr int CategoryCount = int(eventhub::EventCategory::Other) + 1;
    using Counts = std::array<int, CategoryCount>;

    void record(const QList<eventhub::Event> &events, qint64 nowMs);
    // One entry per second, oldest first, ending with the current (incomplete) second.
    QList<Counts> window(qint64 nowMs) const;
    // Events per second over the last few complete seconds.
    double perSecond(qint64 nowMs) const;
    // Arrival time of the latest live event, 0 before any.
    qint64 lastEventAtMs() const { return m_lastEventAtMs; }

private:
    struct Slot
    {
        qint64 second = -1;
        Counts counts{};
    };
    const Counts *countsAt(qint64 second) const;

    std::array<Slot, WindowSeconds + 1> m_slots{};
    qint64 m_lastEventAtMs = 0;
};

} // namespace ui
