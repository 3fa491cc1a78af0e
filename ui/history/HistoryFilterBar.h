#pragma once

#include "store/HistoryQuery.h"

#include <QTimer>
#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QToolButton;

namespace ui {

// The history's filters, each over the whole store: kind, strategy (by name, from the
// strategies the store has seen), severity, time range (presets such as "Today", which a
// saved filter keeps as such, or from/to) and words (the full-text index). Filters are
// saved by name ("SPX errors today") and applied from a menu.
class HistoryFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryFilterBar)

public:
    explicit HistoryFilterBar(QWidget *parent = nullptr);

    // The filter as set now (a preset time range is resolved against the clock).
    store::HistoryFilter filter() const;
    QLineEdit *textEdit() const { return m_text; }
    // The strategies to offer: id and name.
    void setStrategies(const QList<QPair<qint64, QString>> &strategies);

    // The bar's settings as values (for saved filters and the window's state).
    QVariantMap state() const;
    void setState(const QVariantMap &state);

signals:
    void filterChanged();

private:
    void updateTimeEdits();
    void showSavedMenu();

    QComboBox *m_kind;
    QComboBox *m_strategy;
    QComboBox *m_severity;
    QComboBox *m_time;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QLineEdit *m_text;
    QToolButton *m_saved;
    // Typing waits for a pause before counting again.
    QTimer m_textDebounce;
    bool m_applying = false;
};

} // namespace ui
