#include "CredentialStore.h"

#include "eventhub/EventHubSettings.h"

#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QPointer>

#include <qt6keychain/keychain.h>

namespace ui {

Q_LOGGING_CATEGORY(lcCredentials, "mesolive.credentials")

namespace {

using QKeychain::Error;

// Errors that mean "there is no keychain we can use", as opposed to "nothing stored".
// libsecret without a session bus or without a Secret Service reports OtherError, which is
// why that one counts too.
bool keychainUnusable(Error error)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return true;
    default: return false;
    }
}

bool refusedByKeychain(Error error)
{
    return error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser;
}

// `noun` is what the entry holds: "API key", "proxy password".
QString readFailure(Error error, const QString &noun)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("Access to the keychain was denied; the saved %1 cannot be read.").arg(noun);
    case QKeychain::AccessDenied: return QStringLiteral("The keychain refused access; the saved %1 cannot be read.").arg(noun);
    default: return QStringLiteral("No keychain service is available; no saved %1 can be read.").arg(noun);
    }
}

QString sessionOnlyReasonFor(int error, const QString &noun)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("Access to the keychain was denied; the %1 is kept for this session only and not saved.").arg(noun);
    case QKeychain::AccessDenied:
        return QStringLiteral("The keychain refused access; the %1 is kept for this session only and not saved.").arg(noun);
    case QKeychain::CouldNotDeleteEntry:
        return QStringLiteral(
                   "The keychain could not replace the saved %1; the new %1 is kept for this session only and not saved.")
            .arg(noun);
    default:
        return QStringLiteral("No keychain service is available; the %1 is kept for this session only and not saved.").arg(noun);
    }
}

const QString ApiKeyNoun = QStringLiteral("API key");
const QString ProxyPasswordNoun = QStringLiteral("proxy password");

template<typename JobType>
JobType *newJob(const QString &entry)
{
    // Not parented to the store: a backend may still call back into a job after the store is
    // gone, so the job owns itself (autoDelete) and the store only listens.
    auto *job = new JobType(QString::fromLatin1(CredentialStore::ServiceName));
    job->setAutoDelete(true);
    // Never fall back to QSettings: that would write the key in plain text.
    job->setInsecureFallback(false);
    job->setKey(entry);
    return job;
}

} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent)
{}

CredentialStore::~CredentialStore()
{
    // Best effort: do not leave session keys behind in freed memory.
    for (QString &key : m_sessionKeys)
        key.fill(QChar(u'\0'));
}

QString CredentialStore::sessionOnlyMessage()
{
    return sessionOnlyReasonFor(QKeychain::NoBackendAvailable, ApiKeyNoun);
}

QString CredentialStore::entryName(const QString &instance)
{
    const QString normalized = eventhub::EventHubSettings::parseInstance(instance).toString();
    return normalized.isEmpty() ? instance.trimmed() : normalized;
}

