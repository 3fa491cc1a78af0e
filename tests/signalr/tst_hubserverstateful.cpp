// The loopback hub server's stateful reconnect, as ASP.NET Core 8 and later offer it: granted
// in negotiate only to a client that asks, kept only for handshake version 2, a resume on the
// same connection token gets Sequence and the replay of what the client had not acknowledged
// (what was sent while it was away too), and an unknown or expired token gets 404. Spoken to
// with a bare QWebSocket, so that every byte on the wire is the test's.

#include "EventLoopWait.h"
#include "TestPeer.h"
#include "signalr/HubProtocol.h"
#include "signalr/server/HubServerConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace signalr;

namespace {

QJsonObject negotiate(const QUrl &hubUrl, bool askForStatefulReconnect)
{
    QUrl url = hubUrl;
    url.setPath(url.path() + QLatin1String("/negotiate"));
    QUrlQuery query{{QStringLiteral("negotiateVersion"), QStringLiteral("1")}};
    if (askForStatefulReconnect)
        query.addQueryItem(QStringLiteral("useStatefulReconnect"), QStringLiteral("true"));
    url.setQuery(query);
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = network.post(request, QByteArray());
    waitUntil([reply] { return reply->isFinished(); });
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QUrl socketUrl(const QUrl &hubUrl, const QString &connectionToken)
{
    QUrl url = hubUrl;
    url.setScheme(QStringLiteral("ws"));
    url.setQuery(QUrlQuery{{QStringLiteral("id"), connectionToken}});
    return url;
}

// The HTTP status the server answers a WebSocket upgrade for `connectionToken` with.
int upgradeStatus(const QUrl &hubUrl, const QString &connectionToken)
{
    QTcpSocket socket;
    socket.connectToHost(hubUrl.host(), quint16(hubUrl.port()));
    if (!socket.waitForConnected(5000))
        return -1;
    socket.write("GET " + socketUrl(hubUrl, connectionToken).toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority)
                 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    waitUntil([&] {
        answer += socket.readAll();
        return answer.contains("\r\n");
    });
    return answer.split(' ').value(1).toInt();
}

// A client that speaks JSON records over a bare WebSocket.
struct RawClient
{
    QWebSocket socket;
    QList<QJsonObject> records;

    explicit RawClient(const QUrl &url)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [this](const QString &text) {
            for (const QByteArray &record : text.toUtf8().split('\x1e')) {
                if (!record.isEmpty())
                    records.append(QJsonDocument::fromJson(record).object());
            }
        });
        socket.open(url);
    }
    bool waitForRecords(qsizetype count)
    {
        return waitUntil([&] { return records.size() >= count; });
    }
    void send(const QJsonObject &record)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact)) + QChar(0x1e));
    }
    bool handshake(int version)
    {
        if (!waitUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }))
            return false;
        send(QJsonObject{{"protocol", "json"}, {"version", version}});
        return waitForRecords(1) && records.takeFirst().isEmpty();
    }
};

QJsonObject tick(int n)
{
    return QJsonObject{{"type", 1}, {"target", "Tick"}, {"arguments", QJsonArray{n}}};
}

HubMessage tickMessage(int n)
{
    return HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{n});
}

server::HubServerOptions statefulServer(int disconnectTimeoutMs = 15000)
{
    server::HubServerOptions options;
    options.statefulReconnect = true;
    options.statefulDisconnectTimeoutMs = disconnectTimeoutMs;
    return options;
}

} // namespace

class TestHubServerStateful : public QObject
{
    Q_OBJECT

private slots:
    void grantedOnlyWhenAskedAndOffered()
    {
        TestPeer offering(statefulServer());
        QCOMPARE(negotiate(offering.hubUrl(), true).value("useStatefulReconnect"), QJsonValue(true));
        QVERIFY(!negotiate(offering.hubUrl(), false).contains("useStatefulReconnect"));
        TestPeer stateless; // the default: never offered
        QVERIFY(!negotiate(stateless.hubUrl(), true).contains("useStatefulReconnect"));
    }

