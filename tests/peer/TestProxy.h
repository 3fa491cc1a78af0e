#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

// The tests' proxy on loopback: an HTTP proxy that makes CONNECT tunnels (as office proxies
// do), or a SOCKS5 proxy, optionally demanding a user name and password (Basic, RFC 1929).
// It records what passes through it so that tests can say what a proxy sees: each request
// head it was sent, the targets of the tunnels it opened, and every byte the client sent
// into them. A request that is not CONNECT (a forwarded "GET http://..."), which would show
// the proxy the client's headers, is recorded and answered 502.
class TestProxy final : public QObject
{
    Q_OBJECT

public:
    enum class Kind { HttpConnect, Socks5 };

    explicit TestProxy(Kind kind, QObject *parent = nullptr);

    bool listen(const QHostAddress &address = QHostAddress::LocalHost);
    // "http://127.0.0.1:PORT" or "socks5://127.0.0.1:PORT".
    QString url() const;
    quint16 port() const { return m_server.serverPort(); }
    // Only these credentials get through; 407 (HTTP) or a failed sub-negotiation (SOCKS5)
    // otherwise.
    void requireCredentials(const QString &user, const QString &password);

    QList<QByteArray> requestHeads;  // HTTP: every request head received, in order
    QList<QString> tunnelTargets;    // "host:port" of every tunnel opened
    QByteArray tunnelledFromClient;  // all bytes the clients sent through the tunnels
    int refusedForCredentials = 0;   // 407s sent (or SOCKS5 authentications failed)

private:
    struct Client;

    void onNewConnection();
    void onClientBytes(Client *client);
    void handleHttp(Client *client);
    void handleSocks(Client *client);
    void openTunnel(Client *client, const QString &host, quint16 port);
    void closeClient(Client *client, const QByteArray &last = {});

    const Kind m_kind;
    QTcpServer m_server;
    QString m_user;
    QString m_password;
};
