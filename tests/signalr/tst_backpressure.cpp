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
};

QTEST_GUILESS_MAIN(TestBackpressure)
#include "tst_backpressure.moc"
