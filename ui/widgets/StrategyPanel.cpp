#include "StrategyPanel.h"

#include "models/EventFilterProxy.h"
#include "models/StrategyModel.h"

#include <QCheckBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

namespace {

struct ColumnWidth
{
    StrategyModel::Column column;
    int width;
};

constexpr ColumnWidth DefaultWidths[] = {
    {StrategyModel::SubscribedColumn, 190},   {StrategyModel::IdColumn, 44},        {StrategyModel::StateColumn, 140},
    {StrategyModel::LatestSignalColumn, 250}, {StrategyModel::WhenColumn, 70},      {StrategyModel::SignalsColumn, 58},
    {StrategyModel::ErrorsColumn, 58},        {StrategyModel::PositionsColumn, 68}, {StrategyModel::OrdersColumn, 55},
    {StrategyModel::AgentColumn, 150},        {StrategyModel::EventsColumn, 52},
};

} // namespace

StrategyPanel::StrategyPanel(StrategyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_all(new QCheckBox(tr("All strategies"), this))
    , m_addId(new QLineEdit(this))
    , m_focusLabel(new QLabel(this))
    , m_showAll(new QPushButton(tr("Show all"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
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
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (const ColumnWidth &column : DefaultWidths)
        m_view->setColumnWidth(column.column, column.width);
    // The agent's status reads best last, where the row's remaining width is.
    m_view->horizontalHeader()->moveSection(StrategyModel::AgentColumn, StrategyModel::ColumnCount - 1);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        const qint64 id = selectedStrategy();
        if (id < 0)
            return;
        QMenu menu(this);
        menu.addAction(tr("Focus every pane on this strategy"), this, [this, id] { setFocusedStrategy(id); });
        menu.addAction(tr("Remove failed subscription"), this, &StrategyPanel::removeSelectedFailed)
            ->setEnabled(m_feed && m_feed->subscriptionState(id) == feed::EventFeed::SubscriptionState::Failed);
        menu.exec(m_view->viewport()->mapToGlobal(position));
    });
    // A click selects after moving the current row: the selection decides.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (selectedStrategy() >= 0)
            setFocusedStrategy(selectedStrategy());
        updateButtons();
    });
    connect(model, &QAbstractItemModel::dataChanged, this, &StrategyPanel::updateButtons);

    m_all->setToolTip(tr("Subscribe to every strategy this account may see (recommended for monitoring automation)"));
    connect(m_all, &QCheckBox::toggled, this, [this](bool all) {
        if (m_feed)
            m_feed->setAllStrategies(all);
    });

    m_addId->setPlaceholderText(tr("Strategy id or name"));
    m_addId->setMaximumWidth(200);
    m_addId->setClearButtonEnabled(true);
    auto *add = new QPushButton(tr("Subscribe"), this);
    add->setToolTip(tr("Subscribe to a strategy by its id, or by the name of one seen before"));
    connect(add, &QPushButton::clicked, this, &StrategyPanel::addStrategy);
    connect(m_addId, &QLineEdit::returnPressed, this, &StrategyPanel::addStrategy);

    m_showAll->setToolTip(tr("Show every strategy's events in the panes again"));
    connect(m_showAll, &QPushButton::clicked, this, [this] {
        m_view->selectionModel()->clear();
        setFocusedStrategy(-1);
    });
    m_remove->setToolTip(tr("Remove the selected strategy, whose subscription failed"));
    connect(m_remove, &QPushButton::clicked, this, &StrategyPanel::removeSelectedFailed);

    auto *top = new QHBoxLayout;
    top->addWidget(m_all);
    top->addWidget(m_focusLabel);
    top->addWidget(m_showAll);
    top->addStretch(1);
    top->addWidget(m_remove);
    top->addWidget(m_addId);
    top->addWidget(add);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    setEnabled(false);
    updateButtons();
}

void StrategyPanel::setFeed(feed::EventFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_model->setFeed(feed);
    setEnabled(feed != nullptr);
    setFocusedStrategy(-1);
    if (feed) {
        connect(feed, &feed::EventFeed::strategiesChanged, this, &StrategyPanel::syncAllBox);
        syncAllBox();
    }
}

void StrategyPanel::syncAllBox()
{
    const QSignalBlocker blocker(m_all);
    m_all->setChecked(m_feed && m_feed->allStrategies());
    // Names seen so far complete the add box.
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString name = m_feed ? m_feed->strategyName(m_model->strategyAt(row)) : QString();
        if (!name.isEmpty())
            names.append(name);
    }
    auto *completer = new QCompleter(names, m_addId);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    delete m_addId->completer();
    m_addId->setCompleter(completer);
    updateButtons();
}

qint64 StrategyPanel::selectedStrategy() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row(), {}))
        return -1;
    return current.siblingAtColumn(StrategyModel::IdColumn).data().toLongLong();
}

void StrategyPanel::setFocusedStrategy(qint64 strategyId)
{
    if (m_focused != strategyId) {
        m_focused = strategyId;
        emit focusChanged(strategyId);
    }
    const QString name = strategyId >= 0 && m_feed ? m_feed->strategyName(strategyId) : QString();
    m_focusLabel->setText(
        strategyId < 0
            ? QString()
            : tr("Panes show only <b>%1</b>").arg((name.isEmpty() ? QString::number(strategyId) : name).toHtmlEscaped()));
    m_focusLabel->setVisible(strategyId >= 0);
    m_showAll->setVisible(strategyId >= 0);
}

void StrategyPanel::updateButtons()
{
    const qint64 id = selectedStrategy();
    const bool failed = id >= 0 && m_feed && m_feed->subscriptionState(id) == feed::EventFeed::SubscriptionState::Failed;
    m_remove->setVisible(failed);
}

void StrategyPanel::removeSelectedFailed()
{
    const qint64 id = selectedStrategy();
    if (id < 0 || !m_feed || !m_feed->forgetFailedStrategy(id))
        return;
    if (m_focused == id)
        setFocusedStrategy(-1);
    updateButtons();
}

void StrategyPanel::addStrategy()
{
    const QString text = m_addId->text().trimmed();
    if (text.isEmpty() || !m_feed)
        return;
    bool isNumber = false;
    qint64 id = text.toLongLong(&isNumber);
    if (!isNumber || id < 0) {
        id = m_model->strategyNamed(text);
        if (id < 0) {
            emit message(tr("No strategy named \"%1\" has been seen yet: subscribe by its id (in MesoLive, the number in the "
                            "strategy's address).")
                             .arg(text));
            return;
        }
    }
    m_feed->setStrategySubscribed(id, true);
    m_addId->clear();
}

} // namespace ui
