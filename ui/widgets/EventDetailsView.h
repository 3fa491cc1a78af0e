#pragma once

#include "eventhub/Event.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace ui {

// Every field of one event, the ones this version does not know included, nested objects
// and arrays expanded; for rows that stand for an agent, a signal or a job, the earlier
// events under the same key follow. Copy as JSON puts the event on the clipboard.
class EventDetailsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventDetailsView)

public:
    explicit EventDetailsView(QWidget *parent = nullptr);

    void setEvent(const eventhub::Event &event, const QList<eventhub::Event> &history = {});
    void clear();
    // The shown event as indented JSON; empty when none.
    QString eventJson() const;
    bool hasEvent() const { return m_hasEvent; }
    const eventhub::Event &event() const { return m_event; }

signals:
    // Copy as JSON put the shown event on the clipboard.
    void copied();

private:
    void addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value);

    QLabel *m_title;
    QTreeWidget *m_tree;
    bool m_hasEvent = false;
    eventhub::Event m_event;
};

} // namespace ui
