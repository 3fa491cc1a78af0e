#include "HistoryPane.h"

#include "HistoryFilterBar.h"
#include "HistoryTableModel.h"
#include "StoreIntegrityCheck.h"
#include "models/EventPresentation.h"
#include "session/SettingKeys.h"
#include "store/EventStore.h"
#include "widgets/EventTableView.h"

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
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

// What Jump to understands as a time, besides ISO 8601.
const QStringList JumpTimeFormats = {QStringLiteral("yyyy-MM-dd HH:mm:ss"), QStringLiteral("yyyy-MM-dd HH:mm"),
                                     QStringLiteral("yyyy-MM-dd")};

} // namespace

HistoryPane::HistoryPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new HistoryTableModel(this))
    , m_filters(new HistoryFilterBar(this))
    , m_view(new EventTableView(this))
    , m_jump(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_integrity(new StoreIntegrityCheck(this))
{
    // The header shows the store's order: newest first until the user sorts.
    m_view->horizontalHeader()->setSortIndicator(m_model->columnOf(store::HistorySortKey::Seq), Qt::DescendingOrder);
    m_view->setModel(m_model);
    QList<int> widths;
    QList<bool> visible;
    for (const EventColumn &column : HistoryTableModel::defaultColumns()) {
        widths.append(column.width);
        visible.append(column.visibleByDefault);
    }
    m_view->applyDefaultColumns(widths, visible);

    m_jump->setPlaceholderText(tr("Jump to: Seq, Event Id or time"));
    m_jump->setToolTip(tr("An EventSeqId (12345), an EventId, or a time (2026-11-25 14:30): "
                          "the nearest event the filter shows is selected"));
    m_jump->setClearButtonEnabled(true);
    m_jump->setMinimumWidth(260);
    connect(m_jump, &QLineEdit::returnPressed, this, [this] { jumpTo(m_jump->text()); });
    auto *exportButton = new QPushButton(tr("Export CSV…"), this);
    exportButton->setToolTip(tr("Export every event the filter shows, in this order (Ctrl+E)"));
    connect(exportButton, &QPushButton::clicked, this, &HistoryPane::exportRequested);

    auto *storeButton = new QToolButton(this);
    storeButton->setText(tr("Store"));
    storeButton->setPopupMode(QToolButton::InstantPopup);
    auto *storeMenu = new QMenu(storeButton);
    storeMenu->addAction(tr("Check the store's integrity"), this, [this] {
        if (m_store)
            m_integrity->start(m_store->path());
        m_status->setText(tr("Checking every page of the event store…"));
    });
    storeButton->setMenu(storeMenu);
    connect(m_integrity, &StoreIntegrityCheck::finished, this, [this](const QString &path, const QString &problems) {
        updateStatus();
        if (problems.isEmpty()) {
            m_status->setText(m_status->text() + tr(" — store checked: sound"));
            return;
        }
        QMessageBox::warning(this, tr("Event store"),
                             tr("The event store %1 is damaged:\n%2\n\nRestart the monitor: it moves the damaged file "
                                "aside, keeps it for rescue, and reads the history again from the hub.")
                                 .arg(path, problems.left(2000)));
    });

    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(4, 2, 4, 2);
    tools->addWidget(m_jump);
    tools->addStretch(1);
    tools->addWidget(storeButton);
    tools->addWidget(exportButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filters);
    layout->addLayout(tools);
    layout->addWidget(m_view, 1);
    m_status->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_status);

    connect(m_filters, &HistoryFilterBar::filterChanged, this, [this] {
        m_jumpMessage.clear();
        m_model->setFilter(m_filters->filter());
    });
    connect(m_model, &HistoryTableModel::countChanged, this, &HistoryPane::updateStatus);
    connect(m_model, &HistoryTableModel::countChanged, this, &HistoryPane::loadStrategies);
    // A column the store cannot sort by (Details) leaves the order, and the header says so.
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column) {
        if (!m_model->sortKeyOf(column))
            m_view->horizontalHeader()->setSortIndicator(m_model->columnOf(m_model->order().key),
                                                         m_model->order().descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    });
    connect(m_model, &HistoryTableModel::failed, this, &HistoryPane::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { keepViewOnNewRows(first, last); });
    connect(m_model, &HistoryTableModel::jumped, this, [this](int row) {
        m_jumpMessage.clear();
        const QModelIndex target = m_model->index(row, 0);
        m_view->scrollTo(target, QAbstractItemView::PositionAtCenter);
        m_view->setCurrentIndex(target);
        m_view->selectRow(row);
        updateStatus();
    });
    connect(m_model, &HistoryTableModel::jumpFailed, this, [this](const QString &message) {
        m_jumpMessage = message;
        updateStatus();
    });
    connect(m_view, &EventTableView::copyRequested, this, &HistoryPane::copySelection);
    updateStatus();
}

