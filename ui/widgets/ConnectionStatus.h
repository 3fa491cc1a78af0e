#pragma once

#include "signalr/HubConnection.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace eventhub {
class EventHubClient;
}
namespace feed {
class EventFeed;
}

namespace ui {

class EventRateMeter;

// The status bar's live facts: the connection state in colour (reconnects with attempt
// number and countdown, never silent), the instance, the cursor, events per second and
// the age of the last event.
class ConnectionStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionStatus)

public:
    ConnectionStatus(const EventRateMeter &meter, QWidget *parent = nullptr);

    // nullptrs when there is no session.
    void setSession(eventhub::EventHubClient *client, feed::EventFeed *feed, const QString &instance, bool demo);
    // The state line as shown, for tests and the tray tooltip.
    QString stateText() const;

private:
    void refresh();

    const EventRateMeter &m_meter;
    QPointer<eventhub::EventHubClient> m_client;
    QPointer<feed::EventFeed> m_feed;
    QLabel *m_demo;
    QLabel *m_state;
    QLabel *m_instance;
    QLabel *m_cursor;
    QLabel *m_rate;
    QLabel *m_age;
    QTimer m_tick;
    QString m_reconnectReason;
    QString m_closedReason;
    qint64 m_replayCursor = 0;
    qint64 m_replayTarget = 0;
};

} // namespace ui
