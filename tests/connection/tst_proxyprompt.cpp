// A proxy that wants a password during a session (the tests' CONNECT proxy requiring
// credentials, in front of the hub simulator): the app asks once with a small dialog, offers
// to remember the answer in the keychain (KeychainTestWorld.h), and connects; the next session
// signs in from the keychain without asking; a remembered password the proxy refuses is asked
// for again, saying so; Cancel ends the connection with the proxy's 407 and a clear status,
// and nothing tries again.

#include "CredentialStore.h"
#include "EventLoopWait.h"
#include "KeychainTestWorld.h"
#include "ProxyCredentialsDialog.h"
#include "ProxyCredentialsPrompt.h"
#include "TestProxy.h"

#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"
#include "session/MonitorSession.h"

#include <QAuthenticator>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QUuid>

#include <memory>

using signalr::ConnectionError;
using signalr::HubConnection;
using ui::CredentialStore;

namespace {

constexpr int WaitMs = 15000;

// Answers every proxy sign-in dialog that opens while it lives, as a user would: types the
// credentials and signs in, or cancels. Records what each dialog said.
class PromptAnswerer : public QObject
{
public:
    PromptAnswerer(QString user, QString password, bool cancel = false)
        : m_user(std::move(user))
        , m_password(std::move(password))
        , m_cancel(cancel)
    {
        connect(&m_poll, &QTimer::timeout, this, &PromptAnswerer::answerOpenDialog);
        m_poll.start(5);
    }

    QStringList messages;

private:
    void answerOpenDialog()
    {
        auto *dialog = qobject_cast<ui::ProxyCredentialsDialog *>(QApplication::activeModalWidget());
        if (!dialog || dialog->property("answered").toBool())
            return;
        dialog->setProperty("answered", true);
        messages << dialog->findChild<QLabel *>(QStringLiteral("proxyPromptMessage"))->text();
        auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
        if (m_cancel) {
            buttons->button(QDialogButtonBox::Cancel)->click();
            return;
        }
        auto *user = dialog->findChild<QLineEdit *>(QStringLiteral("proxyUserEdit"));
        user->clear();
        QTest::keyClicks(user, m_user);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("proxyPasswordEdit")), m_password);
        if (!dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->isChecked())
            qFatal("remembering is not offered by default");
        buttons->button(QDialogButtonBox::Ok)->click();
    }

    const QString m_user;
    const QString m_password;
    const bool m_cancel;
    QTimer m_poll;
};

} // namespace

