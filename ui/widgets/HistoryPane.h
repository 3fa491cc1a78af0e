#pragma once

#include "EventPane.h"
#include "models/EventQuery.h"

#include <QTimer>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace ui {

class HistoryModel;

// The whole history, paged from the hub as the user scrolls (HistoryModel's fetchMore),
// with filters that apply to every page: kind, strategy, time range and free text, and an
// export of everything that matches.
class HistoryPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPane)

public:
    HistoryPane(HistoryModel *model, QWidget *parent = nullptr);

    EventPane *pane() const { return m_pane; }
    EventQuery query() const;
    void focusFilter() { m_pane->focusFilter(); }

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

signals:
    void exportRequested();

private:
    void applyQuery();
    void updateStatus();

    HistoryModel *m_model;
    EventPane *m_pane;
    QComboBox *m_kind;
    QComboBox *m_strategy;
    QCheckBox *m_fromEnabled;
    QDateTimeEdit *m_from;
    QCheckBox *m_toEnabled;
    QDateTimeEdit *m_to;
    QLabel *m_status;
    QPushButton *m_reload;
    // Typing in the search box waits for a pause before re-querying the hub.
    QTimer m_textDebounce;
};

} // namespace ui
