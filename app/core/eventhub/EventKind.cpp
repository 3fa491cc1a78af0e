#include "EventKind.h"

#include <QHash>

#include <string>

namespace eventhub {

namespace {

QString camelCase(QString name)
{
    name[0] = name.at(0).toLower();
    return name;
}

struct KindNames
{
    QString names[KnownEventKindCount];
    QString callbacks[KnownEventKindCount];
    QHash<QString, EventKind> byName;
    QHash<QString, EventKind> byCallback;

    KindNames()
    {
        // Static text, not allocated: a QString over raw data has no reference count, so
        // the kind's name that every event carries is copied and dropped (into each batch,
        // each model, each export) without an atomic operation.
        static const char16_t *const callbackText[KnownEventKindCount] = {
            u"OnEntrySignal",
            u"OnExitSignal",
            u"OnAdjustmentSignal",
            u"OnOrderUpdate",
            u"OnPositionUpdate",
            u"OnLegUpdate",
            u"OnAgentStatusChange",
            u"OnError",
            u"OnPositionEntryPreparationCompleted",
            u"OnPositionEntryPreparationFailed",
            u"OnPositionExitPreparationCompleted",
            u"OnPositionExitPreparationFailed",
            u"OnPositionAdjustmentPreparationCompleted",
            u"OnPositionAdjustmentPreparationFailed",
            u"OnAutoUpdateVarsAdjustmentStarted",
            u"OnAutoUpdateVarsAdjustmentCompleted",
            u"OnAutoUpdateVarsAdjustmentFailed",
        };
        for (int i = 0; i < KnownEventKindCount; ++i) {
            const qsizetype length = qsizetype(std::char_traits<char16_t>::length(callbackText[i]));
            callbacks[i] = QString::fromRawData(reinterpret_cast<const QChar *>(callbackText[i]), length);
            names[i] = QString::fromRawData(reinterpret_cast<const QChar *>(callbackText[i] + 2), length - 2);
            byName.insert(names[i], static_cast<EventKind>(i));
            byCallback.insert(callbacks[i], static_cast<EventKind>(i));
            // A stock hub's camelCase, found as fast as the contract's PascalCase.
            byName.insert(camelCase(names[i]), static_cast<EventKind>(i));
            byCallback.insert(camelCase(callbacks[i]), static_cast<EventKind>(i));
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

namespace {

// The exact name first (one hash look-up, every event's case), then the 17 ignoring case:
// a stock hub writes envelope properties in camelCase, and Microsoft's clients match
// callback names ignoring case (PropertyNames.h).
EventKind lookUp(const QHash<QString, EventKind> &exact, const QString (&names)[KnownEventKindCount], const QString &name)
{
    const auto found = exact.constFind(name);
    if (found != exact.constEnd())
        return found.value();
    for (int i = 0; i < KnownEventKindCount; ++i) {
        if (names[i].compare(name, Qt::CaseInsensitive) == 0)
            return static_cast<EventKind>(i);
    }
    return EventKind::Unknown;
}

} // namespace

EventKind kindFromName(const QString &name)
{
    return lookUp(kindNames().byName, kindNames().names, name);
}

EventKind kindFromCallback(const QString &callback)
{
    return lookUp(kindNames().byCallback, kindNames().callbacks, callback);
}

QString kindDisplayName(EventKind kind, const QString &serverName)
{
    switch (kind) {
    case EventKind::EntrySignal: return QStringLiteral("Entry signal");
    case EventKind::ExitSignal: return QStringLiteral("Exit signal");
    case EventKind::AdjustmentSignal: return QStringLiteral("Adjustment signal");
    case EventKind::OrderUpdate: return QStringLiteral("Order");
    case EventKind::PositionUpdate: return QStringLiteral("Position");
    case EventKind::LegUpdate: return QStringLiteral("Leg");
    case EventKind::AgentStatusChange: return QStringLiteral("Agent status");
    case EventKind::Error: return QStringLiteral("Error");
    case EventKind::PositionEntryPreparationCompleted: return QStringLiteral("Entry prep completed");
    case EventKind::PositionEntryPreparationFailed: return QStringLiteral("Entry prep failed");
    case EventKind::PositionExitPreparationCompleted: return QStringLiteral("Exit prep completed");
    case EventKind::PositionExitPreparationFailed: return QStringLiteral("Exit prep failed");
    case EventKind::PositionAdjustmentPreparationCompleted: return QStringLiteral("Adjustment prep completed");
    case EventKind::PositionAdjustmentPreparationFailed: return QStringLiteral("Adjustment prep failed");
    case EventKind::AutoUpdateVarsAdjustmentStarted: return QStringLiteral("Vars update started");
    case EventKind::AutoUpdateVarsAdjustmentCompleted: return QStringLiteral("Vars update completed");
    case EventKind::AutoUpdateVarsAdjustmentFailed: return QStringLiteral("Vars update failed");
    case EventKind::Unknown: break;
    }
    return serverName.isEmpty() ? QStringLiteral("Unknown") : serverName;
}

EventCategory categoryOf(EventKind kind)
{
    switch (kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: return EventCategory::Signal;
    case EventKind::OrderUpdate:
    case EventKind::PositionUpdate:
    case EventKind::LegUpdate: return EventCategory::Execution;
    case EventKind::AgentStatusChange: return EventCategory::Agent;
    case EventKind::Error: return EventCategory::Error;
    case EventKind::PositionEntryPreparationCompleted:
    case EventKind::PositionEntryPreparationFailed:
    case EventKind::PositionExitPreparationCompleted:
    case EventKind::PositionExitPreparationFailed:
    case EventKind::PositionAdjustmentPreparationCompleted:
    case EventKind::PositionAdjustmentPreparationFailed: return EventCategory::Preparation;
    case EventKind::AutoUpdateVarsAdjustmentStarted:
    case EventKind::AutoUpdateVarsAdjustmentCompleted:
    case EventKind::AutoUpdateVarsAdjustmentFailed: return EventCategory::VarsAutomation;
    case EventKind::Unknown: break;
    }
    return EventCategory::Other;
}

} // namespace eventhub
