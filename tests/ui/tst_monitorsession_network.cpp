// The desktop app's session on an office network: MonitorSession reaches the simulator over
// TLS, signed by a company CA made at test time, through the tests' CONNECT proxy, and keeps
// the proxy and the CA file with the saved connection, never the proxy's password; and
// reaches a hub by a name that has an IPv6 address only.
#include "EventLoopWait.h"
#include "Ipv6OnlyHost.h"
#include "TestCertificates.h"
#include "TestProxy.h"
#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"
#include "session/MonitorSession.h"

#include <QHostInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestMonitorSessionNetwork : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

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

    // A hub whose name has an IPv6 address only (Ipv6OnlyHost.h): ctest runs this under
    // nss_wrapper as tst_monitorsession_network_ipv6only; elsewhere the name is unknown.
    void reachesAHubWhoseNameHasAnIpv6AddressOnly()
    {
        const QList<QHostAddress> addresses = QHostInfo::fromName(ipv6_only::HostName).addresses();
        if (addresses.isEmpty() && !qEnvironmentVariableIsSet("NSS_WRAPPER_HOSTS"))
            QSKIP("needs nss_wrapper's hosts file: ctest runs this as tst_monitorsession_network_ipv6only");
        QCOMPARE(addresses, QList<QHostAddress>{QHostAddress(QHostAddress::LocalHostIPv6)});
        QTemporaryDir directory;
        QString error;
        const auto certificates = TestCertificates::make(directory.path(), error);
        QVERIFY2(certificates, qPrintable(error));
        hubsim::SimulatorOptions hubOptions;
        hubOptions.apiKey = QStringLiteral("sekret");
        hubOptions.ratePerSecond = 0;
        hubOptions.address = QHostAddress::LocalHostIPv6;
        hubOptions.tls = certificates->server;
        hubsim::EventHubSimulator hub(hubOptions);
        QVERIFY2(hub.start(error), qPrintable(error));

        eventhub::EventHubSettings settings;
        settings.instanceUrl = eventhub::EventHubSettings::parseInstance(
            QStringLiteral("https://%1:%2").arg(ipv6_only::HostName).arg(hub.hubUrl().port()));
        settings.hubPath = hub.hubUrl().path();
        settings.apiKey = hubOptions.apiKey;
        settings.proxy = signalr::ProxySettings::none();
        settings.caFile = certificates->caFile;
        ui::MonitorSession session({});
        session.connectTo(settings);
        QVERIFY(
            waitUntil([&] { return session.client()->connection().state() == signalr::HubConnection::State::Connected; }, 10000));
        QCOMPARE(session.instanceLabel(), ipv6_only::HostName);
    }
};

QTEST_MAIN(TestMonitorSessionNetwork)
#include "tst_monitorsession_network.moc"
