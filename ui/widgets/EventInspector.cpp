#include "EventInspector.h"

#include "EventDetailsView.h"
#include "EventPane.h"

#include <QApplication>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

namespace {
const char *const PaneNameProperty = "inspectorName";
}

EventInspector::EventInspector(QWidget *parent)
    : QWidget(parent)
    , m_source(new QLabel(this))
    , m_details(new EventDetailsView(this))
{
    m_source->setContentsMargins(4, 2, 4, 0);
    m_source->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_source);
    layout->addWidget(m_details, 1);
    connect(m_details, &EventDetailsView::copied, this, &EventInspector::copied);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) { onFocusChanged(now); });
    showCurrent();
}

void EventInspector::follow(EventPane *pane, const QString &name)
{
    pane->setProperty(PaneNameProperty, name);
    m_panes.append(pane);
    connect(pane, &EventPane::currentEventChanged, this, [this, pane] { activate(pane); });
    connect(pane, &EventPane::currentEventUpdated, this, [this, pane] {
        if (pane == m_active)
            showCurrent();
    });
}

void EventInspector::activate(EventPane *pane)
{
    m_active = pane;
    showCurrent();
}

void EventInspector::onFocusChanged(QWidget *now)
{
    // Clicking into a pane (its table, its filter box) makes it the one inspected, even
    // before its selection moves.
    for (QWidget *widget = now; widget; widget = widget->parentWidget()) {
        auto *pane = qobject_cast<EventPane *>(widget);
        if (pane && m_panes.contains(pane)) {
            if (pane != m_active)
                activate(pane);
            return;
        }
    }
}

void EventInspector::showCurrent()
{
    eventhub::Event event;
    QList<eventhub::Event> history;
    if (!m_active || !m_active->currentEvent(event, history)) {
        m_details->clear();
        m_source->setText(m_active ? tr("%1: no row selected").arg(m_active->property(PaneNameProperty).toString()) : QString());
        m_source->setVisible(m_active);
        return;
    }
    m_source->setVisible(true);
    m_source->setText(tr("Selected in %1").arg(m_active->property(PaneNameProperty).toString()));
    m_details->setEvent(event, history);
}

} // namespace ui
