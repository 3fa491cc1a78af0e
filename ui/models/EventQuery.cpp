#include "EventQuery.h"

#include "EventPresentation.h"

namespace ui {

bool EventQuery::matches(const eventhub::Event &event) const
{
    if (!kindNames.isEmpty() && !kindNames.contains(event.kindName))
        return false;
    if (strategyId >= 0 && event.strategyId != strategyId)
        return false;
    if (from.isValid() && event.timeMs < from.toMSecsSinceEpoch())
        return false;
    if (to.isValid() && event.timeMs > to.toMSecsSinceEpoch())
        return false;
    if (!text.trimmed().isEmpty()) {
        const QString haystack = searchText(event);
        const QStringList words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &word : words) {
            if (!haystack.contains(word))
                return false;
        }
    }
    return true;
}

bool EventQuery::isPastEnd(const eventhub::Event &event) const
{
    // A minute of slack: EventTime comes from server clocks that may disagree slightly.
    return to.isValid() && event.timeMs > to.toMSecsSinceEpoch() + 60 * 1000;
}

QList<eventhub::EventKind> EventQuery::knownKinds() const
{
    QList<eventhub::EventKind> kinds;
    for (const eventhub::EventKind kind : eventhub::allEventKinds()) {
        if (kindNames.contains(eventhub::kindName(kind)))
            kinds += kind;
    }
    return kinds;
}

bool EventQuery::operator==(const EventQuery &other) const
{
    return kindNames == other.kindNames && strategyId == other.strategyId && from == other.from && to == other.to
        && text == other.text;
}

} // namespace ui
