#include "EventPane.h"

#include "EventTableView.h"
#include "TailFollower.h"
#include "models/EventFilterProxy.h"
#include "models/EventPresentation.h"
#include "session/SettingKeys.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

EventPane::EventPane(EventTableModel *model, Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new EventFilterProxy(this))
    , m_view(new EventTableView(this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_toolbar(new QWidget(this))
{
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);

    QList<int> widths;
    QList<bool> visible;
    for (const EventColumn &column : model->columns()) {
        widths.append(column.width);
        visible.append(column.visibleByDefault);
    }
    m_view->applyDefaultColumns(widths, visible);
    if (model->options().sortColumn >= 0)
        m_view->sortByColumn(model->options().sortColumn, model->options().sortOrder);

    m_filter->setPlaceholderText(tr("Filter: words anywhere in the event (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this, kind](const QString &text) {
        if (kind == Kind::History) {
            emit filterEdited(text);
            return;
        }
        m_proxy->setFilterText(text);
        updateCountLabel();
    });
    m_count->setTextInteractionFlags(Qt::NoTextInteraction);
    m_count->setMinimumWidth(90);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *toolbarLayout = new QHBoxLayout(m_toolbar);
    toolbarLayout->setContentsMargins(4, 4, 4, 2);
    toolbarLayout->addWidget(m_filter, 1);
    toolbarLayout->addWidget(m_count);

    if (kind == Kind::Live) {
        m_follower = new TailFollower(m_view);
        m_followButton = new QToolButton(this);
        m_followButton->setCheckable(true);
        m_followButton->setChecked(true);
        m_followButton->setAutoRaise(true);
        m_followButton->setText(tr("Auto-scroll"));
        m_followButton->setToolTip(
            tr("Keeps the newest rows in view; scrolling up pauses it, scrolling back to the end resumes it"));
        connect(m_followButton, &QToolButton::clicked, this, [this](bool on) {
            if (on)
                m_follower->resume();
            else
                m_view->scrollTo(m_view->currentIndex().isValid() ? m_view->currentIndex() : m_proxy->index(0, 0));
        });
        connect(m_follower, &TailFollower::followingChanged, this, [this](bool following) {
            m_followButton->setChecked(following);
            m_followButton->setText(following ? tr("Auto-scroll") : tr("Auto-scroll paused"));
        });
        toolbarLayout->addWidget(m_followButton);
    }

    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        QMenu menu(this);
        menu.addAction(tr("Copy as JSON"), QKeySequence::Copy, this, &EventPane::copySelection)
            ->setEnabled(m_view->selectionModel()->hasSelection());
        menu.exec(m_view->viewport()->mapToGlobal(position));
    });
    connect(m_view, &EventTableView::copyRequested, this, &EventPane::copySelection);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &EventPane::updateCountLabel);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventPane::updateCountLabel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_view, 1);
    updateCountLabel();
}

void EventPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void EventPane::setStrategyFilter(qint64 strategyId)
{
    m_proxy->setStrategyFilter(strategyId);
    updateCountLabel();
}

void EventPane::updateCountLabel()
{
    const QLocale locale;
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 rows").arg(locale.toString(total))
                                    : tr("%1 of %2").arg(locale.toString(shown), locale.toString(total)));
}

bool EventPane::currentEvent(eventhub::Event &event, QList<eventhub::Event> &history) const
{
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    if (!current.isValid())
        return false;
    event = m_model->eventAt(current.row());
    history = m_model->historyAt(current.row());
    return true;
}

QString EventPane::selectionAsJson() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QJsonArray events;
    for (const QModelIndex &index : std::as_const(rows))
        events.append(eventToJson(m_model->eventAt(m_proxy->mapToSource(index).row())));
    if (events.isEmpty())
        return {};
    const QJsonDocument document = events.size() == 1 ? QJsonDocument(events.first().toObject()) : QJsonDocument(events);
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

void EventPane::copySelection()
{
    const QString json = selectionAsJson();
    if (json.isEmpty())
        return;
    QApplication::clipboard()->setText(json);
    emit copied(int(m_view->selectionModel()->selectedRows().size()));
}

void EventPane::saveState(QSettings &settings) const
{
    settingKeys::PaneHeader.write(settings, m_view->horizontalHeader()->saveState());
    settingKeys::PaneFilter.write(settings, m_filter->text());
}

void EventPane::restoreState(QSettings &settings)
{
    m_view->horizontalHeader()->restoreState(settingKeys::PaneHeader.read(settings));
    m_filter->setText(settingKeys::PaneFilter.read(settings));
}

} // namespace ui
