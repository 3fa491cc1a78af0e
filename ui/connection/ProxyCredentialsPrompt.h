#pragma once

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <functional>

class QAuthenticator;
class QNetworkProxy;

namespace ui {

class CredentialStore;

// Answers a proxy that wants credentials during a session (the hook
// signalr::HubConnectionOptions::proxyCredentials): first with what the keychain remembers
// for that proxy, once per session; otherwise, or when the proxy refused those, by asking the
// user (ProxyCredentialsDialog, modal) and, if they say so, remembering the answer in the
// keychain. Cancel leaves the authenticator empty, so the connection ends with the proxy's
// 407 (never retried), and says so through canceled(); the same proxy is not asked about again
// in this session.
class ProxyCredentialsPrompt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyCredentialsPrompt)

public:
    // The keychain read waits at most this long before the user is asked instead.
    static constexpr int KeychainWaitMs = 10000;

    ProxyCredentialsPrompt(CredentialStore &store, QWidget *dialogParent);

    // For MonitorSession::Options::askProxyCredentials.
    std::function<void(const QNetworkProxy &, QAuthenticator *)> hook();
    void answer(const QNetworkProxy &proxy, QAuthenticator *authenticator);
    // A new session: the keychain's answers may be tried again.
    void newSession();

signals:
    // The user would not sign in; `message` says the connection stops and how to retry.
    void canceled(const QString &message);
    // The credentials could not be saved in the keychain (`message` says why).
    void notRemembered(const QString &message);

private:
    struct Saved
    {
        bool found = false;
        QString user;
        QString password;
    };
    Saved readSaved(const QNetworkProxy &proxy);

    CredentialStore &m_store;
    QPointer<QWidget> m_dialogParent;
    // Proxies (CredentialStore::proxyEntryName) whose keychain entry this session tried,
    // those given the keychain's credentials, those the user was asked for and those the user
    // would not sign in to.
    QSet<QString> m_keychainTried;
    QSet<QString> m_keychainUsed;
    QSet<QString> m_asked;
    QSet<QString> m_canceled;
};

} // namespace ui