class TestProxyPrompt : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<hubsim::EventHubSimulator> m_hub;
    std::unique_ptr<TestProxy> m_proxy;
    QString m_password;

    // The hub behind a new proxy that only lets `trader` with m_password through.
    eventhub::EventHubSettings settingsThroughTheProxy()
    {
        m_proxy = std::make_unique<TestProxy>(TestProxy::Kind::HttpConnect);
        if (!m_proxy->listen())
            qFatal("proxy cannot listen");
        m_proxy->requireCredentials(QStringLiteral("trader"), m_password);
        eventhub::EventHubSettings settings;
        settings.instanceUrl = m_hub->hubUrl().adjusted(QUrl::RemovePath);
        settings.hubPath = m_hub->hubUrl().path();
        settings.apiKey = QStringLiteral("sekret");
        settings.proxy = signalr::ProxySettings::explicitProxy(*signalr::ProxySettings::parseUrl(m_proxy->url()));
        return settings;
    }

    static bool connects(ui::MonitorSession &session)
    {
        return waitUntil([&] { return session.client()->connection().state() == HubConnection::State::Connected; }, WaitMs);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_proxyprompt"));
        qInfo("keychain mode: %s", qPrintable(keychain_test::mode()));
        hubsim::SimulatorOptions options;
        options.apiKey = QStringLiteral("sekret");
        options.ratePerSecond = 0;
        m_hub = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        QVERIFY2(m_hub->start(error), qPrintable(error));
    }

    void init()
    {
        // A password of its own per test: no keychain entry of another test (or run) fits.
        m_password = QStringLiteral("pw-") + QUuid::createUuid().toString(QUuid::Id128);
    }

    void asksOnceRemembersAndConnects()
    {
        const eventhub::EventHubSettings settings = settingsThroughTheProxy();
        CredentialStore store;
        ui::ProxyCredentialsPrompt prompt(store, nullptr);
        QSignalSpy notRemembered(&prompt, &ui::ProxyCredentialsPrompt::notRemembered);
        {
            PromptAnswerer user(QStringLiteral("trader"), m_password);
            ui::MonitorSession session({});
            session.setAskProxyCredentials(prompt.hook());
            session.connectTo(settings);
            QVERIFY(connects(session));
            QCOMPARE(user.messages.size(), 1); // negotiate and the WebSocket: asked once
            QVERIFY2(user.messages.first().contains(QStringLiteral("(127.0.0.1:%1)").arg(m_proxy->port())),
                     qPrintable(user.messages.first()));
            QVERIFY(!user.messages.first().contains("did not accept"));
            QVERIFY(m_proxy->refusedForCredentials >= 1);
        }
        // Remembered: in the keychain, or for this session only where there is none (said so).
        QCOMPARE(notRemembered.size(), keychain_test::realKeychain() ? 0 : 1);
        QVERIFY(!keychain_test::appearsInPlainText(m_password));

        // The next session signs in from the keychain without asking.
        prompt.newSession();
        PromptAnswerer nobody(QString(), QString(), true);
        ui::MonitorSession next({});
        next.setAskProxyCredentials(prompt.hook());
        next.connectTo(settings);
        QVERIFY(connects(next));
        QVERIFY(nobody.messages.isEmpty());
    }

    void aRefusedRememberedPasswordIsAskedForAgain()
    {
        const eventhub::EventHubSettings settings = settingsThroughTheProxy();
        CredentialStore store;
        bool written = false;
        store.writeProxyCredentials(settings.proxy.proxy, QStringLiteral("trader"), QStringLiteral("old-password"),
                                    [&written](bool, const QString &) { written = true; });
        QVERIFY(waitUntil([&] { return written; }, WaitMs));
        ui::ProxyCredentialsPrompt prompt(store, nullptr);
        PromptAnswerer user(QStringLiteral("trader"), m_password);
        ui::MonitorSession session({});
        session.setAskProxyCredentials(prompt.hook());
        session.connectTo(settings);
        QVERIFY(connects(session));
        QCOMPARE(user.messages.size(), 1);
        QVERIFY2(user.messages.first().startsWith("The proxy did not accept the user name or password."),
                 qPrintable(user.messages.first()));
    }

    void cancelStopsWithAClearStatus()
    {
        const eventhub::EventHubSettings settings = settingsThroughTheProxy();
        CredentialStore store;
        ui::ProxyCredentialsPrompt prompt(store, nullptr);
        QSignalSpy canceled(&prompt, &ui::ProxyCredentialsPrompt::canceled);
        PromptAnswerer user(QString(), QString(), true);
        ui::MonitorSession session({});
        session.setAskProxyCredentials(prompt.hook());
        HubConnection *connection = nullptr;
        std::optional<ConnectionError> closedWith;
        int retries = 0;
        connect(&session, &ui::MonitorSession::sessionStarted, this, [&] {
            connection = &session.client()->connection();
            connect(connection, &HubConnection::closed, this, [&](const ConnectionError &reason) { closedWith = reason; });
            connect(connection, &HubConnection::reconnectScheduled, this, [&] { ++retries; });
        });
        session.connectTo(settings);
        QVERIFY(waitUntil([&] { return closedWith.has_value(); }, WaitMs));
        QCOMPARE(closedWith->kind, ConnectionError::Kind::ProxyUnauthorized);
        QVERIFY2(closedWith->message.contains("407"), qPrintable(closedWith->message));
        QCOMPARE(user.messages.size(), 1);
        QCOMPARE(canceled.size(), 1);
        QCOMPARE(canceled.first().first().toString(),
                 QStringLiteral("Not connected: signing in to the proxy 127.0.0.1:%1 was canceled. File → Connect to "
                                "MesoLive… tries again.")
                     .arg(m_proxy->port()));
        QCOMPARE(retries, 0);
        QCOMPARE(connection->state(), HubConnection::State::Disconnected);
        // Asked again in the same session (a negotiate that timed out while the dialog was
        // open is retried): the same no, without another dialog.
        QAuthenticator again;
        prompt.answer(settings.proxy.proxy, &again);
        QVERIFY(again.user().isEmpty());
        QCOMPARE(user.messages.size(), 1);
        QCOMPARE(canceled.size(), 1);
    }
};

MESOLIVE_KEYCHAIN_TEST_MAIN(TestProxyPrompt)
#include "tst_proxyprompt.moc"
