#include "EventDetailsView.h"

#include "models/DisplayTime.h"
#include "models/EventPresentation.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {
constexpr int StartNamesWidth = 180;
}

EventDetailsView::EventDetailsView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy as JSON"));
    copy->setToolTip(tr("Copy the selected event, every field, as JSON"));
    connect(copy, &QToolButton::clicked, this, [this] {
        if (!m_hasEvent)
            return;
        QApplication::clipboard()->setText(eventJson());
        emit copied();
    });
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, StartNamesWidth);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(4, 2, 4, 2);
    top->addWidget(m_title, 1);
    top->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    clear();
}

void EventDetailsView::clear()
{
    m_hasEvent = false;
    m_tree->clear();
    m_title->setText(tr("Select an event to see all of its fields"));
}

void EventDetailsView::addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value)
{
    auto *item = new QTreeWidgetItem(parent, {key, value.isObject() || value.isArray() ? QString() : formatValue(value)});
    // A message or an id is often longer than the docked inspector is wide.
    item->setToolTip(1, item->text(1));
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        item->setText(1, QStringLiteral("{%1 fields}").arg(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            addValue(item, it.key(), it.value());
        item->setExpanded(true);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        item->setText(1, QStringLiteral("[%1 items]").arg(array.size()));
        for (int i = 0; i < array.size(); ++i)
            addValue(item, QStringLiteral("[%1]").arg(i), array.at(i));
        item->setExpanded(true);
    }
}

void EventDetailsView::setEvent(const eventhub::Event &event, const QList<eventhub::Event> &history)
{
    m_hasEvent = true;
    m_event = event;
    m_title->setText(QStringLiteral("%1  ·  #%2  ·  %3").arg(kindLabel(event)).arg(event.seqId).arg(formatTime(event.timeMs)));
    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    auto *root = m_tree->invisibleRootItem();
    new QTreeWidgetItem(root, {tr("Kind"), event.kindName});
    auto *time = new QTreeWidgetItem(root, {tr("Time (%1)").arg(displayZoneLabel()), formatTime(event.timeMs)});
    time->setToolTip(1, otherZonesText(event.timeMs));
    const QJsonObject payload = event.payload();
    for (auto it = payload.begin(); it != payload.end(); ++it)
        addValue(root, it.key(), it.value());
    if (!history.isEmpty()) {
        auto *earlier = new QTreeWidgetItem(root, {tr("Earlier events"), tr("%n event(s)", nullptr, int(history.size()))});
        QFont bold = earlier->font(0);
        bold.setBold(true);
        earlier->setFont(0, bold);
        for (const eventhub::Event &old : history) {
            auto *item = new QTreeWidgetItem(
                earlier, {formatTime(old.timeMs), kindLabel(old) + QStringLiteral(" — ") + payloadSummary(old)});
            item->setIcon(0, severityIcon(severityOf(old)));
            item->setToolTip(1, item->text(1));
        }
        earlier->setExpanded(true);
    }
    // The names as wide as they need, at most half the view (before it is laid out, the
    // width it started with): the values get the rest.
    const int room = m_tree->isVisible() ? m_tree->viewport()->width() / 2 : StartNamesWidth;
    m_tree->resizeColumnToContents(0);
    m_tree->setColumnWidth(0, std::min(m_tree->columnWidth(0), room));
    m_tree->setUpdatesEnabled(true);
}

QString EventDetailsView::eventJson() const
{
    if (!m_hasEvent)
        return {};
    return QString::fromUtf8(QJsonDocument(eventToJson(m_event)).toJson(QJsonDocument::Indented));
}

} // namespace ui
