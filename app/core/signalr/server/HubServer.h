#pragma once

#include "HubServerOptions.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QUrl>

class QTcpServer;
class QTcpSocket;
class QWebSocketServer;

namespace signalr::server {

class HubServerConnection;

// A small SignalR hub server on one port: answers negotiate (version 1) over plain HTTP,
// checks the bearer token, and hands WebSocket upgrades to Qt's WebSocket server; an
// upgrade that names a stateful connection waiting for its client resumes it. Used by
// the Event Hub simulator and by the tests' misbehaving peer. Meant for loopback (127.0.0.1
// or ::1): plain HTTP, or TLS when the options carry a certificate (for the tests).
class HubServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubServer)

public:
    explicit HubServer(HubServerOptions options = {}, QObject *parent = nullptr);
    ~HubServer() override;

    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    QString errorString() const;
    quint16 port() const;
    // http://127.0.0.1:PORT/hubs/events, https:// with TLS, http://[::1]:PORT/... on IPv6
    QUrl hubUrl() const;

    HubServerOptions &options() { return m_options; }
    QList<HubServerConnection *> connections() const;
    int negotiateCount() const { return m_negotiateCount; }

signals:
    // A client completed the handshake.
    void connectionOpened(signalr::server::HubServerConnection *connection);
    void connectionClosed(signalr::server::HubServerConnection *connection);

private:
    void onNewTcpConnection();
    void onRequestBytes(QTcpSocket *socket);
    void answerNegotiate(QTcpSocket *socket, const HttpRequestHead &head);
    void acceptUpgrade(QTcpSocket *socket, const HttpRequestHead &head);
    void onWebSocket();
    void reply(QTcpSocket *socket, const QByteArray &response);

    HubServerOptions m_options;
    QTcpServer *m_tcpServer;
    QWebSocketServer *m_webSocketServer;
    struct Negotiated
    {
        QString accessToken;
        bool stateful = false;
    };
    struct Upgrade
    {
        QString connectionId;
        Negotiated negotiated;
        HubServerConnection *resuming = nullptr; // a stateful connection the upgrade resumes
    };

    // Connection tokens handed out by negotiate and not used yet.
    QHash<QString, Negotiated> m_negotiatedTokens;
    // Each upgrade handed to the WebSocket server, keyed by request path+query.
    QHash<QString, Upgrade> m_pendingUpgrades;
    QSet<HubServerConnection *> m_connections;
    // Stateful connections by token: a WebSocket opened with one of these resumes it.
    QHash<QString, HubServerConnection *> m_statefulConnections;
    int m_negotiateCount = 0;
};

} // namespace signalr::server
