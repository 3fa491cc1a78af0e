#pragma once

#include "Severity.h"
#include "eventhub/Event.h"

#include <QDate>
#include <QHash>
#include <QSet>
#include <QString>

namespace ui {

// What a trader wants to know about one strategy at a glance, kept up to date from its
// events: its latest signal, the signals and errors active now, its open positions and
// working orders, its agent's status and how busy it was today.
struct StrategyFigures
{
    QString latestSignal;       // "Entry signal: VIX 14.4 inside the entry band"
    qint64 latestSignalMs = 0;  // UTC ms; 0 = none yet
    QSet<QString> activeSignals;
    QHash<QString, Severity> activeErrors;
    QSet<QString> openPositions;
    QSet<QString> workingOrders;
    QString agent;              // "agent-7: Online"
    Severity agentSeverity = Severity::Info;
    QDate eventsDay;            // the day eventsToday counts
    qint64 eventsToday = 0;

    Severity worstActiveError() const;
    // Takes one event of this strategy into account; `today` is the display day.
    void add(const eventhub::Event &event, QDate today, QDate eventDay);
};

} // namespace ui
