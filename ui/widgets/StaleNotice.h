#pragma once

#include "signalr/HubConnection.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QFrame;
class QLabel;

namespace ui {

// Stale is visible: while the connection is lost, every pane it is attached to carries a
// banner, "Disconnected since 12:09:31 — showing what was received until then", with a
// Reconnect now button, so that old rows never pass for live ones. The banners go when the
// connection is back.
class StaleNotice final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaleNotice)

public:
    explicit StaleNotice(QObject *parent = nullptr);

    // nullptr when there is no session; a new connection starts fresh (not stale).
    void setConnection(signalr::HubConnection *connection);
    // Puts a banner at the top of `pane`, whose layout must be a QBoxLayout.
    void attach(QWidget *pane);

    bool isStale() const { return m_sinceMs > 0; }
    QString text() const;

private:
    void onStateChanged(signalr::HubConnection::State state);
    void updateBanners();

    QPointer<signalr::HubConnection> m_connection;
    QList<QPointer<QFrame>> m_banners;
    // When the connection was lost (UTC ms); 0 while connected.
    qint64 m_sinceMs = 0;
};

} // namespace ui
