#include "KindFields.h"

namespace eventhub {

namespace {

QStringList signalFields(bool withPosition)
{
    QStringList fields{QStringLiteral("SignalId"), QStringLiteral("IsActive"), QStringLiteral("Underlying"),
                       QStringLiteral("UnderlyingPrice")};
    if (withPosition)
        fields += QStringLiteral("PositionId");
    fields += QStringLiteral("Trigger");
    return fields;
}

// A completed preparation: the legs and the order it is about to send.
QStringList preparationCompletedFields(bool withPosition)
{
    QStringList fields{QStringLiteral("JobId"), QStringLiteral("SignalId")};
    if (withPosition)
        fields += QStringLiteral("PositionId");
    fields += {QStringLiteral("Underlying"), QStringLiteral("Expiration"), QStringLiteral("Legs"),
               QStringLiteral("OrderId"),    QStringLiteral("LimitPrice"), QStringLiteral("Quantity")};
    return fields;
}

QStringList preparationFailedFields(bool withPosition)
{
    QStringList fields{QStringLiteral("JobId"), QStringLiteral("SignalId")};
    if (withPosition)
        fields += QStringLiteral("PositionId");
    fields += QStringLiteral("Reason");
    return fields;
}

QStringList varsFields(const QStringList &outcome)
{
    return QStringList{QStringLiteral("JobId"), QStringLiteral("SignalId"), QStringLiteral("PositionId"),
                       QStringLiteral("VarsName"), QStringLiteral("OldValues")}
           + outcome;
}

struct FieldTable
{
    QStringList fields[KnownEventKindCount + 1];

    FieldTable()
    {
        auto at = [this](EventKind kind) -> QStringList & { return fields[static_cast<int>(kind)]; };
        at(EventKind::EntrySignal) = signalFields(false);
        at(EventKind::ExitSignal) = signalFields(true);
        at(EventKind::AdjustmentSignal) = signalFields(true) + QStringList{QStringLiteral("Action")};
        at(EventKind::OrderUpdate) = {QStringLiteral("OrderId"),    QStringLiteral("Status"),
                                      QStringLiteral("Quantity"),   QStringLiteral("FilledQuantity"),
                                      QStringLiteral("LimitPrice"), QStringLiteral("AvgFillPrice"),
                                      QStringLiteral("Legs")};
        at(EventKind::PositionUpdate) = {QStringLiteral("PositionId"), QStringLiteral("Status"),
                                         QStringLiteral("Quantity"),   QStringLiteral("AvgOpenPrice"),
                                         QStringLiteral("MarkPrice"),  QStringLiteral("UnrealizedPnl"),
                                         QStringLiteral("RealizedPnl")};
        at(EventKind::LegUpdate) = {QStringLiteral("PositionId"), QStringLiteral("Symbol"),     QStringLiteral("Right"),
                                    QStringLiteral("Strike"),     QStringLiteral("Expiration"), QStringLiteral("Side"),
                                    QStringLiteral("Quantity"),   QStringLiteral("AvgPrice"),   QStringLiteral("MarkPrice"),
                                    QStringLiteral("Delta")};
        at(EventKind::AgentStatusChange) = {QStringLiteral("AgentName"), QStringLiteral("Status"),
                                            QStringLiteral("PreviousStatus"), QStringLiteral("Message")};
        at(EventKind::Error) = {QStringLiteral("ErrorId"), QStringLiteral("Severity"), QStringLiteral("Code"),
                                QStringLiteral("Message"), QStringLiteral("IsActive")};
        at(EventKind::PositionEntryPreparationCompleted) = preparationCompletedFields(false);
        at(EventKind::PositionEntryPreparationFailed) = preparationFailedFields(false);
        at(EventKind::PositionExitPreparationCompleted) = preparationCompletedFields(true);
        at(EventKind::PositionExitPreparationFailed) = preparationFailedFields(true);
        at(EventKind::PositionAdjustmentPreparationCompleted) =
            preparationCompletedFields(true) + QStringList{QStringLiteral("VarsName")};
        at(EventKind::PositionAdjustmentPreparationFailed) = preparationFailedFields(true);
        at(EventKind::AutoUpdateVarsAdjustmentStarted) = varsFields({});
        at(EventKind::AutoUpdateVarsAdjustmentCompleted) =
            varsFields({QStringLiteral("NewValues"), QStringLiteral("DurationMs")});
        at(EventKind::AutoUpdateVarsAdjustmentFailed) = varsFields({QStringLiteral("Reason"), QStringLiteral("DurationMs")});
    }
};

} // namespace

const QStringList &kindPayloadFields(EventKind kind)
{
    static const FieldTable table;
    return table.fields[static_cast<int>(kind)];
}

const QStringList &commonPayloadFields()
{
    static const QStringList fields{QStringLiteral("EventId"), QStringLiteral("EventSeqId"), QStringLiteral("EventTime"),
                                    QStringLiteral("StrategyId"), QStringLiteral("StrategyName")};
    return fields;
}

} // namespace eventhub
