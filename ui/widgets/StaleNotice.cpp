#include "StaleNotice.h"

#include "models/EventPresentation.h"

#include <QBoxLayout>
#include <QDateTime>
#include <QFrame>
#include <QLabel>
#include <QPushButton>

namespace ui {

StaleNotice::StaleNotice(QObject *parent)
    : QObject(parent)
{}

void StaleNotice::setConnection(signalr::HubConnection *connection)
{
    if (m_connection)
        disconnect(m_connection, nullptr, this, nullptr);
    m_connection = connection;
    m_sinceMs = 0;
    if (connection)
        connect(connection, &signalr::HubConnection::stateChanged, this, &StaleNotice::onStateChanged);
    updateBanners();
}

void StaleNotice::onStateChanged(signalr::HubConnection::State state)
{
    using State = signalr::HubConnection::State;
    if (state == State::Connected)
        m_sinceMs = 0;
    else if ((state == State::Reconnecting || state == State::Disconnected) && m_sinceMs == 0)
        m_sinceMs = QDateTime::currentMSecsSinceEpoch();
    // A new retry (Connecting after Reconnecting) keeps the time the connection was lost.
    updateBanners();
}

QString StaleNotice::text() const
{
    if (!isStale())
        return {};
    return tr("Disconnected since %1 — showing what was received until then").arg(formatClock(m_sinceMs));
}

void StaleNotice::attach(QWidget *pane)
{
    auto *layout = qobject_cast<QBoxLayout *>(pane->layout());
    Q_ASSERT(layout);
    auto *banner = new QFrame(pane);
    banner->setObjectName(QStringLiteral("staleBanner"));
    banner->setStyleSheet(QStringLiteral("#staleBanner { background: #fff4e0; border-bottom: 1px solid #e67e00; }"
                                         "#staleBanner QLabel { color: #7a4100; font-weight: bold; }"));
    auto *label = new QLabel(banner);
    label->setWordWrap(true);
    auto *button = new QPushButton(tr("Reconnect now"), banner);
    button->setToolTip(tr("Try to connect again at once instead of waiting for the next attempt"));
    connect(button, &QPushButton::clicked, this, [this] {
        if (m_connection)
            m_connection->retryNow();
    });
    auto *row = new QHBoxLayout(banner);
    row->setContentsMargins(6, 3, 6, 3);
    row->addWidget(label, 1);
    row->addWidget(button);
    layout->insertWidget(0, banner);
    m_banners.append(banner);
    updateBanners();
}

void StaleNotice::updateBanners()
{
    const QString message = text();
    for (const QPointer<QFrame> &banner : std::as_const(m_banners)) {
        if (!banner)
            continue;
        banner->findChild<QLabel *>()->setText(message);
        banner->setVisible(isStale());
    }
}

} // namespace ui
