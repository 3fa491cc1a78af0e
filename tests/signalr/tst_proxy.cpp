// Through a proxy, to a company-certified hub, over IPv6: a real HubConnection against the
// test peer (plain or TLS, on 127.0.0.1 or ::1) through the tests' CONNECT and SOCKS5
// proxies, which record everything that passes. The proxy sees where the client goes, never
// what it says: no request is forwarded (it would show the Authorization header), and over
// TLS no byte of the key crosses it in clear.
#include "SignalRTestSupport.h"
#include "TestCertificates.h"
#include "TestProxy.h"
#include "signalr/HubNetwork.h"
#include "signalr/NetworkErrors.h"

#include <QAuthenticator>
#include <QTemporaryDir>

using namespace signalr;
using namespace signalr::testing;
using Kind = ConnectionError::Kind;

namespace {

const QString Key = QStringLiteral("the-users-key");

// Whether a connection came up, and why it closed if it did not.
struct Outcome
{
    bool connected = false;
    ConnectionError closed;
};

Outcome connectOnce(HubConnectionOptions options)
{
    options.accessTokenProvider = [] { return Key; };
    options.retryInitialConnection = false;
    HubConnection connection(options);
    Outcome outcome;
    bool done = false;
    QObject::connect(&connection, &HubConnection::connected, [&] { outcome.connected = done = true; });
    QObject::connect(&connection, &HubConnection::closed, [&](const ConnectionError &error) {
        outcome.closed = error;
        done = true;
    });
    connection.start();
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        outcome.closed = ConnectionError::make(Kind::Timeout, QStringLiteral("neither connected nor closed in 10 s"));
    return outcome;
}

HubConnectionOptions through(const QUrl &hubUrl, const TestProxy &proxy)
{
    HubConnectionOptions options = fastOptions(hubUrl);
    options.proxy = ProxySettings::explicitProxy(*ProxySettings::parseUrl(proxy.url()));
    return options;
}

void addProxyKinds()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("http CONNECT") << int(TestProxy::Kind::HttpConnect);
    QTest::newRow("socks5") << int(TestProxy::Kind::Socks5);
}

QString authorityOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath).authority();
}

} // namespace

