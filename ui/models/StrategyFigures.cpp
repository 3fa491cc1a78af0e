#include "StrategyFigures.h"

#include "EventPresentation.h"

namespace ui {

using eventhub::EventKind;

namespace {

QString idOf(const eventhub::Event &event, QLatin1String key)
{
    return formatValue(event.field(key));
}

// Order statuses under which an order still waits at the broker.
bool isWorking(const QString &status)
{
    static const QStringList working = {QStringLiteral("working"), QStringLiteral("pending"), QStringLiteral("partiallyfilled"),
                                        QStringLiteral("submitted"), QStringLiteral("new")};
    return working.contains(status.toLower());
}

int rank(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return 3;
    case Severity::Error: return 2;
    case Severity::Warning: return 1;
    default: return 0;
    }
}

} // namespace

Severity StrategyFigures::worstActiveError() const
{
    Severity worst = Severity::Info;
    for (Severity severity : activeErrors) {
        if (rank(severity) >= rank(worst))
            worst = severity;
    }
    return worst;
}

void StrategyFigures::add(const eventhub::Event &event, QDate today, QDate eventDay)
{
    if (eventsDay != today) {
        eventsDay = today;
        eventsToday = 0;
    }
    if (eventDay == today)
        ++eventsToday;

    // Each field is looked up in the payload's text, and only where the kind uses it: a
    // field the payload lacks costs a scan of all its names (case-insensitive match).
    const auto isActive = [&event] { return event.field(QLatin1String("IsActive")); };
    switch (event.kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: {
        const QString id = idOf(event, QLatin1String("SignalId"));
        if (isActive().toBool(true)) {
            activeSignals.insert(id);
            if (event.timeMs >= latestSignalMs) {
                latestSignalMs = event.timeMs;
                const QString trigger = event.field(QLatin1String("Trigger")).toString();
                latestSignal = trigger.isEmpty() ? kindLabel(event) : QStringLiteral("%1: %2").arg(kindLabel(event), trigger);
            }
        } else {
            activeSignals.remove(id);
        }
        break;
    }
    case EventKind::Error: {
        const QString id = idOf(event, QLatin1String("ErrorId"));
        if (isActive().toBool(false))
            activeErrors.insert(id, severityOf(event));
        else
            activeErrors.remove(id);
        break;
    }
    case EventKind::PositionUpdate: {
        const QString id = idOf(event, QLatin1String("PositionId"));
        if (event.field(QLatin1String("Status")).toString().compare(QLatin1String("Closed"), Qt::CaseInsensitive) == 0)
            openPositions.remove(id);
        else
            openPositions.insert(id);
        break;
    }
    case EventKind::OrderUpdate: {
        const QString id = idOf(event, QLatin1String("OrderId"));
        if (isWorking(event.field(QLatin1String("Status")).toString()))
            workingOrders.insert(id);
        else
            workingOrders.remove(id);
        break;
    }
    case EventKind::AgentStatusChange:
        agent = QStringLiteral("%1: %2").arg(event.field(QLatin1String("AgentName")).toString(),
                                             event.field(QLatin1String("Status")).toString());
        agentSeverity = severityOf(event);
        break;
    default: break;
    }
}

} // namespace ui
