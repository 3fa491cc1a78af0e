#include "TestPeer.h"
#include "signalr/HubConnection.h"

#include <QSignalSpy>
#include <QTest>

using namespace signalr;

class TestHubConnection : public QObject
{
    Q_OBJECT

private:
    static HubConnectionOptions optionsFor(const TestPeer &peer)
    {
        HubConnectionOptions options;
        options.hubUrl = peer.hubUrl();
        options.accessTokenProvider = [] { return QStringLiteral("secret"); };
        return options;
    }

private slots:
    void invokeReturnsTheResult()
    {
        TestPeer peer;
        HubConnection connection(optionsFor(peer));
        QSignalSpy connected(&connection, &HubConnection::connected);
        connection.start();
        QVERIFY(connected.wait(5000));
        QCOMPARE(connection.state(), HubConnection::State::Connected);

        InvocationResult result;
        bool done = false;
        connection.invoke(QStringLiteral("Add"), QJsonArray{2, 3}, this, [&](const InvocationResult &r) {
            result = r;
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 5000));
        QVERIFY(result.ok);
        QCOMPARE(result.value.toDouble(), 5.0);
    }
};

QTEST_GUILESS_MAIN(TestHubConnection)
#include "tst_hubconnection.moc"
