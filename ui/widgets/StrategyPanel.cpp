#include "StrategyPanel.h"

#include "models/EventFilterProxy.h"
#include "models/StrategyModel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

StrategyPanel::StrategyPanel(StrategyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_all(new QCheckBox(tr("All strategies"), this))
    , m_addId(new QLineEdit(this))
{
    auto *proxy = new EventFilterProxy(this);
    proxy->setSourceModel(model);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(StrategyModel::IdColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(StrategyModel::SubscribedColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setColumnWidth(StrategyModel::IdColumn, 40);
    m_view->setColumnWidth(StrategyModel::StateColumn, 125);
    m_view->setColumnWidth(StrategyModel::EventsColumn, 52);

    m_all->setToolTip(tr("Subscribe to every strategy this account may see (recommended for monitoring automation)"));
    connect(m_all, &QCheckBox::toggled, this, [this](bool all) {
        if (m_feed)
            m_feed->setAllStrategies(all);
    });

    m_addId->setPlaceholderText(tr("Strategy id"));
    m_addId->setValidator(new QIntValidator(0, std::numeric_limits<int>::max(), m_addId));
    m_addId->setMaximumWidth(110);
    auto *add = new QPushButton(tr("Subscribe"), this);
    add->setToolTip(tr("Subscribe to a strategy by its id"));
    connect(add, &QPushButton::clicked, this, &StrategyPanel::addStrategy);
    connect(m_addId, &QLineEdit::returnPressed, this, &StrategyPanel::addStrategy);

    auto *top = new QHBoxLayout;
    top->addWidget(m_all);
    top->addStretch(1);
    top->addWidget(m_addId);
    top->addWidget(add);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    setEnabled(false);
}

void StrategyPanel::setFeed(feed::EventFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_model->setFeed(feed);
    setEnabled(feed != nullptr);
    if (feed) {
        connect(feed, &feed::EventFeed::strategiesChanged, this, &StrategyPanel::syncAllBox);
        syncAllBox();
    }
}

void StrategyPanel::syncAllBox()
{
    const QSignalBlocker blocker(m_all);
    m_all->setChecked(m_feed && m_feed->allStrategies());
}

void StrategyPanel::addStrategy()
{
    bool ok = false;
    const qint64 id = m_addId->text().toLongLong(&ok);
    if (!ok || !m_feed)
        return;
    m_feed->setStrategySubscribed(id, true);
    m_addId->clear();
}

} // namespace ui