QString CredentialStore::proxyEntryName(const QNetworkProxy &proxy)
{
    QUrl url;
    url.setScheme(proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http"));
    url.setHost(proxy.hostName().toLower());
    url.setPort(proxy.port());
    return QStringLiteral("proxy ") + url.toString();
}

template<typename Function>
void CredentialStore::later(Function &&function)
{
    QMetaObject::invokeMethod(this, std::forward<Function>(function), Qt::QueuedConnection);
}

void CredentialStore::becomeSessionOnly(int keychainError, const QString &detail)
{
    qCInfo(lcCredentials).noquote() << "keychain unusable (QtKeychain error" << keychainError << "):" << detail;
    if (m_sessionOnly)
        return;
    m_sessionOnly = true;
    m_sessionOnlyError = keychainError;
    m_sessionOnlyReason = sessionOnlyReasonFor(keychainError, ApiKeyNoun);
    emit sessionOnlyChanged(true, m_sessionOnlyReason);
}

void CredentialStore::readKey(const QString &instance, ReadCallback done)
{
    const QString entry = entryName(instance);
    if (entry.isEmpty()) {
        later([done] { done(false, QString(), QStringLiteral("No instance URL is set, so no API key can be looked up.")); });
        return;
    }
    readSecret({entry, ApiKeyNoun}, std::move(done));
}

void CredentialStore::writeKey(const QString &instance, const QString &key, WriteCallback done)
{
    const QString entry = entryName(instance);
    if (entry.isEmpty()) {
        later([done] { done(false, QStringLiteral("No instance URL is set, so the API key cannot be saved.")); });
        return;
    }
    writeSecret({entry, ApiKeyNoun}, key, std::move(done));
}

void CredentialStore::readProxyCredentials(const QNetworkProxy &proxy, ProxyReadCallback done)
{
    readSecret({proxyEntryName(proxy), ProxyPasswordNoun}, [done](bool ok, const QString &stored, const QString &error) {
        // "user:password", as Basic authentication joins them: a user name has no colon.
        const qsizetype colon = stored.indexOf(QLatin1Char(':'));
        if (!ok || colon <= 0) {
            done(false, QString(), QString(), ok ? QStringLiteral("The saved proxy credentials are not user:password.") : error);
            return;
        }
        done(true, stored.left(colon), stored.mid(colon + 1), QString());
    });
}

void CredentialStore::writeProxyCredentials(const QNetworkProxy &proxy, const QString &user, const QString &password,
                                            WriteCallback done)
{
    writeSecret({proxyEntryName(proxy), ProxyPasswordNoun}, user + QLatin1Char(':') + password, std::move(done));
}

void CredentialStore::readSecret(const Secret &secret, ReadCallback done)
{
    const QString entry = secret.entry;
    if (m_sessionOnly) {
        const auto it = m_sessionKeys.constFind(entry);
        if (it != m_sessionKeys.constEnd()) {
            const QString key = *it;
            later([done, key] { done(true, key, QString()); });
            return;
        }
    }
    auto *job = newJob<QKeychain::ReadPasswordJob>(entry);
    connect(job, &QKeychain::Job::finished, this, [this, done, secret](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        const Error error = read->error();
        if (error == QKeychain::NoError) {
            done(true, read->textData(), QString());
            return;
        }
        // A secret kept in memory while this read was under way still counts.
        const auto it = m_sessionKeys.constFind(secret.entry);
        if (it != m_sessionKeys.constEnd()) {
            done(true, *it, QString());
            return;
        }
        if (error == QKeychain::EntryNotFound) {
            done(false, QString(), QStringLiteral("No %1 is saved for %2.").arg(secret.noun, secret.entry));
            return;
        }
        if (keychainUnusable(error))
            becomeSessionOnly(error, read->errorString());
        else
            qCInfo(lcCredentials).noquote() << "reading the" << secret.noun << "failed:" << read->errorString();
        done(false, QString(), readFailure(error, secret.noun));
    });
    job->start();
}

void CredentialStore::writeSecret(const Secret &secret, const QString &value, WriteCallback done)
{
    const QString entry = secret.entry;
    if (m_sessionOnly) {
        m_sessionKeys.insert(entry, value);
        const QString message = sessionOnlyReasonFor(m_sessionOnlyError, secret.noun);
        later([done, message] { done(false, message); });
        return;
    }
    auto *job = newJob<QKeychain::WritePasswordJob>(entry);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, done, secret, value](QKeychain::Job *finished) {
        const Error error = finished->error();
        if (error == QKeychain::NoError) {
            // The keychain is the copy now; a stale session copy must not shadow it.
            m_sessionKeys.remove(secret.entry);
            done(true, QStringLiteral("The %1 is saved in the keychain.").arg(secret.noun));
            return;
        }
        // Whatever went wrong, the user's secret must keep working for this session.
        m_sessionKeys.insert(secret.entry, value);
        becomeSessionOnly(error, finished->errorString());
        done(false, sessionOnlyReasonFor(m_sessionOnlyError, secret.noun));
    });
    job->start();
}

void CredentialStore::deleteKey(const QString &instance, DeleteCallback done)
{
    const QString entry = entryName(instance);
    if (auto it = m_sessionKeys.find(entry); it != m_sessionKeys.end()) {
        it->fill(QChar(u'\0'));
        m_sessionKeys.erase(it);
    }
    if (entry.isEmpty()) {
        later([done] { done(true); });
        return;
    }
    auto *job = newJob<QKeychain::DeletePasswordJob>(entry);
    connect(job, &QKeychain::Job::finished, this, [this, done](QKeychain::Job *finished) {
        const Error error = finished->error();
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound) {
            done(true);
            return;
        }
        if (keychainUnusable(error) && !refusedByKeychain(error)) {
            // No service to hold the key: nothing of ours is left anywhere we can reach.
            becomeSessionOnly(error, finished->errorString());
            done(true);
            return;
        }
        qCWarning(lcCredentials).noquote() << "the keychain did not delete the API key:" << finished->errorString();
        done(false);
    });
    job->start();
}

} // namespace ui
