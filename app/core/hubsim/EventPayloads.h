#pragma once

#include "OptionStructures.h"
#include "StrategyCatalog.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// The simulator's kind-specific payloads. The real Event Hub does not publish its
// kind-specific fields, so every field name here is the simulator's own invention
// (documented in docs/events.md); this is the one file that spells them. The common fields
// (EventId, EventSeqId, EventTime) are not added here: the event log assigns them.
namespace hubsim::payloads {

// Entry, exit and adjustment signals. Empty strings and a zero price are left out.
struct SignalFields
{
    QString signalId;
    bool isActive = true;
    QString underlying;
    double underlyingPrice = 0.0;
    QString positionId;
    QString trigger;
    QString action;
};
QJsonObject signal(const Strategy &strategy, const SignalFields &fields);

// The six preparation job outcomes. A completed job carries the legs and the order it is
// about to send; a failed one carries only its Reason.
struct PreparationFields
{
    QString jobId;
    QString signalId;
    QString positionId;
    QList<OptionLeg> legs;
    QString orderId;
    double limitPrice = 0.0;
    int quantity = 0;
    QString varsName;
    QString reason;
};
QJsonObject preparationCompleted(const Strategy &strategy, const PreparationFields &fields);
QJsonObject preparationFailed(const Strategy &strategy, const PreparationFields &fields);

// Kept compact on purpose (about 300 bytes): order updates are the bulk of a busy hub's
// traffic, so legs carry only symbol, side and ratio.
struct OrderFields
{
    QString orderId;
    QString status;
    QList<OptionLeg> legs;
    int quantity = 0;
    int filledQuantity = 0;
    double limitPrice = 0.0;
    double avgFillPrice = 0.0;
};
QJsonObject orderUpdate(const Strategy &strategy, const OrderFields &fields);

struct PositionFields
{
    QString positionId;
    QString status;
    int quantity = 0;
    double avgOpenPrice = 0.0;
    double markPrice = 0.0;
    double unrealizedPnl = 0.0;
    double realizedPnl = 0.0;
};
QJsonObject positionUpdate(const Strategy &strategy, const PositionFields &fields);

struct LegFields
{
    QString positionId;
    OptionLeg leg;
    // Contracts held now: the leg's ratio times the position's units, 0 once closed.
    int quantity = 0;
    double avgPrice = 0.0;
    double markPrice = 0.0;
    double delta = 0.0;
};
QJsonObject legUpdate(const Strategy &strategy, const LegFields &fields);

struct AgentFields
{
    QString status;
    QString previousStatus;
    QString message;
};
QJsonObject agentStatusChange(const Strategy &strategy, const AgentFields &fields);

struct ErrorFields
{
    QString errorId;
    QString severity;
    QString code;
    QString message;
    bool isActive = true;
};
QJsonObject error(const Strategy &strategy, const ErrorFields &fields);

// The three vars automation outcomes; old/new values are left out when empty.
struct VarsFields
{
    QString jobId;
    QString signalId;
    QString positionId;
    QString varsName;
    QJsonObject oldValues;
    QJsonObject newValues;
    QString reason;
    qint64 durationMs = -1;
};
QJsonObject varsAdjustment(const Strategy &strategy, const VarsFields &fields);

// A full leg {Symbol, Right, Strike, Expiration, Quantity, Side}.
QJsonObject legObject(const OptionLeg &leg);

} // namespace hubsim::payloads
