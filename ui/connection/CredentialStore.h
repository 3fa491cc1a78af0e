#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QNetworkProxy;

#include <functional>

namespace ui {

// Keeps the Event Hub API key in the operating system's keychain (Secret Service /
// gnome-keyring or KWallet on Linux, Keychain on macOS, Credential Manager on Windows)
// through QtKeychain: service "MesoLive Monitor", one entry per instance URL. A proxy's user
// name and password live there too, one entry per proxy ("proxy http://host:port"). No
// secret goes to QSettings or any other plain-text file; QtKeychain's insecure fallback is off.
//
// Where no keychain service answers (a bare desktop, CI, a locked keyring whose unlock
// prompt cannot be shown, access refused) the store switches to session-only: it says so
// (sessionOnlyMessage()), keeps written keys in memory for the life of this object and
// serves them back from readKey(). Once session-only it stays so: later writes do not try
// the keychain again (no repeated failures or unlock prompts); reads still try it for keys
// saved by an earlier session.
//
// Every call is asynchronous: `done` is called exactly once, later, on the thread that owns
// the store (the GUI thread), never from inside the call itself, and not at all once the
// store is destroyed.
class CredentialStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    static constexpr const char *ServiceName = "MesoLive Monitor";

    using ReadCallback = std::function<void(bool ok, QString key, QString error)>;
    using WriteCallback = std::function<void(bool persisted, QString message)>;
    using DeleteCallback = std::function<void(bool ok)>;
    using ProxyReadCallback = std::function<void(bool ok, QString user, QString password, QString error)>;

    explicit CredentialStore(QObject *parent = nullptr);
    ~CredentialStore() override;

    // ok: `key` is the stored key (from the keychain, or from memory when session-only).
    // Not ok: `key` is empty and `error` says why in one sentence — nothing saved for this
    // instance ("No API key is saved for https://host."), or the keychain failed.
    void readKey(const QString &instance, ReadCallback done);
    // persisted: the keychain holds the key now. Not persisted: the key is kept in memory
    // for this session only and `message` says so (sessionOnlyMessage() when no keychain
    // service is available). `message` is readable either way.
    void writeKey(const QString &instance, const QString &key, WriteCallback done);
    // Removes the key from memory and the keychain. ok also when nothing was stored and when
    // no keychain service is reachable (nothing can be stored there); not ok when the keychain
    // refused the deletion.
    void deleteKey(const QString &instance, DeleteCallback done);

    // The same for a proxy's credentials (what it was saved under: proxyEntryName), with the
    // same guarantees; messages name "the proxy password" instead of the API key.
    void readProxyCredentials(const QNetworkProxy &proxy, ProxyReadCallback done);
    void writeProxyCredentials(const QNetworkProxy &proxy, const QString &user, const QString &password, WriteCallback done);

    // True once a keychain operation found no usable keychain service.
    bool isSessionOnly() const { return m_sessionOnly; }
    // The readable reason while session-only (empty otherwise).
    QString sessionOnlyReason() const { return m_sessionOnlyReason; }

    // "No keychain service is available; the API key is kept for this session only and not saved."
    static QString sessionOnlyMessage();
    // The keychain entry name for an instance: the normalized instance URL
    // ("example.com" and "https://example.com/" both give "https://example.com"), or the
    // trimmed text when it is not a valid instance URL.
    static QString entryName(const QString &instance);
    // "proxy http://host:port" or "proxy socks5://host:port": one entry per proxy, whoever
    // signs in to it (the user name is stored with the password).
    static QString proxyEntryName(const QNetworkProxy &proxy);

signals:
    // Emitted once, when the store becomes session-only; `message` as sessionOnlyReason().
    void sessionOnlyChanged(bool sessionOnly, const QString &message);

private:
    // A keychain entry and, for messages, what it holds ("API key", "proxy password").
    struct Secret
    {
        QString entry;
        QString noun;
    };

    void readSecret(const Secret &secret, ReadCallback done);
    void writeSecret(const Secret &secret, const QString &value, WriteCallback done);
    void becomeSessionOnly(int keychainError, const QString &detail);
    template<typename Function>
    void later(Function &&function);

    bool m_sessionOnly = false;
    int m_sessionOnlyError = 0;
    QString m_sessionOnlyReason;
    // Session-only secrets by entry name. Cleared (and overwritten) on destruction.
    QHash<QString, QString> m_sessionKeys;
};

} // namespace ui
