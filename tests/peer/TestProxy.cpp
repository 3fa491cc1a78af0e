#include "TestProxy.h"

#include <QTcpSocket>
#include <QUrl>
#include <QtEndian>

#include <utility>

// One client connection and, once the tunnel is open, its upstream socket.
struct TestProxy::Client : QObject
{
    enum class Stage { Greeting, Authenticating, Request, Tunnel };

    QTcpSocket *socket = nullptr;
    QTcpSocket *upstream = nullptr;
    QByteArray pending;
    Stage stage = Stage::Greeting;
};

TestProxy::TestProxy(Kind kind, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TestProxy::onNewConnection);
}

bool TestProxy::listen(const QHostAddress &address)
{
    return m_server.listen(address, 0);
}

QString TestProxy::url() const
{
    QUrl url;
    url.setScheme(m_kind == Kind::Socks5 ? QStringLiteral("socks5") : QStringLiteral("http"));
    url.setHost(m_server.serverAddress().toString());
    url.setPort(m_server.serverPort());
    return url.toString();
}

void TestProxy::requireCredentials(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

void TestProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *client = new Client;
        client->setParent(this);
        client->socket = socket;
        socket->setParent(client);
        client->stage = m_kind == Kind::Socks5 ? Client::Stage::Greeting : Client::Stage::Request;
        connect(socket, &QTcpSocket::readyRead, client, [this, client] { onClientBytes(client); });
        connect(socket, &QTcpSocket::disconnected, client, [this, client] { closeClient(client); });
    }
}

void TestProxy::onClientBytes(Client *client)
{
    const QByteArray bytes = client->socket->readAll();
    if (client->stage == Client::Stage::Tunnel) {
        tunnelledFromClient += bytes;
        client->upstream->write(bytes);
        return;
    }
    client->pending += bytes;
    if (m_kind == Kind::Socks5)
        handleSocks(client);
    else
        handleHttp(client);
}

void TestProxy::handleHttp(Client *client)
{
    const qsizetype end = client->pending.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QByteArray head = client->pending.left(end + 4);
    client->pending.remove(0, end + 4);
    requestHeads.append(head);
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    if (requestLine.value(0) != "CONNECT") {
        closeClient(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    }
    if (!m_user.isEmpty()) {
        const QByteArray expected = "Proxy-Authorization: Basic " + (m_user + QLatin1Char(':') + m_password).toUtf8().toBase64();
        if (!head.contains(expected)) {
            ++refusedForCredentials;
            closeClient(client, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                                "Content-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
    }
    // "host:port"; an IPv6 host in brackets as RFC 9110 has it, or bare as Qt 6.4 writes it
    // ("CONNECT ::1:5001"), so the port is what follows the last colon.
    const QString target = QString::fromLatin1(requestLine.value(1));
    const qsizetype colon = target.lastIndexOf(QLatin1Char(':'));
    QString host = target.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    openTunnel(client, host, target.mid(colon + 1).toUShort());
}

void TestProxy::handleSocks(Client *client)
{
    QByteArray &in = client->pending;
    if (client->stage == Client::Stage::Greeting) {
        if (in.size() < 2 || in.size() < 2 + quint8(in[1]))
            return;
        const QByteArray methods = in.mid(2, quint8(in[1]));
        in.remove(0, 2 + methods.size());
        const char wanted = m_user.isEmpty() ? '\x00' : '\x02';
        if (!methods.contains(wanted)) {
            ++refusedForCredentials;
            closeClient(client, QByteArray("\x05\xff", 2));
            return;
        }
        client->socket->write(QByteArray("\x05", 1) + wanted);
        client->stage = m_user.isEmpty() ? Client::Stage::Request : Client::Stage::Authenticating;
    }
    if (client->stage == Client::Stage::Authenticating) {
        // RFC 1929: version, user length, user, password length, password.
        if (in.size() < 2 || in.size() < 3 + quint8(in[1]) || in.size() < 3 + quint8(in[1]) + quint8(in[2 + quint8(in[1])]))
            return;
        const int userLength = quint8(in[1]);
        const QString user = QString::fromUtf8(in.mid(2, userLength));
        const int passwordLength = quint8(in[2 + userLength]);
        const QString password = QString::fromUtf8(in.mid(3 + userLength, passwordLength));
        in.remove(0, 3 + userLength + passwordLength);
        if (user != m_user || password != m_password) {
            ++refusedForCredentials;
            closeClient(client, QByteArray("\x01\x01", 2));
            return;
        }
        client->socket->write(QByteArray("\x01\x00", 2));
        client->stage = Client::Stage::Request;
    }
    if (client->stage != Client::Stage::Request || in.size() < 5)
        return;
    // CONNECT request: version, command, reserved, address type, address, port.
    const char type = in[3];
    QString host;
    int addressEnd = 0;
    if (type == 1 && in.size() >= 10) {
        host = QHostAddress(qFromBigEndian<quint32>(in.constData() + 4)).toString();
        addressEnd = 8;
    } else if (type == 3 && in.size() >= 5 + quint8(in[4]) + 2) {
        host = QString::fromLatin1(in.mid(5, quint8(in[4])));
        addressEnd = 5 + quint8(in[4]);
    } else if (type == 4 && in.size() >= 22) {
        host = QHostAddress(reinterpret_cast<const quint8 *>(in.constData() + 4)).toString();
        addressEnd = 20;
    } else {
        return;
    }
    const quint16 port = qFromBigEndian<quint16>(in.constData() + addressEnd);
    in.remove(0, addressEnd + 2);
    openTunnel(client, host, port);
}

void TestProxy::openTunnel(Client *client, const QString &host, quint16 port)
{
    QUrl target;
    target.setHost(host);
    target.setPort(port);
    tunnelTargets.append(target.authority());
    client->upstream = new QTcpSocket(client);
    connect(client->upstream, &QTcpSocket::connected, client, [this, client] {
        if (m_kind == Kind::Socks5)
            client->socket->write(QByteArray("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10));
        else
            client->socket->write("HTTP/1.1 200 Connection established\r\n\r\n");
        client->stage = Client::Stage::Tunnel;
        if (!client->pending.isEmpty()) {
            tunnelledFromClient += client->pending;
            client->upstream->write(std::exchange(client->pending, {}));
        }
    });
    connect(client->upstream, &QTcpSocket::readyRead, client, [client] { client->socket->write(client->upstream->readAll()); });
    connect(client->upstream, &QTcpSocket::disconnected, client,
            [this, client] { closeClient(client, client->upstream->readAll()); });
    connect(client->upstream, &QTcpSocket::errorOccurred, client, [this, client] {
        if (client->stage == Client::Stage::Tunnel)
            return;
        closeClient(client, m_kind == Kind::Socks5 ? QByteArray("\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00", 10)
                                                   : QByteArray("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
    });
    client->upstream->connectToHost(host, port);
}

void TestProxy::closeClient(Client *client, const QByteArray &last)
{
    if (!last.isEmpty())
        client->socket->write(last);
    // Each socket goes once what was written to it is out.
    for (QTcpSocket *socket : {client->socket, client->upstream}) {
        if (!socket)
            continue;
        socket->disconnect(client);
        socket->setParent(nullptr);
        if (socket->state() == QAbstractSocket::UnconnectedState) {
            socket->deleteLater();
            continue;
        }
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
    }
    client->deleteLater();
}
