#include "EventCellData.h"

#include "EventPresentation.h"
#include "ItemRoles.h"

#include <QFont>

namespace ui {

QVariant eventCellData(const EventColumn &column, const eventhub::Event &event, bool firstColumn, int role)
{
    switch (role) {
    case Qt::DisplayRole:
        return column.display(event);
    case Qt::ToolTipRole:
        return column.source == EventColumn::Source::Summary ? column.display(event) : QVariant();
    case UnderlyingDataRole:
        return column.underlying(event);
    case Qt::TextAlignmentRole:
        return column.isNumeric(event) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DecorationRole:
        return firstColumn ? QVariant(severityIcon(severityOf(event))) : QVariant();
    case Qt::BackgroundRole: {
        const QColor color = severityBackground(severityOf(event));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::ForegroundRole: {
        const QColor color = severityForeground(severityOf(event));
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::FontRole:
        if (severityOf(event) == Severity::Active || severityOf(event) == Severity::Critical) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case SeverityRole:
        return int(severityOf(event));
    case EventIdRole:
        return event.eventId();
    default:
        return {};
    }
}

} // namespace ui
