#include "EventTableView.h"

#include "ColumnChooser.h"

#include <QHeaderView>
#include <QKeyEvent>

namespace ui {

EventTableView::EventTableView(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setSortingEnabled(true);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setTextElideMode(Qt::ElideRight);
    setHorizontalScrollMode(ScrollPerPixel);
    setEditTriggers(NoEditTriggers);
    verticalHeader()->setVisible(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // No sort indicator until the user asks: rows stay in arrival order.
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    installColumnChooser(horizontalHeader());
}

void EventTableView::applyDefaultColumns(const QList<int> &widths, const QList<bool> &visible)
{
    for (int column = 0; column < widths.size(); ++column) {
        if (widths.at(column) > 0)
            setColumnWidth(column, widths.at(column));
        setColumnHidden(column, !visible.value(column, true));
    }
}

void EventTableView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        emit copyRequested();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace ui