class TestProxyRoute : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    std::optional<TestCertificates> m_certificates;

    std::unique_ptr<TestPeer> tlsPeer()
    {
        server::HubServerOptions options;
        options.tls = m_certificates->server;
        return std::make_unique<TestPeer>(options);
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_certificates = TestCertificates::make(m_directory.path(), error);
        QVERIFY2(m_certificates, qPrintable(error));
    }

    void parsesProxyUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("http") << "http://proxy.example:3128" << true << int(QNetworkProxy::HttpProxy) << 3128 << "" << "";
        QTest::newRow("http default port") << "http://proxy.example" << true << int(QNetworkProxy::HttpProxy) << 8080 << "" << "";
        QTest::newRow("socks5") << "socks5://[::1]:1081" << true << int(QNetworkProxy::Socks5Proxy) << 1081 << "" << "";
        QTest::newRow("socks5h") << "socks5h://p" << true << int(QNetworkProxy::Socks5Proxy) << 1080 << "" << "";
        QTest::newRow("credentials decoded")
            << "http://me%40corp:p%3Ass@p:8080" << true << int(QNetworkProxy::HttpProxy) << 8080 << "me@corp" << "p:ss";
        QTest::newRow("https proxy") << "https://p:443" << false << 0 << 0 << "" << "";
        QTest::newRow("no scheme") << "proxy.example:8080" << false << 0 << 0 << "" << "";
        QTest::newRow("a path") << "http://p:8080/x" << false << 0 << 0 << "" << "";
    }

    void parsesProxyUrls()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString problem;
        const auto proxy = ProxySettings::parseUrl(text, &problem);
        QCOMPARE(proxy.has_value(), valid);
        if (!valid) {
            QVERIFY(!problem.isEmpty());
            return;
        }
        QTEST(int(proxy->type()), "type");
        QTEST(int(proxy->port()), "port");
        QTEST(proxy->user(), "user");
        QTEST(proxy->password(), "password");
        QVERIFY(!ProxySettings::toUrl(*proxy).contains(QLatin1String("ss")) || proxy->password().isEmpty());
    }

    // Old code: no proxy option at all, the proxy saw nothing.
    void plainHttpGoesThroughAConnectTunnelNeverAForwardedRequest()
    {
        TestPeer peer;
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        const Outcome outcome = connectOnce(through(peer.hubUrl(), proxy));
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
        QVERIFY(!proxy.requestHeads.isEmpty());
        for (const QByteArray &head : std::as_const(proxy.requestHeads)) {
            QVERIFY2(head.startsWith("CONNECT " + authorityOf(peer.hubUrl()).toLatin1() + " "), head.constData());
            QVERIFY2(!head.contains("Authorization:"), head.constData());
        }
    }

    void tlsThroughAConnectProxyShowsTheProxyNoKey_data() { addProxyKinds(); }

    void tlsThroughAConnectProxyShowsTheProxyNoKey()
    {
        QFETCH(int, kind);
        const auto peer = tlsPeer();
        TestProxy proxy{TestProxy::Kind(kind)};
        QVERIFY(proxy.listen());
        HubConnectionOptions options = through(peer->hubUrl(), proxy);
        options.extraCaCertificates = {m_certificates->ca};
        const Outcome outcome = connectOnce(options);
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
        // Negotiate and the WebSocket, each through its own tunnel to the hub.
        QVERIFY(proxy.tunnelTargets.size() >= 2);
        for (const QString &target : std::as_const(proxy.tunnelTargets))
            QCOMPARE(target, authorityOf(peer->hubUrl()));
        QVERIFY(!proxy.tunnelledFromClient.isEmpty());
        QVERIFY(!proxy.tunnelledFromClient.contains(Key.toUtf8()));
        QVERIFY(!proxy.tunnelledFromClient.contains("Authorization"));
        for (const QByteArray &head : std::as_const(proxy.requestHeads))
            QVERIFY2(!head.contains(Key.toUtf8()), head.constData());
    }

    void socks5CarriesPlainHttpToo()
    {
        TestPeer peer;
        TestProxy proxy(TestProxy::Kind::Socks5);
        QVERIFY(proxy.listen());
        const Outcome outcome = connectOnce(through(peer.hubUrl(), proxy));
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
        QVERIFY(proxy.tunnelTargets.size() >= 2);
    }

    // Old code: a 407 read as the hub's "HTTP 407" (exit 5), or as a refused connection.
    void aProxyThatWantsCredentialsIsNamedAnd407IsNotTheHubs_data() { addProxyKinds(); }

    void aProxyThatWantsCredentialsIsNamedAnd407IsNotTheHubs()
    {
        QFETCH(int, kind);
        TestPeer peer;
        TestProxy proxy{TestProxy::Kind(kind)};
        QVERIFY(proxy.listen());
        proxy.requireCredentials(QStringLiteral("trader"), QStringLiteral("s3cret"));
        const Outcome outcome = connectOnce(through(peer.hubUrl(), proxy));
        QVERIFY(!outcome.connected);
        QVERIFY(proxy.refusedForCredentials > 0);
        QVERIFY2(outcome.closed.message.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(proxy.port())),
                 qPrintable(outcome.closed.message));
        QCOMPARE(outcome.closed.allowsRetry(), false);
        QCOMPARE(peer.server().negotiateCount(), 0);
        // Qt reports a SOCKS5 refusal of the credentials as an authentication error as well.
        QCOMPARE(outcome.closed.kind, Kind::ProxyUnauthorized);
    }

    void credentialsInTheProxyUrlGetThrough()
    {
        TestPeer peer;
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        proxy.requireCredentials(QStringLiteral("trader"), QStringLiteral("s3cret"));
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        QNetworkProxy withCredentials = *ProxySettings::parseUrl(proxy.url());
        withCredentials.setUser(QStringLiteral("trader"));
        withCredentials.setPassword(QStringLiteral("s3cret"));
        options.proxy = ProxySettings::explicitProxy(withCredentials);
        const Outcome outcome = connectOnce(options);
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
    }

    // The GUI's case: asked once, and the answer serves negotiate, the WebSocket and later
    // sessions.
    void credentialsAreAskedForOnce()
    {
        TestPeer peer;
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        proxy.requireCredentials(QStringLiteral("trader"), QStringLiteral("s3cret"));
        HubConnectionOptions options = through(peer.hubUrl(), proxy);
        int asked = 0;
        options.proxyCredentials = [&asked](const QNetworkProxy &, QAuthenticator *authenticator) {
            ++asked;
            authenticator->setUser(QStringLiteral("trader"));
            authenticator->setPassword(QStringLiteral("s3cret"));
        };
        const Outcome outcome = connectOnce(options);
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
        QCOMPARE(asked, 1);
    }

    // Old code: "127.0.0.1:<hub port> refused the connection", blaming the hub.
    void anUnreachableProxyIsNamedNotTheHub()
    {
        TestPeer peer;
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        options.proxy =
            ProxySettings::explicitProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), closedPort()));
        const Outcome outcome = connectOnce(options);
        QVERIFY(!outcome.connected);
        QVERIFY2(outcome.closed.kind == Kind::Proxy, qPrintable(outcome.closed.message));
        QVERIFY2(outcome.closed.message.contains(QStringLiteral("proxy 127.0.0.1:")), qPrintable(outcome.closed.message));
        QVERIFY(outcome.closed.allowsRetry());
    }

    // The other half: the proxy answered, the hub behind it did not.
    void anUnreachableHubBehindAProxyIsTheHubs()
    {
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        const QUrl hub(QStringLiteral("http://127.0.0.1:%1/hubs/events").arg(closedPort()));
        const Outcome outcome = connectOnce(through(hub, proxy));
        QVERIFY(!outcome.connected);
        QCOMPARE(outcome.closed.kind, Kind::ConnectionRefused);
        QVERIFY2(outcome.closed.message.startsWith(authorityOf(hub) + QLatin1String(" refused")),
                 qPrintable(outcome.closed.message));
        QVERIFY2(outcome.closed.message.contains(QLatin1String("could not reach it")), qPrintable(outcome.closed.message));
    }

    void noProxyGoesStraight()
    {
        TestPeer peer;
        HubConnectionOptions options = fastOptions(peer.hubUrl());
        options.proxy = ProxySettings::none();
        const Outcome outcome = connectOnce(options);
        QVERIFY2(outcome.connected, qPrintable(outcome.closed.message));
    }

    // Old code: no way to trust a company CA short of ignoring every certificate error.
    void aCompanyCaIsTrustedOnlyWhenGiven()
    {
        const auto peer = tlsPeer();
        const Outcome refused = connectOnce(fastOptions(peer->hubUrl()));
        QVERIFY(!refused.connected);
        QCOMPARE(refused.closed.kind, Kind::Tls);
        // The chain is there for the user to see who signed it.
        QVERIFY(!refused.closed.peerCertificateChain.isEmpty());
        QCOMPARE(refused.closed.peerCertificateChain.constFirst().issuerInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("MesoLive Test Root CA")});

        HubConnectionOptions options = fastOptions(peer->hubUrl());
        options.extraCaCertificates = {m_certificates->ca};
        const Outcome trusted = connectOnce(options);
        QVERIFY2(trusted.connected, qPrintable(trusted.closed.message));
    }

    void theSystemsCertificatesStayTrustedBesideTheCompanys()
    {
        const QSslConfiguration configuration = HubNetwork::sslConfigurationWith({m_certificates->ca});
        const QList<QSslCertificate> trusted = configuration.caCertificates();
        QVERIFY(trusted.contains(m_certificates->ca));
        for (const QSslCertificate &system : QSslConfiguration::systemCaCertificates())
            QVERIFY(trusted.contains(system));
        QCOMPARE(configuration.peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());
    }

    // Old code: messages named "::1:5001", which reads as a port of an odd host.
    void ipv6HubsAreNamedWithBrackets()
    {
        const ConnectionError error = fromNetworkReply(QNetworkReply::ConnectionRefusedError, 0, QString(),
                                                       QUrl(QStringLiteral("https://[::1]:5001/hubs/events")));
        QVERIFY2(error.message.contains(QLatin1String("[::1]:5001 refused")), qPrintable(error.message));
    }

    void anIpv6HubDirectlyAndThroughAnIpv6Proxy()
    {
        server::HubServer hub;
        if (!hub.listen(0, QHostAddress::LocalHostIPv6))
            QSKIP("This machine has no IPv6 loopback.");
        QCOMPARE(hub.hubUrl().toString(), QStringLiteral("http://[::1]:%1/hubs/events").arg(hub.port()));
        const Outcome direct = connectOnce(fastOptions(hub.hubUrl()));
        QVERIFY2(direct.connected, qPrintable(direct.closed.message));

        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen(QHostAddress::LocalHostIPv6));
        const Outcome proxied = connectOnce(through(hub.hubUrl(), proxy));
        QVERIFY2(proxied.connected, qPrintable(proxied.closed.message));
        QVERIFY(!proxy.requestHeads.isEmpty());
        QCOMPARE(proxy.tunnelTargets.constFirst(), QStringLiteral("[::1]:%1").arg(hub.port()));
    }
};

QTEST_MAIN(TestProxyRoute)
#include "tst_proxy.moc"
