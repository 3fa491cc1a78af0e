#include "AlertAttention.h"

#include "models/Severity.h"

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QMainWindow>
#include <QMouseEvent>
#include <QTabBar>

namespace ui {

AlertAttention::AlertAttention(QMainWindow *window, QDockWidget *signalsDock, QDockWidget *errorsDock)
    : QObject(window)
    , m_window(window)
    , m_signals(signalsDock)
    , m_errors(errorsDock)
{
    for (QDockWidget *dock : {signalsDock, errorsDock}) {
        m_titles.insert(dock, dock->windowTitle());
        connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
            // Switching to the pane's tab is looking at it.
            if (visible && m_window->isActiveWindow())
                acknowledge(dock);
        });
    }
    m_flashTimer.setInterval(FlashIntervalMs);
    connect(&m_flashTimer, &QTimer::timeout, this, &AlertAttention::flash);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (QDockWidget *dock = dockContaining(now))
            acknowledge(dock);
    });
    window->installEventFilter(this);
    qApp->installEventFilter(this);
}

void AlertAttention::process(const QList<eventhub::Event> &events, bool silent)
{
    const QList<Alert> alerts = m_policy.evaluate(events, QDateTime::currentMSecsSinceEpoch());
    if (silent)
        return;
    int newSignals = 0;
    int newErrors = 0;
    for (const Alert &alert : alerts) {
        if (alert.type == Alert::Type::Error)
            newErrors += alert.severity == Severity::Error || alert.severity == Severity::Critical ? 1 : 0;
        else
            ++newSignals;
    }
    raise(m_signals, newSignals);
    raise(m_errors, newErrors);
}

void AlertAttention::raise(QDockWidget *dock, int count)
{
    if (!dock || count <= 0)
        return;
    // The user is working in that very pane: they see it arrive.
    if (m_window->isActiveWindow() && dockContaining(QApplication::focusWidget()) == dock && isOnScreen(dock))
        return;
    m_pending[dock] += count;
    m_latest = dock;
    dock->setWindowTitle(QStringLiteral("%1 (%2)").arg(m_titles.value(dock)).arg(m_pending.value(dock)));
    if (!m_flashTimer.isActive())
        m_flashTimer.start();
    emit unacknowledgedChanged(unacknowledged());
}

int AlertAttention::unacknowledged() const
{
    int total = 0;
    for (int count : m_pending)
        total += count;
    return total;
}

QDockWidget *AlertAttention::nextToSee() const
{
    if (m_latest && m_pending.value(m_latest) > 0)
        return m_latest;
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it.value() > 0)
            return it.key();
    }
    return nullptr;
}

void AlertAttention::show(QDockWidget *dock)
{
    if (!dock)
        return;
    dock->show();
    dock->raise();
    acknowledge(dock);
}

void AlertAttention::acknowledge(QDockWidget *dock)
{
    if (!dock || m_pending.value(dock) == 0)
        return;
    m_pending.remove(dock);
    paintTab(dock, false);
    dock->setWindowTitle(m_titles.value(dock));
    if (m_pending.isEmpty())
        m_flashTimer.stop();
    emit unacknowledgedChanged(unacknowledged());
}

void AlertAttention::flash()
{
    m_flashOn = !m_flashOn;
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
        paintTab(it.key(), m_flashOn);
}

void AlertAttention::paintTab(QDockWidget *dock, bool highlighted)
{
    // Tabbed docks share tab bars that the window makes and owns; a tab carries its
    // dock's title.
    const QColor color = highlighted ? severityAccent(dock == m_errors ? Severity::Error : Severity::Active) : QColor();
    for (QTabBar *bar : m_window->findChildren<QTabBar *>(Qt::FindDirectChildrenOnly)) {
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabText(i) == dock->windowTitle())
                bar->setTabTextColor(i, color);
        }
    }
}

QDockWidget *AlertAttention::dockContaining(QObject *object) const
{
    for (auto *widget = qobject_cast<QWidget *>(object); widget; widget = widget->parentWidget()) {
        if (auto *dock = qobject_cast<QDockWidget *>(widget))
            return dock == m_signals || dock == m_errors ? dock : nullptr;
    }
    return nullptr;
}

bool AlertAttention::isOnScreen(QDockWidget *dock) const
{
    return dock->isVisible() && !dock->visibleRegion().isEmpty();
}

bool AlertAttention::eventFilter(QObject *watched, QEvent *event)
{
    if (m_pending.isEmpty())
        return false;
    if (event->type() == QEvent::MouseButtonPress) {
        if (QDockWidget *dock = dockContaining(watched))
            acknowledge(dock);
    } else if (event->type() == QEvent::WindowActivate && watched == m_window) {
        // Back to the window: what is on screen is seen.
        for (QDockWidget *dock : {m_signals.data(), m_errors.data()}) {
            if (dock && isOnScreen(dock))
                acknowledge(dock);
        }
    }
    return false;
}

} // namespace ui
