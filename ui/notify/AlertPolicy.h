#pragma once

#include "models/Severity.h"
#include "eventhub/Event.h"

#include <QList>
#include <QSet>
#include <QString>

namespace ui {

struct Alert
{
    enum class Type { EntrySignal, ExitSignal, Error };
    Type type = Type::Error;
    QString title;
    QString message;
    Severity severity = Severity::Info;
};

// Which events deserve a desktop notification: new entry and exit signals and errors,
// each kind switchable, and each alerted once. The hub re-sends active signals and errors
// on every reconnect with their original EventId, and a signal's clearing shares its
// SignalId, so repeats are recognised by EventId and by SignalId/ErrorId. Events older than
// a few minutes (history, active state from before the start) never alert.
class AlertPolicy final
{
public:
    static constexpr qint64 StaleAfterMs = 5 * 60 * 1000;

    struct Switches
    {
        bool entrySignals = true;
        bool exitSignals = true;
        bool errors = true;
    };

    void setSwitches(const Switches &switches) { m_switches = switches; }
    const Switches &switches() const { return m_switches; }

    QList<Alert> evaluate(const QList<eventhub::Event> &events, qint64 nowMs);

private:
    // Remembers a key; false when it was already known. Bounded, oldest forgotten first.
    bool remember(const QString &key);

    Switches m_switches;
    QSet<QString> m_seen;
    QList<QString> m_order;
};

} // namespace ui
