#include "EventKind.h"

#include <QHash>

namespace eventhub {

namespace {

struct KindNames
{
    QString names[KnownEventKindCount];
    QString callbacks[KnownEventKindCount];
    QHash<QString, EventKind> byName;
    QHash<QString, EventKind> byCallback;

    KindNames()
    {
        static const char *const raw[KnownEventKindCount] = {
            "EntrySignal",
            "ExitSignal",
            "AdjustmentSignal",
            "OrderUpdate",
            "PositionUpdate",
            "LegUpdate",
            "AgentStatusChange",
            "Error",
            "PositionEntryPreparationCompleted",
            "PositionEntryPreparationFailed",
            "PositionExitPreparationCompleted",
            "PositionExitPreparationFailed",
            "PositionAdjustmentPreparationCompleted",
            "PositionAdjustmentPreparationFailed",
            "AutoUpdateVarsAdjustmentStarted",
            "AutoUpdateVarsAdjustmentCompleted",
            "AutoUpdateVarsAdjustmentFailed",
        };
        for (int i = 0; i < KnownEventKindCount; ++i) {
            names[i] = QString::fromLatin1(raw[i]);
            callbacks[i] = QLatin1String("On") + names[i];
            byName.insert(names[i], static_cast<EventKind>(i));
            byCallback.insert(callbacks[i], static_cast<EventKind>(i));
        }
    }
};

const KindNames &kindNames()
{
    static const KindNames instance;
    return instance;
}

} // namespace

const std::array<EventKind, KnownEventKindCount> &allEventKinds()
{
    static const std::array<EventKind, KnownEventKindCount> kinds = [] {
        std::array<EventKind, KnownEventKindCount> all{};
        for (int i = 0; i < KnownEventKindCount; ++i)
            all[i] = static_cast<EventKind>(i);
        return all;
    }();
    return kinds;
}

QString kindName(EventKind kind)
{
    return kind == EventKind::Unknown ? QString() : kindNames().names[static_cast<int>(kind)];
}

QString callbackName(EventKind kind)
{
    return kind == EventKind::Unknown ? QString() : kindNames().callbacks[static_cast<int>(kind)];
}

EventKind kindFromName(const QString &name)
{
    return kindNames().byName.value(name, EventKind::Unknown);
}

EventKind kindFromCallback(const QString &callback)
{
    return kindNames().byCallback.value(callback, EventKind::Unknown);
}

EventCategory categoryOf(EventKind kind)
{
    switch (kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal:
        return EventCategory::Signal;
    case EventKind::OrderUpdate:
    case EventKind::PositionUpdate:
    case EventKind::LegUpdate:
        return EventCategory::Execution;
    case EventKind::AgentStatusChange:
        return EventCategory::Agent;
    case EventKind::Error:
        return EventCategory::Error;
    case EventKind::PositionEntryPreparationCompleted:
    case EventKind::PositionEntryPreparationFailed:
    case EventKind::PositionExitPreparationCompleted:
    case EventKind::PositionExitPreparationFailed:
    case EventKind::PositionAdjustmentPreparationCompleted:
    case EventKind::PositionAdjustmentPreparationFailed:
        return EventCategory::Preparation;
    case EventKind::AutoUpdateVarsAdjustmentStarted:
    case EventKind::AutoUpdateVarsAdjustmentCompleted:
    case EventKind::AutoUpdateVarsAdjustmentFailed:
        return EventCategory::VarsAutomation;
    case EventKind::Unknown:
        break;
    }
    return EventCategory::Other;
}

} // namespace eventhub
