#pragma once

#include "eventhub/Event.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace ui {

// One column of an event table, described as data so that every pane (and the history)
// shares one model class and differs only by its list of columns.
struct EventColumn
{
    enum class Source {
        Time,
        SeqId,
        Kind,
        Strategy,
        StrategyId,
        EventId,
        // A payload field by name: whatever the server sends under that key.
        Field,
        // Every payload field not common to all events, as "Key: value" pairs.
        Summary,
        // An error's state (errorState): Active, Resolved, Reported. Sorts active errors
        // before the others, newest first within each, in descending order.
        ErrorState,
    };

    QString title;
    Source source = Source::Field;
    QString field;
    bool visibleByDefault = true;
    // Initial width in pixels (0 = the view's default); live columns never resize to
    // their contents, which would cost a pass over every row on each insert.
    int width = 0;

    static EventColumn time() { return {QStringLiteral("Time"), Source::Time, {}, true, 120}; }
    static EventColumn seqId(bool visible = true) { return {QStringLiteral("Seq"), Source::SeqId, {}, visible, 64}; }
    static EventColumn kind(int width = 150) { return {QStringLiteral("Kind"), Source::Kind, {}, true, width}; }
    static EventColumn strategy() { return {QStringLiteral("Strategy"), Source::Strategy, {}, true, 200}; }
    static EventColumn strategyId() { return {QStringLiteral("Strategy Id"), Source::StrategyId, {}, false, 70}; }
    static EventColumn eventId() { return {QStringLiteral("Event Id"), Source::EventId, {}, false, 260}; }
    static EventColumn errorState() { return {QStringLiteral("State"), Source::ErrorState, {}, true, 85}; }
    static EventColumn summary(bool visible = false) { return {QStringLiteral("Details"), Source::Summary, {}, visible, 400}; }
    static EventColumn payload(const QString &field, const QString &title = {}, int width = 0, bool visible = true)
    {
        return {title.isEmpty() ? field : title, Source::Field, field, visible, width};
    }

    QVariant display(const eventhub::Event &event) const;
    // What sorting compares: numbers as numbers, times as epoch milliseconds.
    QVariant underlying(const eventhub::Event &event) const;
    bool isNumeric(const eventhub::Event &event) const;
};

using EventColumns = QList<EventColumn>;

} // namespace ui
