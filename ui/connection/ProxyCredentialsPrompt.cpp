#include "ProxyCredentialsPrompt.h"

#include "CredentialStore.h"
#include "ProxyCredentialsDialog.h"

#include "signalr/ProxySettings.h"

#include <QAuthenticator>
#include <QEventLoop>
#include <QNetworkProxy>
#include <QTimer>

namespace ui {

ProxyCredentialsPrompt::ProxyCredentialsPrompt(CredentialStore &store, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_store(store)
    , m_dialogParent(dialogParent)
{}

std::function<void(const QNetworkProxy &, QAuthenticator *)> ProxyCredentialsPrompt::hook()
{
    QPointer<ProxyCredentialsPrompt> self(this);
    return [self](const QNetworkProxy &proxy, QAuthenticator *authenticator) {
        if (self)
            self->answer(proxy, authenticator);
    };
}

void ProxyCredentialsPrompt::newSession()
{
    m_keychainTried.clear();
    m_keychainUsed.clear();
    m_asked.clear();
    m_canceled.clear();
}

ProxyCredentialsPrompt::Saved ProxyCredentialsPrompt::readSaved(const QNetworkProxy &proxy)
{
    // The hook must answer before it returns, and the keychain answers asynchronously: wait
    // for it here, as the dialog would (the network waits for the answer meanwhile). Shared:
    // an answer after the wait gave up must find it still there.
    struct Read
    {
        Saved saved;
        bool answered = false;
        QEventLoop loop;
    };
    auto read = std::make_shared<Read>();
    m_store.readProxyCredentials(proxy, [read](bool ok, const QString &user, const QString &password, const QString &) {
        read->saved = {ok, user, password};
        read->answered = true;
        read->loop.quit();
    });
    if (!read->answered) {
        QTimer::singleShot(KeychainWaitMs, &read->loop, &QEventLoop::quit);
        read->loop.exec();
    }
    return read->saved;
}

void ProxyCredentialsPrompt::answer(const QNetworkProxy &proxy, QAuthenticator *authenticator)
{
    const QString entry = CredentialStore::proxyEntryName(proxy);
    // The user said no for this session. A retry can still ask (a negotiate that timed out
    // while the dialog was open is retried): it gets the same answer without a dialog.
    if (m_canceled.contains(entry))
        return;
    if (!m_keychainTried.contains(entry)) {
        m_keychainTried.insert(entry);
        const Saved saved = readSaved(proxy);
        if (saved.found) {
            m_keychainUsed.insert(entry);
            authenticator->setUser(saved.user);
            authenticator->setPassword(saved.password);
            return;
        }
    }
    // Asked again for a proxy that was given credentials this session: it refused them.
    const bool refusedBefore = m_asked.contains(entry) || m_keychainUsed.contains(entry);
    m_asked.insert(entry);
    const QString lastUser = authenticator->user().isEmpty() ? proxy.user() : authenticator->user();
    ProxyCredentialsDialog dialog(proxy, lastUser, refusedBefore, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted) {
        m_canceled.insert(entry);
        emit canceled(tr("Not connected: signing in to the proxy %1 was canceled. File → Connect to MesoLive… tries again.")
                          .arg(signalr::proxyAddress(proxy)));
        return;
    }
    authenticator->setUser(dialog.user());
    authenticator->setPassword(dialog.password());
    if (dialog.remember()) {
        QPointer<ProxyCredentialsPrompt> self(this);
        m_store.writeProxyCredentials(proxy, dialog.user(), dialog.password(), [self](bool persisted, const QString &message) {
            if (self && !persisted)
                emit self->notRemembered(message);
        });
    }
}

} // namespace ui
