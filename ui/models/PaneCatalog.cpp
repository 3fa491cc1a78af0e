#include "PaneCatalog.h"

namespace ui {

using eventhub::EventCategory;
using eventhub::EventKind;

namespace {

EventTableModel::Filter inCategory(EventCategory category)
{
    return [category](const eventhub::Event &event) { return eventhub::categoryOf(event.kind) == category; };
}

EventColumn field(const char *name, const QString &title = {}, int width = 0, bool visible = true)
{
    return EventColumn::payload(QString::fromLatin1(name), title, width, visible);
}

} // namespace

QList<PaneDefinition> livePaneDefinitions(int maxRows)
{
    QList<PaneDefinition> panes;

    // One row per signal: its firing and its clearing share the SignalId, so the row shows
    // whether it is active now, and the earlier states are its history.
    panes.append({paneIds::Signals,
                  QStringLiteral("Signals"),
                  {{EventColumn::time(), EventColumn::kind(125), EventColumn::strategy(),
                    field("IsActive", QStringLiteral("Active"), 55), field("Trigger", {}, 260), field("Action", {}, 95),
                    field("PositionId", QStringLiteral("Position"), 75), field("Underlying", {}, 75),
                    field("UnderlyingPrice", QStringLiteral("Und. price"), 80), field("SignalId", QStringLiteral("Signal"), 75),
                    EventColumn::seqId(), EventColumn::strategyId(), EventColumn::eventId(), EventColumn::summary()},
                   inCategory(EventCategory::Signal),
                   QStringLiteral("SignalId"),
                   maxRows,
                   200}});

    // One row per error id: a persistent error is resolved later under the same ErrorId.
    // Active errors first, newest on top (the State column's order).
    panes.append({paneIds::Errors,
                  QStringLiteral("Errors"),
                  {{EventColumn::time(), EventColumn::errorState(), field("Severity", {}, 70), field("Message", {}, 330),
                    EventColumn::strategy(), field("Code", {}, 150), field("ErrorId", QStringLiteral("Error"), 80),
                    EventColumn::seqId(), EventColumn::strategyId(), EventColumn::eventId(), EventColumn::summary()},
                   [](const eventhub::Event &event) { return event.kind == EventKind::Error; },
                   QStringLiteral("ErrorId"),
                   maxRows,
                   200,
                   1,
                   Qt::DescendingOrder}});

    // One row per agent with its current status; the changes are its history.
    panes.append({paneIds::Agents,
                  QStringLiteral("Agents"),
                  {{field("AgentName", QStringLiteral("Agent"), 130), field("Status", {}, 90),
                    field("PreviousStatus", QStringLiteral("Previous"), 90), EventColumn::time(), field("Message", {}, 260),
                    EventColumn::strategy(), EventColumn::seqId(false), EventColumn::eventId(), EventColumn::summary()},
                   inCategory(EventCategory::Agent),
                   QStringLiteral("AgentName"),
                   maxRows,
                   500}});

    panes.append(
        {paneIds::Preparation,
         QStringLiteral("Preparation jobs"),
         {{EventColumn::time(), EventColumn::kind(180), EventColumn::strategy(), field("JobId", QStringLiteral("Job"), 80),
           field("Reason", {}, 260), field("SignalId", QStringLiteral("Signal"), 80),
           field("PositionId", QStringLiteral("Position"), 80), field("OrderId", QStringLiteral("Order"), 80),
           field("LimitPrice", QStringLiteral("Limit"), 70), field("Quantity", QStringLiteral("Qty"), 50),
           field("Underlying", {}, 80, false), field("Expiration", {}, 95, false), field("Legs", {}, 300, false),
           EventColumn::seqId(), EventColumn::strategyId(), EventColumn::eventId(), EventColumn::summary()},
          inCategory(EventCategory::Preparation),
          {},
          maxRows,
          0}});

    panes.append({paneIds::Execution,
                  QStringLiteral("Execution"),
                  {{EventColumn::time(),
                    EventColumn::kind(80),
                    EventColumn::strategy(),
                    field("Status", {}, 110),
                    field("OrderId", QStringLiteral("Order"), 75),
                    field("PositionId", QStringLiteral("Position"), 75),
                    field("Symbol", {}, 140),
                    field("Side", {}, 50),
                    field("Quantity", QStringLiteral("Qty"), 50),
                    field("FilledQuantity", QStringLiteral("Filled"), 55),
                    field("LimitPrice", QStringLiteral("Limit"), 65),
                    field("AvgFillPrice", QStringLiteral("Avg fill"), 70),
                    field("MarkPrice", QStringLiteral("Mark"), 65),
                    field("UnrealizedPnl", QStringLiteral("Unrl. P&L"), 80),
                    field("RealizedPnl", QStringLiteral("Real. P&L"), 80),
                    field("Delta", {}, 60),
                    field("Strike", {}, 60, false),
                    field("Expiration", {}, 95, false),
                    field("AvgOpenPrice", QStringLiteral("Avg open"), 70, false),
                    field("AvgPrice", QStringLiteral("Avg price"), 70, false),
                    field("Legs", {}, 300, false),
                    EventColumn::seqId(),
                    EventColumn::strategyId(),
                    EventColumn::eventId(),
                    EventColumn::summary()},
                   inCategory(EventCategory::Execution),
                   {},
                   maxRows,
                   0}});

    // One row per job: started, then completed or failed under the same JobId.
    panes.append({paneIds::Vars,
                  QStringLiteral("Vars automation"),
                  {{EventColumn::time(), EventColumn::kind(160), EventColumn::strategy(),
                    field("JobId", QStringLiteral("Job"), 80), field("VarsName", QStringLiteral("Vars"), 100),
                    field("OldValues", QStringLiteral("Old values"), 170), field("NewValues", QStringLiteral("New values"), 170),
                    field("DurationMs", QStringLiteral("Duration ms"), 85), field("Reason", {}, 220),
                    field("PositionId", QStringLiteral("Position"), 80), field("SignalId", QStringLiteral("Signal"), 80, false),
                    EventColumn::seqId(), EventColumn::strategyId(), EventColumn::eventId(), EventColumn::summary()},
                   inCategory(EventCategory::VarsAutomation),
                   QStringLiteral("JobId"),
                   maxRows,
                   20}});

    // Callbacks this version does not know: never dropped, shown with every field.
    panes.append({paneIds::Other,
                  QStringLiteral("Other events"),
                  {{EventColumn::time(), EventColumn::kind(160), EventColumn::strategy(), EventColumn::summary(true),
                    EventColumn::seqId(), EventColumn::strategyId(), EventColumn::eventId()},
                   inCategory(EventCategory::Other),
                   {},
                   maxRows,
                   0}});

    return panes;
}

} // namespace ui
