#pragma once

#include "eventhub/Event.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

// Events as the hub would send them, for model tests that need no network.
inline eventhub::Event makeEvent(eventhub::EventKind kind, qint64 seqId, QJsonObject fields = {}, QString eventId = QString())
{
    eventhub::Event event;
    event.kind = kind;
    event.kindName = eventhub::kindName(kind);
    event.setEventId(eventId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : eventId);
    event.seqId = seqId;
    event.timeMs = 1'790'000'000'000 + seqId * 1000;
    event.strategyId = 101;
    event.strategyName = QStringLiteral("SPX 0DTE Iron Condor");
    fields.insert(QStringLiteral("EventId"), event.eventId());
    fields.insert(QStringLiteral("EventSeqId"), seqId);
    fields.insert(QStringLiteral("StrategyId"), event.strategyId);
    fields.insert(QStringLiteral("StrategyName"), event.strategyName);
    event.setPayloadJson(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    return event;
}
