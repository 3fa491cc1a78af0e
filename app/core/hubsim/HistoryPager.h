#pragma once

#include <QByteArray>
#include "signalr/RawJson.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace hubsim {

class EventLog;

// GetEventsSince on an EventLog, transport-free.
//
// Argument {"SinceEventSeqId": n, "Limit": k, "ContinuationToken": null | "..."}; result
// {"Events": [history envelopes], "ContinuationToken": "..." | null}.
// - SinceEventSeqId is exclusive; missing or null means 0, a negative one is taken as 0.
// - Limit is capped at MaxLimit; missing, null, zero or negative also means MaxLimit.
// - The token is opaque to clients: base64url of "v1:<last seq>:<MAC>", the MAC keyed with
//   a secret the client never sees and bound to this log, so a token cannot be forged,
//   edited into meaning, or carried over to another user's log.
//   With a token, the page starts after the later of the token's position and
//   SinceEventSeqId (the docs' replay loop sends its advanced cursor with the token).
// - The token is null when the page reaches the end of the log as it is at the call; an
//   event appended later is found by the next call with the advanced cursor.
// Each call costs O(log n + page): a binary search on EventSeqId, then the page.
class HistoryPager
{
public:
    static constexpr int MaxLimit = 1000;

    // The error for a token that is malformed, forged, or from another log.
    static QString invalidTokenError();

    // `tokenSecret` keys the token MAC. Empty means a random secret shared by every pager of
    // this process (so a pager may be made per call), which a restart replaces: clients
    // holding a token then get "Invalid continuation token" and replay from their cursor.
    // Pass a fixed secret to keep tokens valid across restarts of a durable log.
    explicit HistoryPager(const EventLog &log, const QByteArray &tokenSecret = QByteArray());

    // False with `error` set ("Invalid continuation token", "Invalid SinceEventSeqId",
    // "Invalid Limit") when the argument is unusable; `result` is untouched then.
    bool eventsSince(const QJsonObject &args, signalr::RawJson &result, QString &error) const;

    QString makeToken(qint64 lastSeqId) const;
    // A fault: the history ends at this EventSeqId (a hub whose history lags its live
    // stream, or lost its newest events). Nothing = the whole log.
    void setHorizon(std::optional<qint64> seqId) { m_horizon = seqId; }
    std::optional<qint64> horizon() const { return m_horizon; }
    // False for anything makeToken() did not produce with this secret, or for a position
    // beyond the end of the log.
    bool parseToken(const QString &token, qint64 &lastSeqId) const;

private:
    QByteArray mac(const QByteArray &message) const;

    const EventLog &m_log;
    QByteArray m_secret;
    std::optional<qint64> m_horizon;
};

} // namespace hubsim
