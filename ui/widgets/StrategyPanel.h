#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace feed {
class EventFeed;
}

namespace ui {

class StrategyModel;

// The home view: one row per strategy with its figures and subscription. A check box per
// strategy (un)subscribes it, the "All strategies" switch covers every strategy at once,
// and a strategy can be added by id or by a name seen before (the hub answers with success
// or the reason it refused; a refused one can be removed). Selecting a row focuses every
// live pane on that strategy (focusChanged); Show all ends the focus.
class StrategyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyPanel)

public:
    StrategyPanel(StrategyModel *model, QWidget *parent = nullptr);

    void setFeed(feed::EventFeed *feed);
    QTableView *view() const { return m_view; }
    QCheckBox *allStrategiesBox() const { return m_all; }
    QLineEdit *addEdit() const { return m_addId; }
    // The focused strategy; -1 = none (every strategy).
    void setFocusedStrategy(qint64 strategyId);
    // Removes the selected strategy when its subscription failed.
    void removeSelectedFailed();

signals:
    void focusChanged(qint64 strategyId);
    // Something to tell the user (an unknown name).
    void message(const QString &text);

private:
    void addStrategy();
    void syncAllBox();
    qint64 selectedStrategy() const;
    void updateButtons();

    StrategyModel *m_model;
    QPointer<feed::EventFeed> m_feed;
    QTableView *m_view;
    QCheckBox *m_all;
    QLineEdit *m_addId;
    QLabel *m_focusLabel;
    QPushButton *m_showAll;
    QPushButton *m_remove;
    qint64 m_focused = -1;
};

} // namespace ui
