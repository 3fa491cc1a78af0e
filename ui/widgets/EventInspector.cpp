#include "EventInspector.h"

#include "EventDetailsView.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

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

void EventInspector::follow(QWidget *pane, QAbstractItemView *table, const QString &name, CurrentEvent currentEvent)
{
    const qsizetype index = m_panes.size();
    m_panes.append({pane, table, name, std::move(currentEvent)});
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, index] { activate(index); });
    QAbstractItemModel *model = table->model();
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this, index](const QModelIndex &from, const QModelIndex &to) { onRowsChanged(index, from.row(), to.row()); });
    // A reset drops the current row without a currentRowChanged.
    connect(model, &QAbstractItemModel::modelReset, this, [this, index] {
        if (index == m_active)
            showCurrent();
    });
}

void EventInspector::activate(qsizetype pane)
{
    m_active = pane;
    showCurrent();
}

void EventInspector::onRowsChanged(qsizetype pane, int first, int last)
{
    if (pane != m_active || !m_panes.at(pane).table)
        return;
    const int current = m_panes.at(pane).table->currentIndex().row();
    if (current >= first && current <= last)
        showCurrent();
}

void EventInspector::onFocusChanged(QWidget *now)
{
    // Clicking into a pane (its table, its filter box) makes it the one inspected, even
    // before its selection moves.
    for (QWidget *widget = now; widget; widget = widget->parentWidget()) {
        for (qsizetype pane = 0; pane < m_panes.size(); ++pane) {
            if (m_panes.at(pane).pane != widget)
                continue;
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
    const Followed *active = m_active >= 0 && m_panes.at(m_active).pane ? &m_panes.at(m_active) : nullptr;
    if (!active || !active->currentEvent(event, history)) {
        m_details->clear();
        // A History row whose block is still being read is current, yet has no event yet.
        const bool rowCurrent = active && active->table && active->table->currentIndex().isValid();
        m_source->setText(!active      ? QString()
                          : rowCurrent ? tr("%1: reading the selected row…").arg(active->name)
                                       : tr("%1: no row selected").arg(active->name));
        m_source->setVisible(active);
        return;
    }
    m_source->setVisible(true);
    m_source->setText(tr("Selected in %1").arg(active->name));
    m_details->setEvent(event, history);
}

} // namespace ui
