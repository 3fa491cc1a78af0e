// The API key store, in one of the worlds chosen by MESOLIVE_KEYCHAIN_TEST (KeychainTestWorld.h).

#include "CredentialStore.h"
#include "KeychainTestWorld.h"

#include <QNetworkProxy>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using ui::CredentialStore;

namespace {

using keychain_test::appearsInPlainText;

struct Outcome
{
    int calls = 0;
    bool ok = false;
    QString key;
    QString message;
};

// Each helper checks that the callback does not run from within the call, then waits for it.
#define WAIT_FOR_CALLBACK(outcome)                                                                                               \
    do {                                                                                                                         \
        QCOMPARE((outcome)->calls, 0);                                                                                           \
        QVERIFY(QTest::qWaitFor([&] { return (outcome)->calls > 0; }, 20000));                                                   \
        QTest::qWait(0);                                                                                                         \
        QCOMPARE((outcome)->calls, 1);                                                                                           \
    } while (false)

// A per-run instance so that runs never see each other's entries in a real keychain.
QString uniqueInstance(const char *label)
{
    return QStringLiteral("https://%1-%2.example.test")
        .arg(QLatin1String(label), QUuid::createUuid().toString(QUuid::Id128).left(12));
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<Outcome> m_last;

    void read(CredentialStore &store, const QString &instance)
    {
        auto outcome = std::make_shared<Outcome>();
        m_last = outcome;
        store.readKey(instance, [outcome](bool ok, QString key, QString error) {
            ++outcome->calls;
            outcome->ok = ok;
            outcome->key = key;
            outcome->message = error;
        });
        WAIT_FOR_CALLBACK(outcome);
    }

    void write(CredentialStore &store, const QString &instance, const QString &key)
    {
        auto outcome = std::make_shared<Outcome>();
        m_last = outcome;
        store.writeKey(instance, key, [outcome](bool persisted, QString message) {
            ++outcome->calls;
            outcome->ok = persisted;
            outcome->message = message;
        });
        WAIT_FOR_CALLBACK(outcome);
    }

    void remove(CredentialStore &store, const QString &instance)
    {
        auto outcome = std::make_shared<Outcome>();
        m_last = outcome;
        store.deleteKey(instance, [outcome](bool ok) {
            ++outcome->calls;
            outcome->ok = ok;
        });
        WAIT_FOR_CALLBACK(outcome);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_credentialstore"));
        qInfo("keychain mode: %s", qPrintable(keychain_test::mode()));
    }

    void entryNames()
    {
        QCOMPARE(CredentialStore::entryName("hub.example.com"), QStringLiteral("https://hub.example.com"));
        QCOMPARE(CredentialStore::entryName(" https://hub.example.com/ "), QStringLiteral("https://hub.example.com"));
        QCOMPARE(CredentialStore::entryName("http://127.0.0.1:5000"), QStringLiteral("http://127.0.0.1:5000"));
        QCOMPARE(CredentialStore::entryName("https://hub.example.com/tenant/"), QStringLiteral("https://hub.example.com/tenant"));
        QCOMPARE(CredentialStore::entryName("HTTPS://Hub.Example.com"), QStringLiteral("https://hub.example.com"));
        QCOMPARE(CredentialStore::entryName(" not a url "), QStringLiteral("not a url"));
        QCOMPARE(QString::fromLatin1(CredentialStore::ServiceName), QStringLiteral("MesoLive Monitor"));
    }

    void proxyEntryNames()
    {
        QCOMPARE(CredentialStore::proxyEntryName(QNetworkProxy(QNetworkProxy::HttpProxy, "Proxy.Corp.example", 3128)),
                 QStringLiteral("proxy http://proxy.corp.example:3128"));
        QCOMPARE(CredentialStore::proxyEntryName(QNetworkProxy(QNetworkProxy::Socks5Proxy, "::1", 1080)),
                 QStringLiteral("proxy socks5://[::1]:1080"));
        // One entry per proxy, whoever signs in.
        QCOMPARE(CredentialStore::proxyEntryName(QNetworkProxy(QNetworkProxy::HttpProxy, "p.example", 8080, "a", "x")),
                 CredentialStore::proxyEntryName(QNetworkProxy(QNetworkProxy::HttpProxy, "p.example", 8080, "b", "y")));
    }

    // In every world: the proxy's user and password come back together (from the keychain,
    // or for this session only where there is none), never in plain text.
    void proxyCredentialsRoundTrip()
    {
        const QNetworkProxy proxy(
            QNetworkProxy::HttpProxy,
            QStringLiteral("proxy-%1.example.test").arg(QUuid::createUuid().toString(QUuid::Id128).left(12)), 3128);
        const QString password = QStringLiteral("proxy:secret-") + QUuid::createUuid().toString(QUuid::Id128);
        CredentialStore store;
        auto outcome = std::make_shared<Outcome>();
        store.writeProxyCredentials(proxy, QStringLiteral("trader"), password, [outcome](bool persisted, QString message) {
            ++outcome->calls;
            outcome->ok = persisted;
            outcome->message = message;
        });
        WAIT_FOR_CALLBACK(outcome);
        if (keychain_test::realKeychain()) {
            QVERIFY2(outcome->ok, qPrintable(outcome->message));
            QCOMPARE(outcome->message, QStringLiteral("The proxy password is saved in the keychain."));
        } else {
            QVERIFY(!outcome->ok);
            QVERIFY2(outcome->message.contains("the proxy password is kept for this session only"), qPrintable(outcome->message));
        }
        CredentialStore fresh;
        CredentialStore &reader = keychain_test::realKeychain() ? fresh : store;
        auto read = std::make_shared<Outcome>();
        QString user;
        reader.readProxyCredentials(proxy, [read, &user](bool ok, QString readUser, QString readPassword, QString error) {
            ++read->calls;
            read->ok = ok;
            user = readUser;
            read->key = readPassword;
            read->message = error;
        });
        WAIT_FOR_CALLBACK(read);
        QVERIFY2(read->ok, qPrintable(read->message));
        QCOMPARE(user, QStringLiteral("trader"));
        QCOMPARE(read->key, password); // a colon in the password survives
        QVERIFY(!appearsInPlainText(password));
    }

    // --- no keychain service -------------------------------------------------------------

    void fallbackReadBeforeAnyWrite()
    {
        if (keychain_test::keychainService())
            QSKIP("needs the no-keychain world");
        CredentialStore store;
        QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);
        read(store, uniqueInstance("nothing"));
        QVERIFY(!m_last->ok);
        QVERIFY(m_last->key.isEmpty());
        QCOMPARE(m_last->message, QStringLiteral("No keychain service is available; no saved API key can be read."));
        QVERIFY(store.isSessionOnly());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(1).toString(), CredentialStore::sessionOnlyMessage());
    }

    void fallbackKeepsTheKeyForTheSession()
    {
        if (keychain_test::realKeychain())
            QSKIP("needs a world where the keychain cannot store");
        const QString instance = uniqueInstance("fallback");
        const QString secret = QStringLiteral("fallback-secret-") + QUuid::createUuid().toString(QUuid::Id128);
        CredentialStore store;
        QVERIFY(!store.isSessionOnly());
        QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);

        write(store, instance, secret);
        QVERIFY(!m_last->ok); // not persisted
        QCOMPARE(m_last->message,
                 QStringLiteral("No keychain service is available; the API key is kept for this session only and not saved."));
        QVERIFY(store.isSessionOnly());
        QCOMPARE(store.sessionOnlyReason(), CredentialStore::sessionOnlyMessage());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toBool(), true);

        // Served back from memory, under the normalized name too.
        read(store, instance);
        QVERIFY(m_last->ok);
        QCOMPARE(m_last->key, secret);
        read(store, instance + QLatin1Char('/'));
        QVERIFY(m_last->ok);
        QCOMPARE(m_last->key, secret);

        // Another instance has nothing.
        read(store, uniqueInstance("other"));
        QVERIFY(!m_last->ok);
        QVERIFY(m_last->key.isEmpty());
        QVERIFY(!m_last->message.isEmpty());

        // Overwrite, still session-only, still no second notification.
        write(store, instance, secret + QLatin1String("-2"));
        QVERIFY(!m_last->ok);
        QCOMPARE(m_last->message, CredentialStore::sessionOnlyMessage());
        read(store, instance);
        QCOMPARE(m_last->key, secret + QLatin1String("-2"));
        QCOMPARE(changed.size(), 1);

        // Never in plain text.
        QVERIFY(!appearsInPlainText(secret));

        // Delete: gone from memory; nothing can be in a keychain that is not there.
        remove(store, instance);
        QVERIFY(m_last->ok);
        read(store, instance);
        QVERIFY(!m_last->ok);
        QVERIFY(m_last->key.isEmpty());

        // A new store (a new session) has nothing.
        write(store, instance, secret);
        CredentialStore next;
        read(next, instance);
        QVERIFY(!m_last->ok);
    }

    void fallbackCallbacksStopWithTheStore()
    {
        if (keychain_test::realKeychain())
            QSKIP("needs a world where the keychain cannot store");
        int calls = 0;
        {
            CredentialStore store;
            store.writeKey(uniqueInstance("gone"), "x", [&calls](bool, QString) { ++calls; });
            store.readKey(uniqueInstance("gone"), [&calls](bool, QString, QString) { ++calls; });
        }
        // QtKeychain runs jobs one after the other: once a later job has answered, the
        // abandoned ones have finished too, without calling back.
        CredentialStore sentinel;
        read(sentinel, uniqueInstance("sentinel"));
        QCOMPARE(calls, 0);
    }

    void emptyInstance()
    {
        CredentialStore store;
        read(store, "  ");
        QVERIFY(!m_last->ok);
        QVERIFY(m_last->message.contains("No instance URL"));
        write(store, "", "k");
        QVERIFY(!m_last->ok);
        QVERIFY(m_last->message.contains("No instance URL"));
    }

    // --- a real keychain ------------------------------------------------------------------

    void keychainRoundTrip()
    {
        if (!keychain_test::realKeychain())
            QSKIP("needs a Secret Service: run through run-with-keyring.sh (ctest: tst_credentialstore_keychain)");
        const QString instance = uniqueInstance("keychain");
        const QString secret = QStringLiteral("keychain-secret-") + QUuid::createUuid().toString(QUuid::Id128);
        CredentialStore store;
        QSignalSpy changed(&store, &CredentialStore::sessionOnlyChanged);

        read(store, instance);
        QVERIFY(!m_last->ok);
        QCOMPARE(m_last->message, QStringLiteral("No API key is saved for %1.").arg(instance));
        QVERIFY(!store.isSessionOnly());

        write(store, instance, secret);
        QVERIFY2(m_last->ok, qPrintable(m_last->message));
        QCOMPARE(m_last->message, QStringLiteral("The API key is saved in the keychain."));
        QVERIFY(!store.isSessionOnly());

        // A fresh store (nothing in memory) finds it: it is in the keychain.
        {
            CredentialStore fresh;
            read(fresh, instance);
            QVERIFY2(m_last->ok, qPrintable(m_last->message));
            QCOMPARE(m_last->key, secret);
            read(fresh, instance.mid(int(qstrlen("https://")))); // bare host, same entry
            QVERIFY(m_last->ok);
            QCOMPARE(m_last->key, secret);
        }
        QVERIFY(!appearsInPlainText(secret));

        write(store, instance, secret + QLatin1String("-2"));
        QVERIFY(m_last->ok);
        read(store, instance);
        QCOMPARE(m_last->key, secret + QLatin1String("-2"));

        remove(store, instance);
        QVERIFY(m_last->ok);
        {
            CredentialStore fresh;
            read(fresh, instance);
            QVERIFY(!m_last->ok);
            QVERIFY(m_last->key.isEmpty());
        }
        // Deleting what is not there is fine.
        remove(store, instance);
        QVERIFY(m_last->ok);
        QVERIFY(!store.isSessionOnly());
        QCOMPARE(changed.size(), 0);
    }
};

MESOLIVE_KEYCHAIN_TEST_MAIN(TestCredentialStore)

#include "tst_credentialstore.moc"
