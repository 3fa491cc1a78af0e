#include "ConnectionStatus.h"

#include "eventhub/EventHubClient.h"
#include "feed/EventFeed.h"
#include "models/EventRateMeter.h"
#include "models/Severity.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>

namespace ui {

namespace {

QString ageText(qint64 ms)
{
    if (ms < 1000)
        return QObject::tr("now");
    if (ms < 60'000)
        return QObject::tr("%1 s ago").arg(ms / 1000);
    if (ms < 3'600'000)
        return QObject::tr("%1 min ago").arg(ms / 60'000);
    return QObject::tr("%1 h ago").arg(ms / 3'600'000);
}

QLabel *statusLabel(QWidget *parent, const QString &tip)
{
    auto *label = new QLabel(parent);
    label->setToolTip(tip);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}

} // namespace

ConnectionStatus::ConnectionStatus(const EventRateMeter &meter, QWidget *parent)
    : QWidget(parent)
    , m_meter(meter)
    , m_demo(statusLabel(this, tr("Demo mode: events come from the built-in simulator, not from MesoLive")))
    , m_state(statusLabel(this, tr("Connection to the Event Hub")))
    , m_instance(statusLabel(this, tr("Instance")))
    , m_cursor(statusLabel(this, tr("Cursor: the latest EventSeqId received; replay resumes from here")))
    , m_rate(statusLabel(this, tr("Events per second over the last five seconds")))
    , m_age(statusLabel(this, tr("Time since the last event arrived")))
{
    m_demo->setText(tr("DEMO"));
    m_demo->setStyleSheet(
        QStringLiteral("QLabel { background: #e67e00; color: white; font-weight: bold; border-radius: 3px; padding: 1px 8px; }"));
    m_state->setTextFormat(Qt::RichText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (QLabel *label : {m_demo, m_state, m_instance, m_cursor, m_rate, m_age})
        layout->addWidget(label);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ConnectionStatus::refresh);
    m_tick.start();
    setSession(nullptr, nullptr, {}, false);
}

void ConnectionStatus::setSession(eventhub::EventHubClient *client, feed::EventFeed *feed, const QString &instance, bool demo)
{
    if (m_client)
        disconnect(&m_client->connection(), nullptr, this, nullptr);
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_client = client;
    m_feed = feed;
    m_reconnectReason.clear();
    m_closedReason.clear();
    m_replayCursor = m_replayTarget = 0;
    m_demo->setVisible(demo);
    m_instance->setText(instance);
    if (client) {
        signalr::HubConnection *connection = &client->connection();
        connect(connection, &signalr::HubConnection::stateChanged, this, &ConnectionStatus::refresh);
        connect(connection, &signalr::HubConnection::reconnectScheduled, this,
                [this](int, const QDateTime &, const signalr::ConnectionError &error) {
                    m_reconnectReason = error.message;
                    refresh();
                });
        connect(connection, &signalr::HubConnection::connected, this, [this] {
            m_reconnectReason.clear();
            m_closedReason.clear();
            refresh();
        });
        connect(connection, &signalr::HubConnection::closed, this, [this](const signalr::ConnectionError &reason) {
            m_closedReason = reason.message;
            refresh();
        });
    }
    if (feed) {
        connect(feed, &feed::EventFeed::replayProgress, this, [this](qint64 cursor, qint64 target) {
            m_replayCursor = cursor;
            m_replayTarget = target;
        });
        connect(feed, &feed::EventFeed::replayFinished, this, &ConnectionStatus::refresh);
    }
    refresh();
}

QString ConnectionStatus::stateText() const
{
    return m_state->text().remove(QRegularExpression(QStringLiteral("<[^>]*>")));
}

void ConnectionStatus::refresh()
{
    const QLocale locale;
    Severity severity = Severity::Muted;
    QString text = tr("Not connected");
    if (m_client) {
        using State = signalr::HubConnection::State;
        const signalr::HubConnection &connection = m_client->connection();
        switch (connection.state()) {
        case State::Connected:
            if (m_feed && m_feed->isSynchronizing()) {
                severity = Severity::Active;
                text = m_replayTarget > 0
                           ? tr("Catching up… %1 of %2").arg(locale.toString(m_replayCursor), locale.toString(m_replayTarget))
                           : tr("Catching up…");
            } else {
                severity = Severity::Success;
                // Said because it is not the usual way, and the reason is in the log.
                text = connection.usesServerSentEvents() ? tr("Connected over Server-Sent Events") : tr("Connected");
            }
            break;
        case State::Connecting:
            severity = Severity::Active;
            text = tr("Connecting…");
            break;
        case State::Reconnecting: {
            severity = Severity::Warning;
            const qint64 seconds =
                qMax<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - connection.nextAttemptAt().toMSecsSinceEpoch()) / -1000);
            text = connection.nextAttemptAt().isValid() && seconds > 0
                       ? tr("Reconnecting in %1 s (attempt %2)").arg(seconds).arg(connection.reconnectAttempt())
                       : tr("Reconnecting (attempt %1)…").arg(connection.reconnectAttempt());
            if (!m_reconnectReason.isEmpty())
                text += QStringLiteral(" — ") + m_reconnectReason;
            break;
        }
        case State::Disconnecting: text = tr("Disconnecting…"); break;
        case State::Disconnected:
            severity = Severity::Error;
            text = m_closedReason.isEmpty() ? tr("Disconnected") : tr("Disconnected: %1").arg(m_closedReason);
            break;
        }
    }
    m_state->setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> <b style=\"color:%2\">%3</b>")
                         .arg(severityAccent(severity).name(),
                              severity == Severity::Success ? QStringLiteral("#1b5e20") : severityAccent(severity).name(),
                              text.toHtmlEscaped()));
    const auto cursor = m_feed ? m_feed->cursor() : std::nullopt;
    m_cursor->setText(cursor ? tr("Cursor %1").arg(locale.toString(*cursor)) : tr("Cursor –"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_rate->setText(tr("%1 ev/s").arg(locale.toString(m_meter.perSecond(now), 'f', 1)));
    const qint64 last = m_meter.lastEventAtMs();
    m_age->setText(last > 0 ? tr("Last event %1").arg(ageText(now - last)) : tr("No events yet"));
}

} // namespace ui
