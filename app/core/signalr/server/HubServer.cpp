#include "HubServer.h"

#include "HubServerConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketServer>

namespace signalr::server {

namespace {

// Longest request head we are willing to buffer before calling the request malformed.
constexpr qsizetype MaxRequestHead = 64 * 1024;

QString newToken()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

HubServer::HubServer(HubServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_tcpServer(m_options.tls.isNull() ? new QTcpServer(this) : new QSslServer(this))
    , m_webSocketServer(new QWebSocketServer(QStringLiteral("mesolive"), QWebSocketServer::NonSecureMode, this))
{
    if (auto *tls = qobject_cast<QSslServer *>(m_tcpServer))
        tls->setSslConfiguration(m_options.tls);
    // Not newConnection: a TLS connection is pending only once its handshake is done.
    connect(m_tcpServer, &QTcpServer::pendingConnectionAvailable, this, &HubServer::onNewTcpConnection);
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this, &HubServer::onWebSocket);
}

HubServer::~HubServer()
{
    for (HubServerConnection *connection : std::as_const(m_connections))
        connection->disconnect(this);
}

bool HubServer::listen(quint16 port, const QHostAddress &address)
{
    return m_tcpServer->listen(address, port);
}

QString HubServer::errorString() const
{
    return m_tcpServer->errorString();
}

quint16 HubServer::port() const
{
    return m_tcpServer->serverPort();
}

QUrl HubServer::hubUrl() const
{
    QUrl url;
    url.setScheme(m_options.tls.isNull() ? QStringLiteral("http") : QStringLiteral("https"));
    url.setHost(m_tcpServer->serverAddress().toString());
    url.setPort(port());
    url.setPath(m_options.hubPath);
    return url;
}

QList<HubServerConnection *> HubServer::connections() const
{
    return m_connections.values();
}

void HubServer::onNewTcpConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequestBytes(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void HubServer::onRequestBytes(QTcpSocket *socket)
{
    // Peek, not read: an upgrade request must reach the WebSocket server untouched.
    const QByteArray bytes = socket->peek(MaxRequestHead);
    HttpRequestHead head;
    bool malformed = false;
    if (!HttpRequestHead::parse(bytes, head, malformed)) {
        if (malformed || bytes.size() >= MaxRequestHead)
            reply(socket, httpResponse(400, "text/plain", "Malformed request"));
        return;
    }

    const QString path = head.url.path();
    const bool authorized = !m_options.authorize || m_options.authorize(head.bearerToken());
    if (path == m_options.hubPath + QLatin1String("/negotiate")) {
        if (head.method != "POST")
            reply(socket, httpResponse(405, "text/plain", "Use POST"));
        else if (const auto custom = m_options.negotiateOverride ? m_options.negotiateOverride(head) : std::nullopt)
            reply(socket, *custom);
        else if (!authorized)
            reply(socket, httpResponse(401, "text/plain", "Unauthorized"));
        else
            answerNegotiate(socket, head);
        return;
    }
    if (path == m_options.hubPath && head.isWebSocketUpgrade()) {
        if (!authorized)
            reply(socket, httpResponse(401, "text/plain", "Unauthorized"));
        else
            acceptUpgrade(socket, head);
        return;
    }
    reply(socket, httpResponse(404, "text/plain", "Not found"));
}

void HubServer::answerNegotiate(QTcpSocket *socket, const HttpRequestHead &head)
{
    ++m_negotiateCount;
    const QString connectionToken = newToken();
    // Granted only to a client that asks, as the framework does.
    const bool stateful = m_options.statefulReconnect
                          && QUrlQuery(head.url).queryItemValue(QStringLiteral("useStatefulReconnect")) == QLatin1String("true");
    m_negotiatedTokens.insert(connectionToken, Negotiated{head.bearerToken(), stateful});
    QJsonObject answer{
        {QLatin1String("connectionId"), newToken()},
        {QLatin1String("connectionToken"), connectionToken},
        {QLatin1String("negotiateVersion"), 1},
        {QLatin1String("availableTransports"),
         QJsonArray{QJsonObject{{QLatin1String("transport"), QLatin1String("WebSockets")},
                                {QLatin1String("transferFormats"), QJsonArray{QLatin1String("Text"), QLatin1String("Binary")}}}}},
    };
    if (stateful)
        answer.insert(QLatin1String("useStatefulReconnect"), true);
    reply(socket, httpResponse(200, "application/json", QJsonDocument(answer).toJson(QJsonDocument::Compact)));
}

void HubServer::acceptUpgrade(QTcpSocket *socket, const HttpRequestHead &head)
{
    const QString id = QUrlQuery(head.url).queryItemValue(QStringLiteral("id"));
    Upgrade upgrade{id.isEmpty() ? newToken() : id, Negotiated{head.bearerToken(), false}, nullptr};
    if (HubServerConnection *waiting = m_statefulConnections.value(id)) {
        // The framework resumes only for the user the connection belongs to.
        if (waiting->accessToken() != head.bearerToken()) {
            reply(socket, httpResponse(403, "text/plain", "Forbidden"));
            return;
        }
        upgrade.resuming = waiting;
    } else if (!id.isEmpty()) {
        // Unknown, used already by a stateless connection, or forgotten after its
        // disconnect timeout. Without an id the client skipped negotiation, which the
        // server allows.
        if (!m_negotiatedTokens.contains(id)) {
            reply(socket, httpResponse(404, "text/plain", "No Connection with that ID"));
            return;
        }
        upgrade.negotiated.stateful = m_negotiatedTokens.take(id).stateful;
    }
    m_pendingUpgrades.insert(head.url.toString(QUrl::FullyEncoded), upgrade);
    socket->disconnect(this);
    // As Kestrel does by default (SocketTransportOptions.NoDelay): without it, Nagle holds
    // each small message until the previous one is acknowledged, and the client's delayed
    // ACK makes that up to 40 ms on a paced stream of small messages.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_webSocketServer->handleConnection(socket);
}

void HubServer::onWebSocket()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection()) {
        QUrl requestUrl = socket->requestUrl();
        const QString key = QUrl(requestUrl.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority)).toString(QUrl::FullyEncoded);
        const Upgrade upgrade = m_pendingUpgrades.take(key);
        if (upgrade.resuming) {
            // Gone meanwhile (its window ended): dropped, as the client's resume then fails.
            if (m_connections.contains(upgrade.resuming)) {
                upgrade.resuming->resume(socket);
            } else {
                socket->abort();
                socket->deleteLater();
            }
            continue;
        }
        auto *connection = new HubServerConnection(socket, upgrade.connectionId.isEmpty() ? newToken() : upgrade.connectionId,
                                                   upgrade.negotiated.accessToken, upgrade.negotiated.stateful, m_options, this);
        m_connections.insert(connection);
        connect(connection, &HubServerConnection::opened, this, [this, connection] {
            if (connection->isStateful())
                m_statefulConnections.insert(connection->connectionId(), connection);
            emit connectionOpened(connection);
        });
        connect(connection, &HubServerConnection::closed, this, [this, connection] {
            m_connections.remove(connection);
            m_statefulConnections.remove(connection->connectionId());
            emit connectionClosed(connection);
            connection->deleteLater();
        });
    }
}

void HubServer::reply(QTcpSocket *socket, const QByteArray &response)
{
    socket->disconnect(this);
    socket->readAll();
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace signalr::server
