#pragma once

#include <QString>

#include <array>

namespace eventhub {

// The 17 callbacks of the MesoLive Event Hub. The callback is "On" + the kind's name; the
// history envelope holds the event in a property named like the kind.
enum class EventKind {
    EntrySignal,
    ExitSignal,
    AdjustmentSignal,
    OrderUpdate,
    PositionUpdate,
    LegUpdate,
    AgentStatusChange,
    Error,
    PositionEntryPreparationCompleted,
    PositionEntryPreparationFailed,
    PositionExitPreparationCompleted,
    PositionExitPreparationFailed,
    PositionAdjustmentPreparationCompleted,
    PositionAdjustmentPreparationFailed,
    AutoUpdateVarsAdjustmentStarted,
    AutoUpdateVarsAdjustmentCompleted,
    AutoUpdateVarsAdjustmentFailed,
    // A callback this client does not know yet: kept and shown generically.
    Unknown,
};

constexpr int KnownEventKindCount = static_cast<int>(EventKind::Unknown);

// Every known kind, in the documentation's order.
const std::array<EventKind, KnownEventKindCount> &allEventKinds();

// "EntrySignal"; "" for Unknown.
QString kindName(EventKind kind);
// "OnEntrySignal"; "" for Unknown.
QString callbackName(EventKind kind);
// Unknown when the name is not one of the 17, compared ignoring case (a stock hub's
// camelCase "entrySignal" is EntrySignal).
EventKind kindFromName(const QString &name);
EventKind kindFromCallback(const QString &callback);

// How a person reads the kind, in the app's tables and in the CSV export: "Entry signal",
// "Entry prep failed"; for Unknown, the name the server used (`serverName`), or "Unknown".
// Here, below the UI, so that the CLI's export names kinds as the app does.
QString kindDisplayName(EventKind kind, const QString &serverName = QString());

enum class EventCategory { Signal, Execution, Agent, Error, Preparation, VarsAutomation, Other };
EventCategory categoryOf(EventKind kind);

} // namespace eventhub
