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

} // namespace signalr
