// A slow handler must not make the client buffer what the server sends: it reads only as
// fast as it dispatches, so the backlog stays in the server's send queue (TCP flow
// control) instead of growing in the client. The client runs on its own thread here, as
// the peer must keep writing while the handler is busy.

#include "TestPeer.h"
#include "signalr/HubConnection.h"
#include "signalr/JsonHubProtocol.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace signalr;

class TestBackpressure : public QObject
{
    Q_OBJECT

private slots:
    void slowHandlerLeavesTheBacklogWithTheServer()
    {
        TestPeer peer;
        HubConnectionOptions options;
        options.hubUrl = peer.hubUrl();
        auto *connection = new HubConnection(options);
        std::atomic<int> handled{0};
        connection->on(QStringLiteral("Tick"), [&handled](const signalr::RawJsonList &) {
            QThread::msleep(1);
            ++handled;
        });
        QThread clientThread;
        connection->moveToThread(&clientThread);
        connect(&clientThread, &QThread::finished, connection, &QObject::deleteLater);
        clientThread.start();
        const auto stopClient = qScopeGuard([&] {
            QMetaObject::invokeMethod(connection, &HubConnection::stop, Qt::BlockingQueuedConnection);
            clientThread.quit();
            clientThread.wait();
        });
        QMetaObject::invokeMethod(connection, &HubConnection::start);
        QVERIFY(peer.waitForOpened());

        // 40 MB of callbacks, 2 KB each, written as fast as the socket takes them: far more
        // than loopback's socket buffers (which auto-tune to about 10 MB) can absorb.
        const JsonHubProtocol protocol;
        const QByteArray record = protocol.encode(
            HubMessage::invocation(QString(), QStringLiteral("Tick"), QJsonArray{QString(2000, QLatin1Char('x'))}));
        QByteArray chunk;
        for (int i = 0; i < 8; ++i)
            chunk += record;
        constexpr int Chunks = 2560; // 20480 callbacks
        for (int i = 0; i < Chunks; ++i)
            peer.connection()->sendEncoded(chunk);
        const qint64 total = qint64(Chunks) * chunk.size();

        // An eager client would drain it all within a second over loopback. This one takes
        // a millisecond per callback, so after half a second what it has not handled is
        // in the kernel's buffers or still queued at the server: more than half of it.
        QTest::qWait(500);
        const qint64 queued = peer.connection()->bytesToWrite();
        const int handledSoFar = handled;
        QVERIFY2(queued > total / 2,
                 qPrintable(QStringLiteral("only %1 of %2 bytes still queued at the server after %3 callbacks")
                                .arg(queued)
                                .arg(total)
                                .arg(handledSoFar)));
        QVERIFY(handledSoFar > 0 && handledSoFar < Chunks * 8);
    }

    void largeMessageBehindTheBacklogArrives()
    {
        // The client pauses reading while it has a backlog of received messages to
        // dispatch; a message far larger than what the paused socket buffers must still
        // arrive once the backlog is gone (a read buffer limit kept for good would leave
        // it stuck: QWebSocket takes a frame only once it is complete).
        TestPeer peer;
        HubConnectionOptions options;
        options.hubUrl = peer.hubUrl();
        auto *connection = new HubConnection(options);
        std::atomic<int> small{0};
        std::atomic<int> smallBeforeLarge{-1};
        std::atomic<qsizetype> largeSize{-1};
        std::atomic<bool> last{false};
        connection->on(QStringLiteral("Small"), [&small](const signalr::RawJsonList &) {
            if (small++ < 1000)
                QThread::msleep(1); // slow at first: the rest piles up meanwhile
        });
        connection->on(QStringLiteral("Large"), [&](const signalr::RawJsonList &raw) {
            const QJsonArray arguments = signalr::toJsonArray(raw);
            smallBeforeLarge = small.load();
            largeSize = arguments.at(0).toString().size();
        });
        connection->on(QStringLiteral("Last"), [&last](const signalr::RawJsonList &) { last = true; });
        QThread clientThread;
        connection->moveToThread(&clientThread);
        connect(&clientThread, &QThread::finished, connection, &QObject::deleteLater);
        clientThread.start();
        const auto stopClient = qScopeGuard([&] {
            QMetaObject::invokeMethod(connection, &HubConnection::stop, Qt::BlockingQueuedConnection);
            clientThread.quit();
            clientThread.wait();
        });
        QMetaObject::invokeMethod(connection, &HubConnection::start);
        QVERIFY(peer.waitForOpened());

        const JsonHubProtocol protocol;
        QByteArray chunk;
        for (int i = 0; i < 8; ++i)
            chunk += protocol.encode(
                HubMessage::invocation(QString(), QStringLiteral("Small"), QJsonArray{QString(2000, QLatin1Char('s'))}));
        // 4096 callbacks (~8 MB) in all, the large message after the first ~1.2 MB: about
        // where reading pauses.
        constexpr int Before = 72, After = 440;
        for (int i = 0; i < Before; ++i)
            peer.connection()->sendEncoded(chunk);
        peer.connection()->sendEncoded(protocol.encode(
            HubMessage::invocation(QString(), QStringLiteral("Large"), QJsonArray{QString(600 * 1024, QLatin1Char('L'))})));
        for (int i = 0; i < After; ++i)
            peer.connection()->sendEncoded(chunk);
        peer.connection()->sendEncoded(protocol.encode(HubMessage::invocation(QString(), QStringLiteral("Last"), QJsonArray{})));
        QVERIFY(QTest::qWaitFor([&] { return last.load(); }, 30000));
        QCOMPARE(small.load(), (Before + After) * 8);
        QCOMPARE(smallBeforeLarge.load(), Before * 8);
        QCOMPARE(largeSize.load(), qsizetype(600 * 1024));
    }
};

QTEST_GUILESS_MAIN(TestBackpressure)
#include "tst_backpressure.moc"
