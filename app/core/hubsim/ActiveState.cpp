#include "ActiveState.h"

#include "EventLog.h"

#include <algorithm>

namespace hubsim {

using eventhub::Event;
using eventhub::EventKind;

namespace {

QString signalKey(EventKind kind, qint64 strategyId)
{
    return QStringLiteral("S:%1:%2").arg(int(kind)).arg(strategyId);
}

QString errorKey(const Event &event)
{
    const QString errorId = event.field(QLatin1String("ErrorId")).toString();
    if (!errorId.isEmpty())
        return QStringLiteral("E:") + errorId;
    return QStringLiteral("E:%1:%2").arg(event.strategyId).arg(event.field(QLatin1String("Code")).toString());
}

QString signalIdOf(const Event &event)
{
    return event.field(QLatin1String("SignalId")).toString();
}

} // namespace

void ActiveState::apply(const Event &event)
{
    const bool active = event.field(QLatin1String("IsActive")).toBool(false);
    switch (event.kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: applySignal(event, active); break;
    case EventKind::Error: applyError(event, active); break;
    default: break;
    }
}

void ActiveState::applySignal(const Event &event, bool active)
{
    const QString key = signalKey(event.kind, event.strategyId);
    if (active) {
        m_active.insert(key, event);
        if (event.kind == EventKind::ExitSignal) {
            remove(signalKey(EventKind::EntrySignal, event.strategyId));
            remove(signalKey(EventKind::AdjustmentSignal, event.strategyId));
        } else if (event.kind == EventKind::EntrySignal) {
            remove(signalKey(EventKind::ExitSignal, event.strategyId));
        }
        return;
    }
    const auto it = m_active.constFind(key);
    if (it == m_active.constEnd())
        return;
    const QString endedId = signalIdOf(event);
    const QString activeId = signalIdOf(*it);
    if (endedId.isEmpty() || activeId.isEmpty() || endedId == activeId)
        m_active.erase(it);
}

void ActiveState::applyError(const Event &event, bool active)
{
    const QString key = errorKey(event);
    if (active)
        m_active.insert(key, event);
    else
        remove(key);
}

void ActiveState::remove(const QString &key)
{
    m_active.remove(key);
}

void ActiveState::rebuild(const EventLog &log)
{
    clear();
    for (qsizetype i = 0; i < log.size(); ++i)
        apply(log.eventAt(i));
}

void ActiveState::clear()
{
    m_active.clear();
}

QList<Event> ActiveState::events() const
{
    QList<Event> result = m_active.values();
    std::sort(result.begin(), result.end(), [](const Event &a, const Event &b) { return a.seqId < b.seqId; });
    return result;
}

} // namespace hubsim