void HistoryPane::setStore(store::EventStore *eventStore)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = eventStore;
    m_strategiesRead.invalidate();
    m_textIndexProgress.reset();
    m_model->setStorePath(eventStore ? eventStore->path() : QString());
    if (!eventStore)
        return;
    connect(eventStore, &store::EventStore::committed, m_model, &HistoryTableModel::storeChanged);
    m_backfilledTo = eventStore->backfilledTo();
    connect(eventStore, &store::EventStore::committed, this, [this] {
        if (m_store && m_store->backfilledTo() != m_backfilledTo) {
            m_backfilledTo = m_store->backfilledTo();
            m_model->olderEventsStored();
        }
        updateStatus();
    });
    connect(eventStore, &store::EventStore::textIndexProgressed, this, [this](double done) {
        m_textIndexProgress = done;
        if (done >= 1)
            m_model->textIndexGrew();
        updateStatus();
    });
    m_integrity->startIfDue(eventStore->path());
}

void HistoryPane::loadStrategies()
{
    // A few rows, a millisecond, read after a count and at most every few seconds as new
    // events come: strategies appear rarely.
    constexpr qint64 StrategiesReloadMs = 10000;
    if (!m_model->isCounted() || !m_store
        || (m_strategiesRead.isValid() && m_strategiesRead.elapsed() < StrategiesReloadMs && m_model->rowCount() > 0))
        return;
    m_strategiesRead.start();
    store::HistoryReader reader;
    QString error;
    if (!reader.open(m_store->path(), error))
        return;
    QList<QPair<qint64, QString>> strategies;
    for (const store::HistoryReader::Strategy &strategy : reader.strategies(error))
        strategies.append({strategy.id, strategy.name});
    m_filters->setStrategies(strategies);
}

store::HistoryFilter HistoryPane::filter() const
{
    return m_model->filter();
}

store::HistoryOrder HistoryPane::order() const
{
    return m_model->order();
}

void HistoryPane::focusFilter()
{
    m_filters->textEdit()->setFocus(Qt::ShortcutFocusReason);
    m_filters->textEdit()->selectAll();
}

void HistoryPane::jumpTo(const QString &target)
{
    const QString text = target.trimmed();
    if (text.isEmpty())
        return;
    bool isNumber = false;
    const qint64 seqId = text.toLongLong(&isNumber);
    if (isNumber) {
        m_model->jumpToSeq(seqId);
        return;
    }
    static const QRegularExpression guid(QStringLiteral("^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$"));
    if (guid.match(text).hasMatch()) {
        m_model->jumpToEventId(text.toLower());
        return;
    }
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    for (const QString &format : JumpTimeFormats) {
        if (!time.isValid())
            time = QDateTime::fromString(text, format);
    }
    if (!time.isValid()) {
        m_jumpMessage = tr("Jump to \"%1\": not an EventSeqId, an EventId or a time (yyyy-MM-dd HH:mm)").arg(text);
        updateStatus();
        return;
    }
    m_model->jumpToTime(time.toMSecsSinceEpoch());
}

