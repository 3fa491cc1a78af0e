// The loopback hub server's handshake takes what ASP.NET Core 8 and later take: JSON and
// MessagePack in versions 1 and 2 (Microsoft's clients send 2 for stateful reconnect), and
// refuses a version it does not know. Before issue 20 it accepted only version 1.

#include "TestPeer.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/MessagePackHubProtocol.h"

#include <QTest>
#include <QWebSocket>

using namespace signalr;

class TestHubServerHandshake : public QObject
{
    Q_OBJECT

private slots:
    void versions_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("answer");
        QTest::newRow("json 1") << "json" << 1 << "{}\x1e";
        QTest::newRow("json 2") << "json" << 2 << "{}\x1e";
        QTest::newRow("messagepack 1") << "messagepack" << 1 << "{}\x1e";
        QTest::newRow("messagepack 2") << "messagepack" << 2 << "{}\x1e";
        QTest::newRow("json 3") << "json" << 3 << "{\"error\":\"The protocol 'json' version 3 is not supported.\"}\x1e";
    }

    void versions()
    {
        QFETCH(QString, protocol);
        QFETCH(int, version);
        QFETCH(QString, answer);
        server::HubServerOptions options;
        options.protocols = {std::make_shared<JsonHubProtocol>(), std::make_shared<MessagePackHubProtocol>()};
        TestPeer peer(options);
        QUrl url = peer.hubUrl();
        url.setScheme(QStringLiteral("ws"));
        QWebSocket socket;
        QByteArray received;
        connect(&socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) { received += text.toUtf8(); });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [&](const QByteArray &bytes) { received += bytes; });
        connect(&socket, &QWebSocket::connected, this, [&] {
            socket.sendTextMessage(QStringLiteral("{\"protocol\":\"%1\",\"version\":%2}\x1e").arg(protocol).arg(version));
        });
        socket.open(url);
        QTRY_COMPARE(QString::fromUtf8(received), answer);
    }
};

QTEST_MAIN(TestHubServerHandshake)
#include "tst_hubserverhandshake.moc"
