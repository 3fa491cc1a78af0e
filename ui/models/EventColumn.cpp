#include "EventColumn.h"

#include "EventPresentation.h"

namespace ui {

QVariant EventColumn::display(const eventhub::Event &event) const
{
    switch (source) {
    case Source::Time: return formatTime(event.timeMs);
    case Source::SeqId: return QString::number(event.seqId);
    case Source::Kind: return kindLabel(event);
    case Source::Strategy:
        if (event.strategyId < 0)
            return QString();
        return event.strategyName.isEmpty() ? QString::number(event.strategyId) : event.strategyName;
    case Source::StrategyId: return event.strategyId < 0 ? QString() : QString::number(event.strategyId);
    case Source::EventId: return event.eventId();
    case Source::Field: return formatValue(event.field(field));
    case Source::Summary: return payloadSummary(event);
    case Source::ErrorState: return ui::errorState(event);
    }
    return {};
}

QVariant EventColumn::underlying(const eventhub::Event &event) const
{
    switch (source) {
    case Source::Time: return event.timeMs;
    case Source::SeqId: return event.seqId;
    case Source::StrategyId: return event.strategyId;
    case Source::ErrorState: {
        // Active errors above every other, whatever their times (epoch milliseconds stay
        // below 1e14 until the year 5138).
        constexpr qint64 ActiveFirst = 100'000'000'000'000;
        return ui::errorState(event) == QLatin1String("Active") ? event.timeMs + ActiveFirst : event.timeMs;
    }
    case Source::Field: {
        const QJsonValue value = event.field(field);
        if (value.isDouble())
            return value.toDouble();
        if (value.isBool())
            return int(value.toBool());
        // Ids such as "ORD-12" sort by their number within the prefix, not as text
        // ("ORD-9" before "ORD-10").
        const QString text = value.toString();
        const qsizetype dash = text.lastIndexOf(QLatin1Char('-'));
        bool numeric = false;
        const qint64 number = dash > 0 ? text.mid(dash + 1).toLongLong(&numeric) : 0;
        if (numeric)
            return QStringLiteral("%1%2").arg(text.left(dash + 1)).arg(number, 18, 10, QLatin1Char('0'));
        return text.isEmpty() && !value.isString() ? QVariant() : QVariant(text);
    }
    case Source::Kind:
    case Source::Strategy:
    case Source::EventId:
    case Source::Summary: break;
    }
    return display(event);
}

bool EventColumn::isNumeric(const eventhub::Event &event) const
{
    switch (source) {
    case Source::SeqId:
    case Source::StrategyId: return true;
    case Source::Field: return event.field(field).isDouble();
    default: return false;
    }
}

} // namespace ui
