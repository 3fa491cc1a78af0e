// Messages whose WebSocket frames end inside a UTF-8 character, as RFC 6455 allows and
// ASP.NET Core sends large ones (cut at its buffer segments): the loopback peer cuts every
// message into frames of a few bytes. Qt 6.4's QWebSocket decodes each text frame on its
// own and closes with 1007 (docs/qt-websocket-split-utf8.md); MessagePack travels in
// binary frames, which it leaves alone, so the programs ask for MessagePack first and fall
// back to JSON only where a hub refuses it.

#include "SignalRTestSupport.h"
#include "signalr/HubProtocols.h"
#include "signalr/MessagePackHubProtocol.h"

#include <QJsonArray>
#include <QTest>

using namespace signalr;
using namespace signalr::testing;

namespace {

const QString Name = QStringLiteral("Δ-neutral Fly");

server::HubServerOptions splittingPeer(quint64 frameSize, bool messagePack)
{
    server::HubServerOptions options;
    options.outgoingFrameSize = frameSize;
    options.protocols = {std::make_shared<JsonHubProtocol>()};
    if (messagePack)
        options.protocols.append(std::make_shared<MessagePackHubProtocol>());
    return options;
}

} // namespace

class TestSplitFrames : public QObject
{
    Q_OBJECT

private:
    // Echo of the name and a callback carrying it, through a peer that cuts every message
    // into `frameSize`-byte frames.
    static void roundTrip(HubConnectionOptions options, TestPeer &peer, bool expectQtBug)
    {
        HubConnection connection(std::move(options));
        QStringList ticks;
        connection.on(QStringLiteral("Tick"),
                      [&](const RawJsonList &arguments) { ticks.append(arguments.value(0).toValue().toString()); });
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        peer.connection()->send(HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{Name}));
        QObject context;
        auto echo = invoke(connection, QStringLiteral("Echo"), QJsonArray{Name}, &context);
        QTRY_VERIFY(echo->done());
        if (expectQtBug)
            QEXPECT_FAIL("",
                         "Qt 6.4's QWebSocket rejects a text frame that ends inside a character "
                         "(docs/qt-websocket-split-utf8.md)",
                         Abort);
        QVERIFY2(echo->result.ok, qPrintable(echo->result.error));
        QCOMPARE(echo->result.value.toValue().toString(), Name);
        QCOMPARE(ticks, QStringList{Name});
    }

private slots:
    void jsonTextSplitInsideACharacterIsRejectedByQt()
    {
        TestPeer peer(splittingPeer(1, false));
        roundTrip(fastOptions(peer.hubUrl()), peer, true);
    }

    void messagePackSurvivesEveryFraming_data()
    {
        QTest::addColumn<int>("frameSize");
        for (int size : {1, 2, 3, 5, 7, 64})
            QTest::addRow("%d bytes", size) << size;
    }

    void messagePackSurvivesEveryFraming()
    {
        QFETCH(int, frameSize);
        TestPeer peer(splittingPeer(quint64(frameSize), true));
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        options.protocol = std::make_shared<MessagePackHubProtocol>();
        roundTrip(options, peer, false);
    }

    void autoChoiceSpeaksMessagePackWhereTheHubDoes()
    {
        TestPeer peer(splittingPeer(1, true));
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        QVERIFY(applyHubProtocolChoice(QStringLiteral("auto"), options));
        roundTrip(options, peer, false);
        QCOMPARE(peer.connection()->protocol()->name(), QStringLiteral("messagepack"));
    }

    // A hub without MessagePack refuses the handshake: the client asks again in JSON at
    // once, and keeps JSON for every later session instead of paying the refusal again.
    void autoChoiceFallsBackToJsonOnceAndKeepsIt()
    {
        TestPeer peer(splittingPeer(0, false));
        const auto negotiates = countNegotiates(peer);
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        QVERIFY(applyHubProtocolChoice(QStringLiteral("auto"), options));
        HubConnection connection(options);
        connection.start();
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        QCOMPARE(connection.protocol().name(), QStringLiteral("json"));
        QCOMPARE(peer.connection()->protocol()->name(), QStringLiteral("json"));
        QCOMPARE(*negotiates, 2);

        peer.connection()->abort();
        QVERIFY(peer.waitForOpened(2));
        QVERIFY(waitForState(connection, HubConnection::State::Connected));
        QCOMPARE(*negotiates, 3);
        QCOMPARE(peer.connection()->protocol()->name(), QStringLiteral("json"));
    }

    void unknownChoiceIsRefused()
    {
        HubConnectionOptions options;
        QVERIFY(!applyHubProtocolChoice(QStringLiteral("xml"), options));
        QVERIFY(!options.protocol);
        QCOMPARE(hubProtocolChoices(),
                 (QStringList{QStringLiteral("auto"), QStringLiteral("json"), QStringLiteral("messagepack")}));
    }
};

QTEST_MAIN(TestSplitFrames)
#include "tst_splitframes.moc"
