#pragma once

#include <QList>

#include <optional>

class QRandomGenerator;

namespace signalr {

// When to try again after a connection is lost. The defaults follow the official clients
// (0, 2, 10, 30 s) but, unlike them, keep trying every 30 s for as long as the application
// runs, and spread each delay randomly so that many clients dropped at once by a server
// restart do not all come back in the same instant.
struct RetryPolicy
{
    QList<int> delaysMs{0, 2000, 10000, 30000};
    // Delay for every attempt after the list is used up; empty = give up then.
    std::optional<int> repeatDelayMs = 30000;
    // Each delay d becomes a uniform pick in [d*(1-f), d*(1+f)].
    double jitterFraction = 0.2;
    // A zero delay becomes a uniform pick in [0, this], so that the first retry after a
    // mass drop is spread too.
    int zeroDelayJitterMs = 500;
    // After a Close without allowReconnect (stock ASP.NET Core's Context.Abort(), a server
    // shutting down), no attempt comes sooner than this, spread upwards by jitterFraction.
    // The official clients stop for good there; a monitor that runs all day should not
    // stop on a server's restart, nor come straight back to a server that just sent it away.
    int afterServerCloseMs = 5000;

    // The delay before attempt `attempt` (0 for the first retry), or nothing to stop.
    std::optional<int> delayBeforeAttempt(int attempt, QRandomGenerator &random) const;
    // The same, no sooner than afterServerCloseMs (spread) when `serverSentAway`.
    std::optional<int> delayBeforeAttempt(int attempt, bool serverSentAway, QRandomGenerator &random) const;

    static RetryPolicy never()
    {
        RetryPolicy policy;
        policy.delaysMs.clear();
        policy.repeatDelayMs.reset();
        return policy;
    }
};

} // namespace signalr
