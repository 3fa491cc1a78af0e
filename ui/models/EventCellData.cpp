#include "EventCellData.h"

#include "DisplayTime.h"
#include "EventPresentation.h"
#include "ItemRoles.h"

#include <QFont>

namespace ui {

namespace {

// An error's state column: its own icon, apart from the severity's.
QVariant stateIcon(const eventhub::Event &event)
{
    const QString state = errorState(event);
    if (state == QLatin1String("Active"))
        return severityIcon(Severity::Active);
    if (state == QLatin1String("Resolved"))
        return severityIcon(Severity::Success);
    return {};
}

} // namespace

QVariant eventCellData(const EventColumn &column, const eventhub::Event &event, bool firstColumn, int role)
{
    switch (role) {
    case Qt::DisplayRole: return column.display(event);
    case Qt::ToolTipRole:
        if (column.source == EventColumn::Source::Time)
            return otherZonesText(event.timeMs);
        return column.source == EventColumn::Source::Summary ? column.display(event) : QVariant();
    case UnderlyingDataRole: return column.underlying(event);
    case Qt::TextAlignmentRole: return column.isNumeric(event) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DecorationRole:
        if (column.source == EventColumn::Source::ErrorState)
            return stateIcon(event);
        return firstColumn ? QVariant(severityIcon(severityOf(event))) : QVariant();
    case Qt::BackgroundRole: {
        const QColor color = isOver(event) ? QColor() : severityBackground(severityOf(event));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::ForegroundRole: {
        // Over and done with (a resolved error keeps its severity's icon, not its alarm).
        const QColor color = severityForeground(isOver(event) ? Severity::Muted : severityOf(event));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::FontRole:
        if (!isOver(event) && (severityOf(event) == Severity::Active || severityOf(event) == Severity::Critical)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case SeverityRole: return int(severityOf(event));
    case EventIdRole: return event.eventId();
    case StrategyIdRole: return event.strategyId;
    default: return {};
    }
}

} // namespace ui
