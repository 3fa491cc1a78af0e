#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QTableView;

namespace feed {
class EventFeed;
}

namespace ui {

class StrategyModel;

// The strategies and their subscriptions: a check box per strategy (un)subscribes it, the
// "All strategies" switch covers every strategy at once, and an id can be added by hand
// (the hub answers with success or the reason it refused).
class StrategyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyPanel)

public:
    StrategyPanel(StrategyModel *model, QWidget *parent = nullptr);

    void setFeed(feed::EventFeed *feed);
    QTableView *view() const { return m_view; }
    QCheckBox *allStrategiesBox() const { return m_all; }

private:
    void addStrategy();
    void syncAllBox();

    StrategyModel *m_model;
    QPointer<feed::EventFeed> m_feed;
    QTableView *m_view;
    QCheckBox *m_all;
    QLineEdit *m_addId;
};

} // namespace ui
