// mesolive-events on an office network, run as a real process: through the tests' CONNECT
// and SOCKS5 proxies (which record what passes), against the simulator over http and over
// TLS with a CA made at test time, and on IPv6 loopback (by address and by a name with an IPv6
// address only). Exit codes as documented: 3 when
// the proxy refuses the credentials, 4 when the proxy or the hub cannot be reached.

#include "CliRun.h"
#include "Ipv6OnlyHost.h"
#include "TestCertificates.h"
#include "TestProxy.h"
#include "hubsim/EventHubSimulator.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString Key = QStringLiteral("sekret");

using cli_test::Run;
using cli_test::run;

QString instanceOf(const QUrl &hubUrl)
{
    return hubUrl.adjusted(QUrl::RemovePath).toString();
}

} // namespace

class TestCliNetwork : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    std::optional<TestCertificates> m_certificates;

    std::unique_ptr<hubsim::EventHubSimulator> simulator(bool tls, const QHostAddress &address = QHostAddress::LocalHost)
    {
        hubsim::SimulatorOptions options;
        options.apiKey = Key;
        options.ratePerSecond = 0;
        options.seedHistory = 10;
        options.address = address;
        if (tls)
            options.tls = m_certificates->server;
        auto result = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        if (!result->start(error))
            qWarning("%s", qPrintable(error));
        return result;
    }

    static QStringList latest(const hubsim::EventHubSimulator &hub)
    {
        return {QStringLiteral("latest"), QStringLiteral("--instance"), instanceOf(hub.hubUrl()), QStringLiteral("--api-key"),
                Key};
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_certificates = TestCertificates::make(m_directory.path(), error);
        QVERIFY2(m_certificates, qPrintable(error));
    }

    void badNetworkOptionsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("https proxy") << QStringList{"--proxy", "https://p:443"} << "--proxy";
        QTest::newRow("both") << QStringList{"--proxy", "http://p:1", "--no-proxy"} << "contradict";
        QTest::newRow("credentials without proxy") << QStringList{"--proxy-credentials-file", "/dev/null"} << "needs --proxy";
        QTest::newRow("no ca file") << QStringList{"--ca-file", "/nonexistent/ca.pem"} << "--ca-file";
        QTest::newRow("ca file without a certificate") << QStringList{"--ca-file", "/dev/null"} << "no PEM certificate";
    }

    void badNetworkOptionsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run result = run(QStringList{"latest", "--instance", "https://h.example"} + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }

    // Old code: "Unknown option 'proxy'" (exit 2).
    void tlsThroughEitherProxyWithTheCompanyCa_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("http CONNECT") << int(TestProxy::Kind::HttpConnect);
        QTest::newRow("socks5") << int(TestProxy::Kind::Socks5);
    }

    void tlsThroughEitherProxyWithTheCompanyCa()
    {
        QFETCH(int, kind);
        const auto hub = simulator(true);
        TestProxy proxy{TestProxy::Kind(kind)};
        QVERIFY(proxy.listen());
        const Run result = run(latest(*hub) + QStringList{"--proxy", proxy.url(), "--ca-file", m_certificates->caFile});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out.trimmed(), QByteArray("10"));
        QVERIFY(proxy.tunnelTargets.size() >= 2);
        // What crossed the proxy was TLS: neither the key nor its header.
        QVERIFY(!proxy.tunnelledFromClient.contains(Key.toUtf8()));
        QVERIFY(!proxy.tunnelledFromClient.contains("Authorization"));
        for (const QByteArray &head : std::as_const(proxy.requestHeads))
            QVERIFY2(!head.contains("Authorization"), head.constData());
    }

    // Old code: the same failure, but no way to trust the company's root short of none.
    void aServerSignedByAnUnknownCaFailsWithoutCaFile()
    {
        const auto hub = simulator(true);
        const Run refused = run(latest(*hub));
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(refused.err.contains("secure connection"), refused.err.constData());
        const Run trusted = run(latest(*hub) + QStringList{"--ca-file", m_certificates->caFile});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
    }

    void plainHttpThroughAProxyAndTheSystemsProxyFromTheEnvironment()
    {
        const auto hub = simulator(false);
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        const Run explicitProxy = run(latest(*hub) + QStringList{"--proxy", proxy.url()});
        QVERIFY2(explicitProxy.exitCode == 0, explicitProxy.err.constData());
        QVERIFY(!proxy.tunnelTargets.isEmpty());
        for (const QByteArray &head : std::as_const(proxy.requestHeads))
            QVERIFY2(head.startsWith("CONNECT "), head.constData());

        proxy.tunnelTargets.clear();
        const QMap<QString, QString> environment{{QStringLiteral("http_proxy"), proxy.url()}};
        const Run fromEnvironment = run(latest(*hub), {}, environment);
        QVERIFY2(fromEnvironment.exitCode == 0, fromEnvironment.err.constData());
        QVERIFY(!proxy.tunnelTargets.isEmpty());

        // Old code: "Unknown option 'no-proxy'".
        proxy.tunnelTargets.clear();
        const Run bypassed = run(latest(*hub) + QStringList{"--no-proxy"}, {}, environment);
        QVERIFY2(bypassed.exitCode == 0, bypassed.err.constData());
        QVERIFY(proxy.tunnelTargets.isEmpty());
    }

    // Old code: exit 5 and "HTTP 407" read as the hub's answer.
    void aProxyThatRefusesTheCredentialsExitsWithThreeAndSaysItIsTheProxy()
    {
        const auto hub = simulator(false);
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        proxy.requireCredentials(QStringLiteral("trader"), QStringLiteral("pa:ss"));
        const Run refused = run(latest(*hub) + QStringList{"--proxy", proxy.url()});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(proxy.port()).toUtf8()), refused.err.constData());
        QVERIFY2(refused.err.contains("407"), refused.err.constData());

        const QString credentials = QDir(m_directory.path()).filePath(QStringLiteral("proxy-credentials"));
        QFile file(credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("trader:pa:ss\n");
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Run accepted = run(latest(*hub) + QStringList{"--proxy", proxy.url(), "--proxy-credentials-file", credentials});
        QVERIFY2(accepted.exitCode == 0, accepted.err.constData());
        QVERIFY2(!accepted.err.contains("warning"), accepted.err.constData());
    }

    // Old code: "127.0.0.1:<hub port> refused the connection", blaming the hub.
    void anUnreachableProxyExitsWithFourAndIsNamed()
    {
        const auto hub = simulator(false);
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        const Run result = run(latest(*hub) + QStringList{"--proxy", QStringLiteral("http://127.0.0.1:%1").arg(port)});
        QCOMPARE(result.exitCode, 4);
        QVERIFY2(result.err.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(port).toUtf8()), result.err.constData());
    }

    void theSimulatorOnIpv6Loopback()
    {
        const auto hub = simulator(false, QHostAddress::LocalHostIPv6);
        if (hub->hubUrl().isEmpty())
            QSKIP("This machine has no IPv6 loopback.");
        QCOMPARE(instanceOf(hub->hubUrl()), QStringLiteral("http://[::1]:%1").arg(hub->hubUrl().port()));
        const Run result = run(latest(*hub));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out.trimmed(), QByteArray("10"));
    }

    // A host name with no IPv4 address (Ipv6OnlyHost.h), over TLS: resolved, connected to and
    // verified by that name. Without the hosts file that gives it ::1 the name is unknown,
    // so it was that file's IPv6 address that worked.
    void aHostNameWithAnIpv6AddressOnly()
    {
        const QMap<QString, QString> resolver = ipv6_only::environment();
        if (resolver.isEmpty())
            QSKIP("needs libnss-wrapper (scripts/deps.sh) for a host name with an IPv6 address only");
        const auto hub = simulator(true, QHostAddress::LocalHostIPv6);
        QVERIFY(!hub->hubUrl().isEmpty());
        const QStringList arguments{QStringLiteral("latest"),
                                    QStringLiteral("--instance"),
                                    QStringLiteral("https://%1:%2").arg(ipv6_only::HostName).arg(hub->hubUrl().port()),
                                    QStringLiteral("--api-key"),
                                    Key,
                                    QStringLiteral("--ca-file"),
                                    m_certificates->caFile};
        const Run result = run(arguments, {}, resolver);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out.trimmed(), QByteArray("10"));

        const Run unresolved = run(arguments);
        QCOMPARE(unresolved.exitCode, 4);
        QVERIFY2(unresolved.err.contains("could not be found"), unresolved.err.constData());
    }
};

QTEST_MAIN(TestCliNetwork)
#include "tst_cli_network.moc"
