#include "RetryPolicy.h"

#include <QRandomGenerator>

#include <cmath>

namespace signalr {

std::optional<int> RetryPolicy::delayBeforeAttempt(int attempt, QRandomGenerator &random) const
{
    int baseMs = 0;
    if (attempt < delaysMs.size())
        baseMs = delaysMs.at(attempt);
    else if (repeatDelayMs)
        baseMs = *repeatDelayMs;
    else
        return std::nullopt;

    if (baseMs <= 0)
        return zeroDelayJitterMs > 0 ? random.bounded(zeroDelayJitterMs + 1) : 0;
    const double spread = baseMs * jitterFraction;
    const double picked = baseMs - spread + random.generateDouble() * 2 * spread;
    return std::max(0, static_cast<int>(std::lround(picked)));
}

std::optional<int> RetryPolicy::delayBeforeAttempt(int attempt, bool serverSentAway, QRandomGenerator &random) const
{
    const std::optional<int> delay = delayBeforeAttempt(attempt, random);
    if (!delay || !serverSentAway)
        return delay;
    const int floorMs =
        afterServerCloseMs + static_cast<int>(std::lround(random.generateDouble() * 2 * afterServerCloseMs * jitterFraction));
    return std::max(*delay, floorMs);
}

} // namespace signalr
