// The desktop app's session on an office network: MonitorSession reaches the simulator over
// TLS, signed by a company CA made at test time, through the tests' CONNECT proxy, and keeps
// the proxy and the CA file with the saved connection, never the proxy's password.
#include "TestCertificates.h"
#include "TestProxy.h"
#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"
#include "session/MonitorSession.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestMonitorSessionNetwork : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void reachesATlsHubThroughAProxyWithTheCompanyCa()
    {
        QTemporaryDir directory;
        QString error;
        const auto certificates = TestCertificates::make(directory.path(), error);
        QVERIFY2(certificates, qPrintable(error));
        hubsim::SimulatorOptions hubOptions;
        hubOptions.apiKey = QStringLiteral("sekret");
        hubOptions.ratePerSecond = 0;
        hubOptions.tls = certificates->server;
        hubsim::EventHubSimulator hub(hubOptions);
        QVERIFY2(hub.start(error), qPrintable(error));
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());

        eventhub::EventHubSettings settings;
        settings.instanceUrl = hub.hubUrl().adjusted(QUrl::RemovePath);
        settings.hubPath = hub.hubUrl().path();
        settings.apiKey = hubOptions.apiKey;
        QNetworkProxy withPassword = *signalr::ProxySettings::parseUrl(proxy.url());
        withPassword.setUser(QStringLiteral("trader"));
        withPassword.setPassword(QStringLiteral("not-in-settings"));
        settings.proxy = signalr::ProxySettings::explicitProxy(withPassword);
        settings.caFile = certificates->caFile;

        ui::MonitorSession session({});
        session.connectTo(settings);
        QTRY_COMPARE_WITH_TIMEOUT(session.client()->connection().state(), signalr::HubConnection::State::Connected, 10000);
        QVERIFY(proxy.tunnelTargets.size() >= 2);
        QVERIFY(!proxy.tunnelledFromClient.contains("sekret"));

        const eventhub::EventHubSettings saved = ui::MonitorSession::savedSettings();
        QCOMPARE(saved.proxy.mode, signalr::ProxySettings::Mode::Explicit);
        QCOMPARE(saved.proxy.proxy.port(), proxy.port());
        QCOMPARE(saved.proxy.proxy.user(), QStringLiteral("trader"));
        QVERIFY(saved.proxy.proxy.password().isEmpty());
        QCOMPARE(saved.caFile, certificates->caFile);
    }
};

QTEST_MAIN(TestMonitorSessionNetwork)
#include "tst_monitorsession_network.moc"
