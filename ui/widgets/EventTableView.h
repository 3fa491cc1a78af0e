#pragma once

#include <QTableView>

namespace ui {

// The table every pane uses: fixed row heights (no per-row measuring under floods), no
// resize-to-contents, sortable by value, the header's column chooser, and Ctrl+C copying
// the selected rows' events as JSON (through the `copyRequested` signal).
class EventTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTableView)

public:
    explicit EventTableView(QWidget *parent = nullptr);

    // Applies the columns' default widths and visibility (before a saved state is restored).
    void applyDefaultColumns(const QList<int> &widths, const QList<bool> &visible);

signals:
    void copyRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace ui
