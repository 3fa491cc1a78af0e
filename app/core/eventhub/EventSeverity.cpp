#include "EventSeverity.h"

#include <QStringList>

namespace eventhub {

namespace {

QString text(const Event &event, QLatin1String key)
{
    return event.field(key).toString();
}

Severity fromStatusWord(const QString &status)
{
    if (status.isEmpty())
        return Severity::Info;
    static const QStringList bad = {QStringLiteral("rejected"), QStringLiteral("failed"), QStringLiteral("offline"),
                                    QStringLiteral("cancelled"), QStringLiteral("canceled")};
    static const QStringList warn = {QStringLiteral("degraded"), QStringLiteral("partiallyfilled")};
    static const QStringList good = {QStringLiteral("filled"), QStringLiteral("online"), QStringLiteral("open")};
    static const QStringList done = {QStringLiteral("closed")};
    const QString word = status.toLower();
    if (bad.contains(word))
        return Severity::Error;
    if (warn.contains(word))
        return Severity::Warning;
    if (good.contains(word))
        return Severity::Success;
    if (done.contains(word))
        return Severity::Muted;
    return Severity::Info;
}

} // namespace

Severity severityOf(const Event &event)
{
    const QJsonValue isActive = event.field(QLatin1String("IsActive"));
    switch (event.kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal:
        if (isActive.isBool())
            return isActive.toBool() ? Severity::Active : Severity::Muted;
        return Severity::Info;
    case EventKind::Error: {
        const QString level = text(event, QLatin1String("Severity")).toLower();
        if (level == QLatin1String("critical") || level == QLatin1String("fatal"))
            return Severity::Critical;
        if (level == QLatin1String("warning"))
            return Severity::Warning;
        // An error event without a recognised level is still an error.
        return Severity::Error;
    }
    case EventKind::PositionEntryPreparationFailed:
    case EventKind::PositionExitPreparationFailed:
    case EventKind::PositionAdjustmentPreparationFailed:
    case EventKind::AutoUpdateVarsAdjustmentFailed: return Severity::Error;
    case EventKind::PositionEntryPreparationCompleted:
    case EventKind::PositionExitPreparationCompleted:
    case EventKind::PositionAdjustmentPreparationCompleted:
    case EventKind::AutoUpdateVarsAdjustmentCompleted: return Severity::Success;
    case EventKind::AutoUpdateVarsAdjustmentStarted: return Severity::Active;
    case EventKind::OrderUpdate:
    case EventKind::PositionUpdate:
    case EventKind::AgentStatusChange: return fromStatusWord(text(event, QLatin1String("Status")));
    case EventKind::LegUpdate: return event.field(QLatin1String("Quantity")).toDouble(1) == 0 ? Severity::Muted : Severity::Info;
    case EventKind::Unknown: break;
    }
    return Severity::Info;
}

} // namespace eventhub
