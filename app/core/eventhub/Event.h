#pragma once

#include "EventKind.h"

#include <QJsonObject>
#include <QString>

namespace eventhub {

// One Event Hub event, as received live or from history. The full payload is kept as the
// server sent it (unknown fields included); the common fields are parsed out of it.
struct Event
{
    EventKind kind = EventKind::Unknown;
    // The kind's name ("EntrySignal"), or, for a callback or envelope this client does not
    // know, the name the server used, so that nothing is lost.
    QString kindName;
    QString eventId;
    qint64 seqId = 0;
    // UTC milliseconds since the epoch.
    qint64 timeMs = 0;
    // -1 when the event names no strategy.
    qint64 strategyId = -1;
    QString strategyName;
    QJsonObject payload;
};

// Parses the common fields. Returns false with `error` set when EventId, EventSeqId or
// EventTime is missing or malformed.
bool parseEvent(const QString &kindName, const QJsonObject &payload, Event &event, QString &error);

// Sets strategyId and strategyName from the payload's StrategyId and StrategyName (the
// part of parseEvent a producer of events needs too, so that both read them alike).
void readStrategy(const QJsonObject &payload, Event &event);

// From a server callback ("OnEntrySignal" with its single argument).
bool eventFromCallback(const QString &callback, const QJsonValue &argument, Event &event, QString &error);

// From a history envelope: the kind is decided by the populated property, not by `Kind`.
bool eventFromEnvelope(const QJsonObject &envelope, Event &event, QString &error);

// The history envelope shape: {"Kind": ..., "<KindName>": payload}.
QJsonObject toEnvelope(const Event &event);

} // namespace eventhub