void HistoryPane::keepViewOnNewRows(int first, int last)
{
    // New events go on top; a user who scrolled down keeps looking at the same rows.
    QScrollBar *bar = m_view->verticalScrollBar();
    if (first != 0 || bar->value() == 0 || !m_model->isCounted())
        return;
    const int rows = last - first + 1;
    const int step =
        m_view->verticalScrollMode() == QAbstractItemView::ScrollPerItem ? 1 : m_view->verticalHeader()->defaultSectionSize();
    bar->setValue(bar->value() + rows * step);
}

bool HistoryPane::currentEvent(eventhub::Event &event) const
{
    const QModelIndex current = m_view->currentIndex();
    const eventhub::Event *loaded = current.isValid() ? m_model->eventAt(current.row()) : nullptr;
    if (!loaded)
        return false;
    event = *loaded;
    return true;
}

void HistoryPane::copySelection()
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QJsonArray events;
    for (const QModelIndex &index : std::as_const(rows)) {
        if (const eventhub::Event *event = m_model->eventAt(index.row()))
            events.append(eventToJson(*event));
    }
    if (events.isEmpty())
        return;
    const QJsonDocument document = events.size() == 1 ? QJsonDocument(events.first().toObject()) : QJsonDocument(events);
    QApplication::clipboard()->setText(QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
    emit copied(int(events.size()));
}

void HistoryPane::updateStatus()
{
    const QLocale locale;
    QString text;
    if (!m_store)
        text = tr("No event store: the history shows what this monitor keeps on disk.");
    else if (!m_model->lastError().isEmpty())
        text = tr("History unavailable: %1").arg(m_model->lastError());
    else if (!m_model->isCounted())
        text = tr("Counting… %1 so far").arg(locale.toString(m_model->matchingCount()));
    else
        text = m_model->filter().isEmpty() ? tr("%1 events").arg(locale.toString(m_model->matchingCount()))
                                           : tr("%1 matching events").arg(locale.toString(m_model->matchingCount()));
    if (m_store && m_model->isCounted())
        text += QStringLiteral(" — ") + localHistoryText();
    const double textIndexed = m_textIndexProgress.value_or(m_model->textIndexed());
    if (m_store && textIndexed < 1)
        text += QStringLiteral(" — ")
                + tr("indexing the words of older events: %1 %; until done, text search finds only the newer ones")
                      .arg(int(textIndexed * 100));
    if (!m_jumpMessage.isEmpty())
        text += QStringLiteral(" — ") + m_jumpMessage;
    m_status->setText(text);
}

QString HistoryPane::localHistoryText() const
{
    // What part of the account's history is on this machine: the feed's part (after
    // where it started, up to the cursor) and what the backfill stored from the start.
    const QLocale locale;
    const qint64 latest = std::max(m_model->latestSeqId(), m_store->cursor().value_or(0));
    const qint64 feedFrom = m_store->coveredFrom().value_or(0);
    const qint64 backfilled = m_store->backfilledTo();
    if (latest == 0)
        return tr("no events stored yet");
    if (backfilled >= feedFrom)
        return tr("events 1–%1 of %1 local").arg(locale.toString(latest));
    const QString recent = tr("%1–%2").arg(locale.toString(feedFrom + 1), locale.toString(latest));
    const QString older = backfilled > 0 ? tr("1–%1 and ").arg(locale.toString(backfilled)) : QString();
    return tr("events %1%2 of %3 local; fetching the older ones from the hub").arg(older, recent, locale.toString(latest));
}

void HistoryPane::saveState(QSettings &settings) const
{
    settingKeys::PaneHeader.write(settings, m_view->horizontalHeader()->saveState());
    settingKeys::HistoryFilters.write(settings, m_filters->state());
}

void HistoryPane::restoreState(QSettings &settings)
{
    m_view->horizontalHeader()->restoreState(settingKeys::PaneHeader.read(settings));
    if (settingKeys::HistoryFilters.isStored(settings))
        m_filters->setState(settingKeys::HistoryFilters.read(settings));
}

} // namespace ui
