#include "TailFollower.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>

namespace ui {

namespace {
constexpr int TickMs = 100;
}

TailFollower::TailFollower(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &TailFollower::onTick);
    m_timer.start();
    QScrollBar *bar = view->verticalScrollBar();
    // Only the user's scrolling decides: a value change caused by rows arriving or being
    // dropped (range changes) must not switch tailing off.
    connect(bar, &QAbstractSlider::actionTriggered, this,
            [this, bar](int) { QTimer::singleShot(0, this, [this, bar] { onScrolled(bar->value()); }); });
    connect(bar, &QAbstractSlider::sliderReleased, this, [this, bar] { onScrolled(bar->value()); });
    connect(bar, &QAbstractSlider::valueChanged, this, [this](int value) {
        if (!m_scrolling && !m_following && m_view && isAtNewestEnd(value))
            setFollowing(true); // the user came back to the end
    });
    // The view's model is set before the follower is attached (EventPane does so).
    if (QAbstractItemModel *model = view->model()) {
        connect(model, &QAbstractItemModel::rowsInserted, this, [this] { m_rowsArrived = true; });
        connect(model, &QAbstractItemModel::layoutChanged, this, [this] { m_rowsArrived = true; });
    }
}

void TailFollower::onScrolled(int value)
{
    if (!m_view)
        return;
    setFollowing(isAtNewestEnd(value));
}

bool TailFollower::newestAtTop() const
{
    // Sorted descending (the Errors pane by default: newest on top), the top is the end
    // that new rows arrive at.
    const auto *table = qobject_cast<const QTableView *>(m_view.data());
    return table && table->horizontalHeader()->sortIndicatorSection() >= 0
           && table->horizontalHeader()->sortIndicatorOrder() == Qt::DescendingOrder;
}

bool TailFollower::isAtNewestEnd(int value) const
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    return newestAtTop() ? value <= bar->minimum() : value >= bar->maximum();
}

void TailFollower::setFollowing(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    emit followingChanged(following);
}

void TailFollower::resume()
{
    setFollowing(true);
    m_rowsArrived = true;
    onTick();
}

void TailFollower::onTick()
{
    if (!m_view || !m_rowsArrived || !m_following)
        return;
    m_rowsArrived = false;
    m_scrolling = true;
    if (newestAtTop())
        m_view->scrollToTop();
    else
        m_view->scrollToBottom();
    m_scrolling = false;
}

} // namespace ui
