#include "EventPresentation.h"

#include "DisplayTime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace ui {

using eventhub::EventKind;

QString kindLabel(const eventhub::Event &event)
{
    return eventhub::kindDisplayName(event.kind, event.kindName);
}

QString errorState(const eventhub::Event &event)
{
    const QJsonValue isActive = event.field(QLatin1String("IsActive"));
    if (event.kind != EventKind::Error || !isActive.isBool())
        return {};
    if (isActive.toBool())
        return QStringLiteral("Active");
    return event.field(QLatin1String("Message")).toString().startsWith(QLatin1String("Resolved")) ? QStringLiteral("Resolved")
                                                                                                  : QStringLiteral("Reported");
}

bool isOver(const eventhub::Event &event)
{
    switch (event.kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: return event.field(QLatin1String("IsActive")).toBool(true) == false;
    case EventKind::Error: return errorState(event) == QLatin1String("Resolved");
    default: return false;
    }
}

QString formatValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("Yes") : QStringLiteral("No");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == std::floor(number) && std::abs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', 12);
    }
    case QJsonValue::String: return value.toString();
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined: break;
    }
    return {};
}

QString formatTime(qint64 utcMs)
{
    // Today's events (most of a live session) need no date: a narrower column.
    const QDateTime time = inZone(utcMs);
    if (time.date() == inZone(QDateTime::currentMSecsSinceEpoch()).date())
        return time.toString(QStringLiteral("HH:mm:ss.zzz"));
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formatClock(qint64 utcMs)
{
    const QDateTime time = inZone(utcMs);
    if (time.date() == inZone(QDateTime::currentMSecsSinceEpoch()).date())
        return time.toString(QStringLiteral("HH:mm:ss"));
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString payloadSummary(const eventhub::Event &event)
{
    static const QStringList common = {QStringLiteral("EventId"), QStringLiteral("EventSeqId"), QStringLiteral("EventTime"),
                                       QStringLiteral("StrategyId"), QStringLiteral("StrategyName")};
    QString summary;
    const QJsonObject payload = event.payload();
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (common.contains(it.key()))
            continue;
        if (!summary.isEmpty())
            summary += QStringLiteral("  ·  ");
        summary += it.key() + QStringLiteral(": ") + formatValue(it.value());
    }
    return summary;
}

QString searchText(const eventhub::Event &event)
{
    QString haystack = kindLabel(event) + QLatin1Char('\n') + event.kindName + QLatin1Char('\n');
    const QJsonObject payload = event.payload();
    for (auto it = payload.begin(); it != payload.end(); ++it)
        haystack += formatValue(it.value()) + QLatin1Char('\n');
    return haystack.toLower();
}

QJsonObject eventToJson(const eventhub::Event &event)
{
    QJsonObject object = event.payload();
    object.insert(QStringLiteral("Kind"), event.kindName);
    return object;
}

} // namespace ui