    void aResumeReplaysWhatWasNotAcknowledged()
    {
        TestPeer peer(statefulServer());
        const QString token = negotiate(peer.hubUrl(), true).value("connectionToken").toString();
        auto first = std::make_unique<RawClient>(socketUrl(peer.hubUrl(), token));
        QVERIFY(first->handshake(2));
        QVERIFY(peer.waitForOpened());
        server::HubServerConnection *connection = peer.connection();
        QVERIFY(connection->isStateful());
        for (int n = 1; n <= 3; ++n)
            QVERIFY(connection->send(tickMessage(n)));
        QVERIFY(first->waitForRecords(3));
        // Ack 1, then an invocation whose completion shows that the Ack was read before it.
        first->send(QJsonObject{{"type", 8}, {"sequenceId", 1}});
        first->send(QJsonObject{{"type", 1}, {"invocationId", "1"}, {"target", "Echo"}, {"arguments", QJsonArray{"x"}}});
        QVERIFY(first->waitForRecords(4));
        QCOMPARE(first->records.at(3).value("type").toInt(), 3);

        first->socket.abort();
        QVERIFY(waitUntil([&] { return connection->isWaitingForResume(); }));
        QVERIFY(connection->send(tickMessage(4))); // kept for the replay

        RawClient second(socketUrl(peer.hubUrl(), token));
        // What it has not acknowledged, from the Sequence on: 2, 3, the completion, 4.
        QVERIFY(second.waitForRecords(5));
        QCOMPARE(second.records.at(0), (QJsonObject{{"type", 9}, {"sequenceId", 2}}));
        QCOMPARE(second.records.at(1), tick(2));
        QCOMPARE(second.records.at(2), tick(3));
        QCOMPARE(second.records.at(3).value("invocationId").toString(), QStringLiteral("1"));
        QCOMPARE(second.records.at(4), tick(4));
        QVERIFY(connection->isOpen());
        QCOMPARE(peer.openedCount(), 1);

        // Nothing of ours is processed until our Sequence: then the Echo replayed from id 1
        // is a duplicate (dropped), and a new one is answered.
        second.send(QJsonObject{{"type", 1}, {"invocationId", "early"}, {"target", "Echo"}, {"arguments", QJsonArray{"y"}}});
        second.send(QJsonObject{{"type", 9}, {"sequenceId", 1}});
        second.send(QJsonObject{{"type", 1}, {"invocationId", "1"}, {"target", "Echo"}, {"arguments", QJsonArray{"x"}}});
        second.send(QJsonObject{{"type", 1}, {"invocationId", "2"}, {"target", "Echo"}, {"arguments", QJsonArray{"z"}}});
        QVERIFY(second.waitForRecords(6));
        QCOMPARE(second.records.at(5).value("invocationId").toString(), QStringLiteral("2"));
        QVERIFY(!waitUntil([&] { return second.records.size() > 6; }, 300));
    }

    // As ASP.NET Core's MessageBuffer: writing stops once 100,000 bytes await the client's
    // Ack, and goes on, in order, as Acks free room.
    void writingStopsAtTheBufferLimitUntilAcknowledged()
    {
        TestPeer peer(statefulServer());
        const QString token = negotiate(peer.hubUrl(), true).value("connectionToken").toString();
        RawClient client(socketUrl(peer.hubUrl(), token));
        QVERIFY(client.handshake(2));
        QVERIFY(peer.waitForOpened());
        server::HubServerConnection *connection = peer.connection();
        const QString padding(1000, QLatin1Char('x'));
        auto padded = [&](int n) { return HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{n, padding}); };
        const qint64 recordSize = connection->protocol()->encode(padded(100)).size();
        constexpr int Total = 300;
        for (int n = 1; n <= Total; ++n)
            QVERIFY(connection->send(padded(n)));
        // Sent until the unacknowledged bytes reach the limit, then nothing more.
        const qsizetype perWindow = qsizetype((100000 + recordSize - 1) / recordSize);
        QVERIFY(perWindow < Total / 2);
        QVERIFY(client.waitForRecords(perWindow));
        QVERIFY(!waitUntil([&] { return client.records.size() > perWindow; }, 300));
        QVERIFY(connection->bytesToWrite() > 0); // held back: a flood's sender waits on this
        // Each Ack lets the next window through, until all have come, in order.
        while (client.records.size() < Total) {
            const qsizetype received = client.records.size();
            client.send(QJsonObject{{"type", 8}, {"sequenceId", received}});
            QVERIFY(client.waitForRecords(qMin<qsizetype>(Total, received + perWindow)));
        }
        for (int n = 1; n <= Total; ++n)
            QCOMPARE(client.records.at(n - 1).value("arguments")[0].toInt(), n);
    }

    void anUnknownOrExpiredTokenIsRefused()
    {
        TestPeer peer(statefulServer(200));
        QCOMPARE(upgradeStatus(peer.hubUrl(), QStringLiteral("no-such-connection")), 404);
        const QString token = negotiate(peer.hubUrl(), true).value("connectionToken").toString();
        RawClient client(socketUrl(peer.hubUrl(), token));
        QVERIFY(client.handshake(2));
        QVERIFY(peer.waitForOpened());
        client.socket.abort();
        // Waits for its client through the disconnect timeout, then forgets it.
        QVERIFY(waitUntil([&] { return peer.connection()->isWaitingForResume(); }));
        QVERIFY(waitUntil([&] { return peer.server().connections().isEmpty(); }));
        QCOMPARE(upgradeStatus(peer.hubUrl(), token), 404);
    }

    void aVersion1HandshakeStaysStateless()
    {
        TestPeer peer(statefulServer());
        const QString token = negotiate(peer.hubUrl(), true).value("connectionToken").toString();
        RawClient client(socketUrl(peer.hubUrl(), token));
        QVERIFY(client.handshake(1));
        QVERIFY(peer.waitForOpened());
        QVERIFY(!peer.connection()->isStateful());
        client.socket.abort();
        QVERIFY(waitUntil([&] { return peer.server().connections().isEmpty(); }));
        QCOMPARE(upgradeStatus(peer.hubUrl(), token), 404);
    }
};

QTEST_MAIN(TestHubServerStateful)
#include "tst_hubserverstateful.moc"
