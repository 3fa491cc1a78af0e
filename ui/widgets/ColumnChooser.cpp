#include "ColumnChooser.h"

#include <QHeaderView>
#include <QMenu>

namespace ui {

void installColumnChooser(QHeaderView *header)
{
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QWidget::customContextMenuRequested, header, [header](const QPoint &position) {
        QAbstractItemModel *model = header->model();
        if (!model)
            return;
        QMenu menu(header);
        menu.addSection(QObject::tr("Columns"));
        const int count = header->count();
        const int visible = count - header->hiddenSectionCount();
        for (int section = 0; section < count; ++section) {
            QAction *action = menu.addAction(model->headerData(section, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(section));
            action->setEnabled(header->isSectionHidden(section) || visible > 1);
            QObject::connect(action, &QAction::toggled, header,
                             [header, section](bool shown) { header->setSectionHidden(section, !shown); });
        }
        menu.exec(header->viewport()->mapToGlobal(position));
    });
}

} // namespace ui
