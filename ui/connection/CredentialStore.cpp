#include "CredentialStore.h"

#include "eventhub/EventHubSettings.h"

#include <QLoggingCategory>
#include <QPointer>

#include <qt6keychain/keychain.h>

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
    case QKeychain::AccessDeniedByUser:
        return true;
    default:
        return false;
    }
}

bool refusedByKeychain(Error error)
{
    return error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser;
}

QString readFailure(Error error)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("Access to the keychain was denied; the saved API key cannot be read.");
    case QKeychain::AccessDenied:
        return QStringLiteral("The keychain refused access; the saved API key cannot be read.");
    default:
        return QStringLiteral("No keychain service is available; no saved API key can be read.");
    }
}

QString sessionOnlyReasonFor(Error error)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("Access to the keychain was denied; the API key is kept for this session only and not saved.");
    case QKeychain::AccessDenied:
        return QStringLiteral("The keychain refused access; the API key is kept for this session only and not saved.");
    case QKeychain::CouldNotDeleteEntry:
        return QStringLiteral("The keychain could not replace the saved API key; the new key is kept for this session only and not saved.");
    default:
        return CredentialStore::sessionOnlyMessage();
    }
}

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
{
}

CredentialStore::~CredentialStore()
{
    // Best effort: do not leave session keys behind in freed memory.
    for (QString &key : m_sessionKeys)
        key.fill(QChar(u'\0'));
}

QString CredentialStore::sessionOnlyMessage()
{
    return QStringLiteral("No keychain service is available; the API key is kept for this session only and not saved.");
}

QString CredentialStore::entryName(const QString &instance)
{
    const QString normalized = eventhub::EventHubSettings::parseInstance(instance).toString();
    return normalized.isEmpty() ? instance.trimmed() : normalized;
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
    m_sessionOnlyReason = sessionOnlyReasonFor(Error(keychainError));
    emit sessionOnlyChanged(true, m_sessionOnlyReason);
}

void CredentialStore::readKey(const QString &instance, ReadCallback done)
{
    const QString entry = entryName(instance);
    if (entry.isEmpty()) {
        later([done] { done(false, QString(), QStringLiteral("No instance URL is set, so no API key can be looked up.")); });
        return;
    }
    if (m_sessionOnly) {
        const auto it = m_sessionKeys.constFind(entry);
        if (it != m_sessionKeys.constEnd()) {
            const QString key = *it;
            later([done, key] { done(true, key, QString()); });
            return;
        }
    }
    auto *job = newJob<QKeychain::ReadPasswordJob>(entry);
    connect(job, &QKeychain::Job::finished, this, [this, done, entry](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        const Error error = read->error();
        if (error == QKeychain::NoError) {
            done(true, read->textData(), QString());
            return;
        }
        // A key kept in memory while this read was under way still counts.
        const auto it = m_sessionKeys.constFind(entry);
        if (it != m_sessionKeys.constEnd()) {
            done(true, *it, QString());
            return;
        }
        if (error == QKeychain::EntryNotFound) {
            done(false, QString(), QStringLiteral("No API key is saved for %1.").arg(entry));
            return;
        }
        if (keychainUnusable(error))
            becomeSessionOnly(error, read->errorString());
        else
            qCInfo(lcCredentials).noquote() << "reading the API key failed:" << read->errorString();
        done(false, QString(), readFailure(error));
    });
    job->start();
}

void CredentialStore::writeKey(const QString &instance, const QString &key, WriteCallback done)
{
    const QString entry = entryName(instance);
    if (entry.isEmpty()) {
        later([done] { done(false, QStringLiteral("No instance URL is set, so the API key cannot be saved.")); });
        return;
    }
    if (m_sessionOnly) {
        m_sessionKeys.insert(entry, key);
        const QString message = m_sessionOnlyReason;
        later([done, message] { done(false, message); });
        return;
    }
    auto *job = newJob<QKeychain::WritePasswordJob>(entry);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, done, entry, key](QKeychain::Job *finished) {
        const Error error = finished->error();
        if (error == QKeychain::NoError) {
            // The keychain is the copy now; a stale session copy must not shadow it.
            m_sessionKeys.remove(entry);
            done(true, QStringLiteral("The API key is saved in the keychain."));
            return;
        }
        // Whatever went wrong, the user's key must keep working for this session.
        m_sessionKeys.insert(entry, key);
        becomeSessionOnly(error, finished->errorString());
        done(false, m_sessionOnlyReason);
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
