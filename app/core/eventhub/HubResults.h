#pragma once

#include "Event.h"
#include "signalr/RawJson.h"

#include <QJsonValue>
#include <QList>

#include <optional>

namespace eventhub {

// Which strategies a (un)subscribe affected. Failed entries carry the server's reason
// when it gave one.
struct SubscriptionResult
{
    struct Failure
    {
        qint64 strategyId = -1;
        QString reason;
    };

    bool ok = false;
    QString error; // when !ok: why the call itself failed
    QList<qint64> successful;
    QList<Failure> failed;

    static SubscriptionResult parse(const QJsonValue &result);
};

// One page of GetEventsSince.
struct EventPage
{
    bool ok = false;
    QString error;
    QList<Event> events;
    // Exactly as the server sent it, to be sent back untouched; null or empty = last page.
    QJsonValue continuationToken;
    // Envelopes that could not be parsed (kept out of `events`, described here).
    QStringList malformed;

    bool hasMore() const;
    // Reads the page from its JSON text: each event keeps its payload's text as it came.
    static EventPage parse(const signalr::RawJson &result);
};

// The argument of (Un)SubscribeToStrategies: nothing = all strategies (null on the wire).
QJsonObject strategiesArgument(const std::optional<QList<qint64>> &strategies);

} // namespace eventhub
