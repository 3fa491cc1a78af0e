#pragma once

// The keychain world a test runs in, chosen by MESOLIVE_KEYCHAIN_TEST:
//  - unset or "none": no keychain service (the session bus address points nowhere, set
//    before anything touches D-Bus), so CredentialStore must fall back to session-only memory;
//  - "nobus": the same with no session bus address at all (and no display to autolaunch one);
//  - "locked": a Secret Service that answers but cannot store (run-with-keyring.sh --locked:
//    gnome-keyring without a usable collection): reads find nothing, writes fail;
//  - "real": a real Secret Service, as set up by run-with-keyring.sh (a private D-Bus session
//    with a throw-away, unlocked gnome-keyring), so secrets must round-trip through it.

#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace keychain_test {

inline QString mode()
{
    const QString mode = qEnvironmentVariable("MESOLIVE_KEYCHAIN_TEST");
    return mode.isEmpty() ? QStringLiteral("none") : mode;
}

inline bool realKeychain()
{
    return mode() == QLatin1String("real");
}

// A keychain service answers (real or locked): the environment is left alone.
inline bool keychainService()
{
    return realKeychain() || mode() == QLatin1String("locked");
}

// Before QApplication: points D-Bus where mode() says. `emptyRuntimeDir` must outlive the test.
inline void prepare(const QTemporaryDir &emptyRuntimeDir)
{
    if (keychainService())
        return;
    // No keychain service, and no desktop hints that could pick another backend.
    qunsetenv("XDG_CURRENT_DESKTOP");
    qunsetenv("KDE_FULL_SESSION");
    qunsetenv("DESKTOP_SESSION");
    if (mode() == QLatin1String("nobus")) {
        // No address, no display to autolaunch a bus, no user bus socket to fall back on.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(emptyRuntimeDir.path()));
    } else {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mesolive-test-no-bus");
    }
}

// Whether any QSettings value or file under the (test-mode) config and data locations holds
// `secret`.
inline bool appearsInPlainText(const QString &secret)
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

} // namespace keychain_test

// main() for a test that runs in the world keychain_test::mode() names.
#define MESOLIVE_KEYCHAIN_TEST_MAIN(TestClass)                                                                                   \
    int main(int argc, char **argv)                                                                                              \
    {                                                                                                                            \
        QTemporaryDir emptyRuntimeDir;                                                                                           \
        keychain_test::prepare(emptyRuntimeDir);                                                                                 \
        QApplication app(argc, argv);                                                                                            \
        TestClass test;                                                                                                          \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                               \
        return QTest::qExec(&test, argc, argv);                                                                                  \
    }
