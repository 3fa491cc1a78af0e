// The API key store, in one of the worlds chosen by MESOLIVE_KEYCHAIN_TEST:
//  - unset or "none": no keychain service (the session bus address points nowhere, set here
//    before anything touches D-Bus), so the store must fall back to session-only memory;
//  - "nobus": the same with no session bus address at all (and no display to autolaunch one);
//  - "locked": a Secret Service that answers but cannot store (run-with-keyring.sh --locked:
//    gnome-keyring without a usable collection): reads find nothing, writes fail, so the
//    store must fall back to session-only memory on the first write;
//  - "real": a real Secret Service, as set up by run-with-keyring.sh (a private D-Bus session
//    with a throw-away, unlocked gnome-keyring), so keys must round-trip through it.

#include "CredentialStore.h"

#include <QApplication>
#include <QDirIterator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

namespace {

QString keychainMode()
{
    const QString mode = qEnvironmentVariable("MESOLIVE_KEYCHAIN_TEST");
    return mode.isEmpty() ? QStringLiteral("none") : mode;
}

bool realKeychainMode()
{
    return keychainMode() == QLatin1String("real");
}

// A keychain service answers (real or locked): the environment is left alone.
bool keychainServiceMode()
{
    return realKeychainMode() || keychainMode() == QLatin1String("locked");
}

struct Outcome
{
    int calls = 0;
    bool ok = false;
    QString key;
    QString message;
};

// Each helper checks that the callback does not run from within the call, then waits for it.
#define WAIT_FOR_CALLBACK(outcome)                                                     \
    do {                                                                               \
        QCOMPARE((outcome)->calls, 0);                                                 \
        QVERIFY(QTest::qWaitFor([&] { return (outcome)->calls > 0; }, 20000));         \
        QTest::qWait(0);                                                               \
        QCOMPARE((outcome)->calls, 1);                                                 \
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

    // No QSettings value and no file under the (test-mode) config locations holds `secret`.
    static bool appearsInPlainText(const QString &secret)
    {
        QSettings settings;
        for (const QString &key : settings.allKeys()) {
            if (settings.value(key).toString().contains(secret))
                return true;
        }
        for (const auto location : {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation,
                                    QStandardPaths::AppDataLocation, QStandardPaths::GenericDataLocation}) {
            QDirIterator it(QStandardPaths::writableLocation(location), QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8()))
                    return true;
            }
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_credentialstore"));
        qInfo("keychain mode: %s", qPrintable(keychainMode()));
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

    // --- no keychain service -------------------------------------------------------------

    void fallbackReadBeforeAnyWrite()
    {
        if (keychainServiceMode())
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
        if (realKeychainMode())
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
        if (realKeychainMode())
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
        if (!realKeychainMode())
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

int main(int argc, char **argv)
{
    QTemporaryDir emptyRuntimeDir;
    if (!keychainServiceMode()) {
        // No keychain service, and no desktop hints that could pick another backend.
        qunsetenv("XDG_CURRENT_DESKTOP");
        qunsetenv("KDE_FULL_SESSION");
        qunsetenv("DESKTOP_SESSION");
        if (qEnvironmentVariable("MESOLIVE_KEYCHAIN_TEST") == QLatin1String("nobus")) {
            // No address, no display to autolaunch a bus, no user bus socket to fall back on.
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
            qunsetenv("DISPLAY");
            qunsetenv("WAYLAND_DISPLAY");
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(emptyRuntimeDir.path()));
        } else {
            qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mesolive-test-no-bus");
        }
    }
    QApplication app(argc, argv);
    TestCredentialStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_credentialstore.moc"
