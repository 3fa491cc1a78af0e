// The connection dialog's office-network settings: the proxy (system, none, HTTP or SOCKS5
// host:port with a user and password) and a company's certificate file, validated as typed,
// saved with the connection and read back into the dialog, the password through the keychain
// (KeychainTestWorld.h: none, or a real Secret Service as tst_networksettings_keychain) and
// never in the settings file.

#include "ConnectionDialog.h"
#include "ConnectionSecrets.h"
#include "CredentialStore.h"
#include "KeychainTestWorld.h"
#include "TestCertificates.h"
#include "WidgetLookup.h"

#include "session/MonitorSession.h"
#include "session/SettingKeys.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QUuid>

using eventhub::EventHubSettings;
using signalr::ProxySettings;
using ui::ConnectionDialog;
using ui::CredentialStore;

namespace {

EventHubSettings hubSettings()
{
    EventHubSettings settings;
    settings.instanceUrl = EventHubSettings::parseInstance(
        QStringLiteral("https://desk-%1.example.test").arg(QUuid::createUuid().toString(QUuid::Id128).left(12)));
    settings.apiKey = QStringLiteral("api-key");
    return settings;
}

bool okEnabled(const ConnectionDialog &dialog)
{
    return child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok)->isEnabled();
}

} // namespace

class TestNetworkSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    std::optional<TestCertificates> m_certificates;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_networksettings"));
        QSettings().clear();
        QString error;
        m_certificates = TestCertificates::make(m_directory.path(), error);
        QVERIFY2(m_certificates, qPrintable(error));
        qInfo("keychain mode: %s", qPrintable(keychain_test::mode()));
    }

    void systemProxyByDefault()
    {
        ConnectionDialog dialog(hubSettings());
        QCOMPARE(child<QComboBox>(dialog, "proxyModeCombo")->currentIndex(), 0);
        QVERIFY(!child<QLineEdit>(dialog, "proxyHostEdit")->isVisibleTo(&dialog));
        QCOMPARE(dialog.settings().proxy.mode, ProxySettings::Mode::System);
        QVERIFY(dialog.settings().caFile.isEmpty());
        QVERIFY(okEnabled(dialog));
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(1);
        QCOMPARE(dialog.settings().proxy.mode, ProxySettings::Mode::None);
    }

    // What the dialog was given comes back out of it unchanged, an IPv6 proxy included.
    void namedProxyAndCaFileRoundTrip()
    {
        EventHubSettings current = hubSettings();
        current.proxy = ProxySettings::explicitProxy(QNetworkProxy(QNetworkProxy::Socks5Proxy, QStringLiteral("2001:db8::5"),
                                                                   1081, QStringLiteral("trader"), QStringLiteral("pw")));
        current.caFile = m_certificates->caFile;
        ConnectionDialog dialog(current);
        QCOMPARE(child<QComboBox>(dialog, "proxyModeCombo")->currentIndex(), 3);
        QCOMPARE(child<QLineEdit>(dialog, "proxyHostEdit")->text(), QStringLiteral("2001:db8::5"));
        QCOMPARE(child<QSpinBox>(dialog, "proxyPortSpin")->value(), 1081);
        auto *password = child<QLineEdit>(dialog, "proxyPasswordEdit");
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QVERIFY(child<QLabel>(dialog, "caFileMessage")->text().contains("MesoLive Test Root CA"));

        const EventHubSettings out = dialog.settings();
        QCOMPARE(out.proxy.mode, ProxySettings::Mode::Explicit);
        QCOMPARE(out.proxy.proxy.type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(out.proxy.proxy.hostName(), QStringLiteral("2001:db8::5"));
        QCOMPARE(out.proxy.proxy.port(), quint16(1081));
        QCOMPARE(out.proxy.proxy.user(), QStringLiteral("trader"));
        QCOMPARE(out.proxy.proxy.password(), QStringLiteral("pw"));
        QCOMPARE(out.caFile, m_certificates->caFile);
        QCOMPARE(out.caCertificates, QList<QSslCertificate>{m_certificates->ca});
        QVERIFY(okEnabled(dialog));
    }

    void proxyHostIsValidatedAsTyped()
    {
        ConnectionDialog dialog(hubSettings());
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(2); // HTTP
        auto *host = child<QLineEdit>(dialog, "proxyHostEdit");
        auto *port = child<QSpinBox>(dialog, "proxyPortSpin");
        auto *message = child<QLabel>(dialog, "proxyMessage");
        QVERIFY(host->isVisibleTo(&dialog));
        QCOMPARE(port->value(), 8080);
        QVERIFY(!okEnabled(dialog)); // no host yet
        QVERIFY(message->text().contains("Required"));
        host->setText(QStringLiteral("http://proxy.corp.example:3128"));
        QVERIFY(!okEnabled(dialog));
        QVERIFY(message->property("invalid").toBool());
        QVERIFY(message->text().contains("enter only the host"));
        host->setText(QStringLiteral("proxy.corp.example"));
        QVERIFY(okEnabled(dialog));
        QVERIFY(!message->property("invalid").toBool());
        QVERIFY(message->text().contains("never sees the API key"));
        // The untouched default port follows the kind of proxy; a typed one stays.
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(3);
        QCOMPARE(port->value(), 1080);
        port->setValue(3128);
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(2);
        QCOMPARE(port->value(), 3128);
        QCOMPARE(dialog.settings().proxy.proxy.type(), QNetworkProxy::HttpProxy);
    }

    void caFileIsCheckedAsTyped()
    {
        ConnectionDialog dialog(hubSettings());
        auto *file = child<QLineEdit>(dialog, "caFileEdit");
        auto *message = child<QLabel>(dialog, "caFileMessage");
        file->setText(m_directory.filePath(QStringLiteral("missing.pem")));
        QVERIFY(!okEnabled(dialog));
        QVERIFY2(message->text().contains("Cannot read the certificate file"), qPrintable(message->text()));
        QVERIFY(message->property("invalid").toBool());
        QFile notPem(m_directory.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("not a certificate\n");
        notPem.close();
        file->setText(notPem.fileName());
        QVERIFY(!okEnabled(dialog));
        QVERIFY(message->text().contains("holds no PEM certificate"));
        file->setText(m_certificates->caFile);
        QVERIFY(okEnabled(dialog));
        QVERIFY(!message->property("invalid").toBool());
        QCOMPARE(message->text(), QStringLiteral("Trusts MesoLive Test Root CA besides this computer's certificates."));
    }

    // Typed into the dialog, saved as the app saves a connection, read back as the app does at
    // the next start: the same fields, the password from the keychain (or, without one, from
    // this session's memory) and never from the settings file.
    void savedWithThePasswordInTheKeychainOnly()
    {
        const QString password = QStringLiteral("proxy-pw-") + QUuid::createUuid().toString(QUuid::Id128);
        ConnectionDialog dialog(hubSettings());
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(2);
        QTest::keyClicks(child<QLineEdit>(dialog, "proxyHostEdit"), QStringLiteral("proxy.corp.example"));
        child<QSpinBox>(dialog, "proxyPortSpin")->setValue(3128);
        QTest::keyClicks(child<QLineEdit>(dialog, "proxyUserEdit"), QStringLiteral("trader"));
        QTest::keyClicks(child<QLineEdit>(dialog, "proxyPasswordEdit"), password);
        child<QLineEdit>(dialog, "caFileEdit")->setText(m_certificates->caFile);
        QVERIFY(okEnabled(dialog));
        const EventHubSettings chosen = dialog.settings();

        CredentialStore store;
        ui::MonitorSession::saveSettings(chosen);
        bool saved = false;
        QString problem;
        ui::saveConnectionSecrets(store, chosen, [&](const QString &what) {
            saved = true;
            problem = what;
        });
        QVERIFY(QTest::qWaitFor([&] { return saved; }, 20000));
        if (keychain_test::realKeychain())
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else
            QVERIFY2(problem.contains("kept for this session only"), qPrintable(problem));
        QCOMPARE(ui::settingKeys::Proxy.read(QSettings()), QStringLiteral("http://trader@proxy.corp.example:3128"));
        QVERIFY(!keychain_test::appearsInPlainText(password));

        // The next start: a new store where a keychain keeps things, the same one where only
        // this session's memory does.
        CredentialStore fresh;
        CredentialStore &reader = keychain_test::realKeychain() ? fresh : store;
        std::optional<EventHubSettings> loaded;
        EventHubSettings savedSettings = ui::MonitorSession::savedSettings();
        ui::loadConnectionSecrets(reader, savedSettings, [&](const EventHubSettings &withSecrets, const QString &keyError) {
            QVERIFY2(keyError.isEmpty(), qPrintable(keyError));
            loaded = withSecrets;
        });
        QVERIFY(QTest::qWaitFor([&] { return loaded.has_value(); }, 20000));
        QCOMPARE(loaded->apiKey, QStringLiteral("api-key"));
        ConnectionDialog again(*loaded);
        QCOMPARE(child<QComboBox>(again, "proxyModeCombo")->currentIndex(), 2);
        QCOMPARE(child<QLineEdit>(again, "proxyHostEdit")->text(), QStringLiteral("proxy.corp.example"));
        QCOMPARE(child<QSpinBox>(again, "proxyPortSpin")->value(), 3128);
        QCOMPARE(child<QLineEdit>(again, "proxyUserEdit")->text(), QStringLiteral("trader"));
        QCOMPARE(child<QLineEdit>(again, "proxyPasswordEdit")->text(), password);
        QCOMPARE(child<QLineEdit>(again, "caFileEdit")->text(), m_certificates->caFile);
        QCOMPARE(again.settings().proxy.proxy.password(), password);
    }
};

MESOLIVE_KEYCHAIN_TEST_MAIN(TestNetworkSettings)
#include "tst_networksettings.moc"
