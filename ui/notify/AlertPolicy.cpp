#include "AlertPolicy.h"

#include "models/EventPresentation.h"

namespace ui {

namespace {

constexpr qsizetype RememberedKeys = 20000;

QString strategyLabel(const eventhub::Event &event)
{
    if (!event.strategyName.isEmpty())
        return event.strategyName;
    return event.strategyId >= 0 ? QStringLiteral("Strategy %1").arg(event.strategyId) : QString();
}

QString firstText(const eventhub::Event &event, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QString value = formatValue(event.field(QLatin1String(key)));
        if (!value.isEmpty())
            return value;
    }
    return payloadSummary(event);
}

} // namespace

bool AlertPolicy::remember(const QString &key)
{
    if (m_seen.contains(key))
        return false;
    m_seen.insert(key);
    m_order.append(key);
    if (m_order.size() > RememberedKeys) {
        const qsizetype drop = m_order.size() - RememberedKeys;
        for (qsizetype i = 0; i < drop; ++i)
            m_seen.remove(m_order.at(i));
        m_order.remove(0, drop);
    }
    return true;
}

QList<Alert> AlertPolicy::evaluate(const QList<eventhub::Event> &events, qint64 nowMs)
{
    QList<Alert> alerts;
    for (const eventhub::Event &event : events) {
        Alert alert;
        QString identity;
        if (event.kind == eventhub::EventKind::EntrySignal || event.kind == eventhub::EventKind::ExitSignal) {
            const bool entry = event.kind == eventhub::EventKind::EntrySignal;
            if (!(entry ? m_switches.entrySignals : m_switches.exitSignals))
                continue;
            // A cleared signal is not news.
            const QJsonValue active = event.field(QLatin1String("IsActive"));
            if (active.isBool() && !active.toBool())
                continue;
            alert.type = entry ? Alert::Type::EntrySignal : Alert::Type::ExitSignal;
            alert.severity = Severity::Active;
            identity = event.field(QLatin1String("SignalId")).toString();
            alert.message = firstText(event, {"Trigger", "Underlying"});
        } else if (event.kind == eventhub::EventKind::Error) {
            if (!m_switches.errors)
                continue;
            alert.type = Alert::Type::Error;
            alert.severity = severityOf(event);
            // A resolution is good news, not an alarm.
            if (isOver(event))
                continue;
            identity = event.field(QLatin1String("ErrorId")).toString();
            alert.message = firstText(event, {"Message", "Code"});
        } else {
            continue;
        }
        const bool freshId = remember(QStringLiteral("event:") + event.eventId());
        const bool freshIdentity = identity.isEmpty() || remember(event.kindName + QLatin1Char(':') + identity);
        if (!freshId || !freshIdentity || event.timeMs < nowMs - StaleAfterMs)
            continue;
        const QString strategy = strategyLabel(event);
        alert.title = strategy.isEmpty() ? kindLabel(event) : QStringLiteral("%1 — %2").arg(kindLabel(event), strategy);
        alerts.append(alert);
    }
    return alerts;
}

} // namespace ui
