#include "EventPayloads.h"

#include <QJsonArray>

namespace hubsim::payloads {

namespace {

// Every simulated event names its strategy: the hub delivers events by strategy membership.
QJsonObject base(const Strategy &strategy)
{
    return QJsonObject{
        {QStringLiteral("StrategyId"), strategy.id},
        {QStringLiteral("StrategyName"), strategy.name},
    };
}

void insertIfSet(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

QJsonArray fullLegs(const QList<OptionLeg> &legs)
{
    QJsonArray array;
    for (const OptionLeg &leg : legs)
        array.append(legObject(leg));
    return array;
}

QJsonArray compactLegs(const QList<OptionLeg> &legs)
{
    QJsonArray array;
    for (const OptionLeg &leg : legs) {
        array.append(QJsonObject{
            {QStringLiteral("Symbol"), leg.symbol},
            {QStringLiteral("Side"), leg.side},
            {QStringLiteral("Quantity"), leg.quantity},
        });
    }
    return array;
}

QString isoDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

} // namespace

QJsonObject legObject(const OptionLeg &leg)
{
    return QJsonObject{
        {QStringLiteral("Symbol"), leg.symbol},     {QStringLiteral("Right"), leg.right},
        {QStringLiteral("Strike"), leg.strike},     {QStringLiteral("Expiration"), isoDate(leg.expiration)},
        {QStringLiteral("Quantity"), leg.quantity}, {QStringLiteral("Side"), leg.side},
    };
}

QJsonObject signal(const Strategy &strategy, const SignalFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("SignalId"), fields.signalId);
    object.insert(QStringLiteral("IsActive"), fields.isActive);
    insertIfSet(object, QStringLiteral("Underlying"), fields.underlying);
    if (fields.underlyingPrice > 0)
        object.insert(QStringLiteral("UnderlyingPrice"), fields.underlyingPrice);
    insertIfSet(object, QStringLiteral("PositionId"), fields.positionId);
    insertIfSet(object, QStringLiteral("Trigger"), fields.trigger);
    insertIfSet(object, QStringLiteral("Action"), fields.action);
    return object;
}

QJsonObject preparationCompleted(const Strategy &strategy, const PreparationFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("JobId"), fields.jobId);
    insertIfSet(object, QStringLiteral("SignalId"), fields.signalId);
    insertIfSet(object, QStringLiteral("PositionId"), fields.positionId);
    if (!fields.legs.isEmpty()) {
        object.insert(QStringLiteral("Underlying"), strategy.underlying);
        object.insert(QStringLiteral("Expiration"), isoDate(fields.legs.constFirst().expiration));
        object.insert(QStringLiteral("Legs"), fullLegs(fields.legs));
    }
    insertIfSet(object, QStringLiteral("OrderId"), fields.orderId);
    if (fields.quantity > 0) {
        object.insert(QStringLiteral("LimitPrice"), fields.limitPrice);
        object.insert(QStringLiteral("Quantity"), fields.quantity);
    }
    insertIfSet(object, QStringLiteral("VarsName"), fields.varsName);
    return object;
}

QJsonObject preparationFailed(const Strategy &strategy, const PreparationFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("JobId"), fields.jobId);
    insertIfSet(object, QStringLiteral("SignalId"), fields.signalId);
    insertIfSet(object, QStringLiteral("PositionId"), fields.positionId);
    object.insert(QStringLiteral("Reason"), fields.reason);
    return object;
}

QJsonObject orderUpdate(const Strategy &strategy, const OrderFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("OrderId"), fields.orderId);
    object.insert(QStringLiteral("Status"), fields.status);
    object.insert(QStringLiteral("Quantity"), fields.quantity);
    object.insert(QStringLiteral("FilledQuantity"), fields.filledQuantity);
    object.insert(QStringLiteral("LimitPrice"), fields.limitPrice);
    object.insert(QStringLiteral("AvgFillPrice"), fields.avgFillPrice);
    object.insert(QStringLiteral("Legs"), compactLegs(fields.legs));
    return object;
}

QJsonObject positionUpdate(const Strategy &strategy, const PositionFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("PositionId"), fields.positionId);
    object.insert(QStringLiteral("Status"), fields.status);
    object.insert(QStringLiteral("Quantity"), fields.quantity);
    object.insert(QStringLiteral("AvgOpenPrice"), fields.avgOpenPrice);
    object.insert(QStringLiteral("MarkPrice"), fields.markPrice);
    object.insert(QStringLiteral("UnrealizedPnl"), fields.unrealizedPnl);
    object.insert(QStringLiteral("RealizedPnl"), fields.realizedPnl);
    return object;
}

QJsonObject legUpdate(const Strategy &strategy, const LegFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("PositionId"), fields.positionId);
    object.insert(QStringLiteral("Symbol"), fields.leg.symbol);
    object.insert(QStringLiteral("Right"), fields.leg.right);
    object.insert(QStringLiteral("Strike"), fields.leg.strike);
    object.insert(QStringLiteral("Expiration"), isoDate(fields.leg.expiration));
    object.insert(QStringLiteral("Side"), fields.leg.side);
    object.insert(QStringLiteral("Quantity"), fields.quantity);
    object.insert(QStringLiteral("AvgPrice"), fields.avgPrice);
    object.insert(QStringLiteral("MarkPrice"), fields.markPrice);
    object.insert(QStringLiteral("Delta"), fields.delta);
    return object;
}

QJsonObject agentStatusChange(const Strategy &strategy, const AgentFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("AgentName"), strategy.agentName);
    object.insert(QStringLiteral("Status"), fields.status);
    insertIfSet(object, QStringLiteral("PreviousStatus"), fields.previousStatus);
    insertIfSet(object, QStringLiteral("Message"), fields.message);
    return object;
}

QJsonObject error(const Strategy &strategy, const ErrorFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("ErrorId"), fields.errorId);
    object.insert(QStringLiteral("Severity"), fields.severity);
    object.insert(QStringLiteral("Code"), fields.code);
    object.insert(QStringLiteral("Message"), fields.message);
    object.insert(QStringLiteral("IsActive"), fields.isActive);
    return object;
}

QJsonObject varsAdjustment(const Strategy &strategy, const VarsFields &fields)
{
    QJsonObject object = base(strategy);
    object.insert(QStringLiteral("JobId"), fields.jobId);
    insertIfSet(object, QStringLiteral("SignalId"), fields.signalId);
    insertIfSet(object, QStringLiteral("PositionId"), fields.positionId);
    object.insert(QStringLiteral("VarsName"), fields.varsName);
    if (!fields.oldValues.isEmpty())
        object.insert(QStringLiteral("OldValues"), fields.oldValues);
    if (!fields.newValues.isEmpty())
        object.insert(QStringLiteral("NewValues"), fields.newValues);
    insertIfSet(object, QStringLiteral("Reason"), fields.reason);
    if (fields.durationMs >= 0)
        object.insert(QStringLiteral("DurationMs"), fields.durationMs);
    return object;
}

} // namespace hubsim::payloads
