#include "StoreFileName.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSettings>
#include <QUrl>

#include <array>

namespace store::StoreFileName {

namespace {

const QString SaltKey = QStringLiteral("store/fileNameSalt");
constexpr int SaltBytes = 32;

QByteArray identity(const QUrl &instance, const QString &apiKey)
{
    return instance.toString(QUrl::StripTrailingSlash).toUtf8() + '\n' + apiKey.toUtf8();
}

// SQLite keeps a store's uncommitted state beside it; it moves with the store.
const std::array<QLatin1String, 3> SidecarSuffixes{QLatin1String("-wal"), QLatin1String("-shm"), QLatin1String("-journal")};

} // namespace

QByteArray installationSalt(QSettings &settings)
{
    QByteArray salt = QByteArray::fromHex(settings.value(SaltKey).toByteArray());
    if (salt.size() == SaltBytes)
        return salt;
    salt.resize(SaltBytes);
    QRandomGenerator::system()->generate(salt.begin(), salt.end());
    settings.setValue(SaltKey, salt.toHex());
    settings.sync();
    // Two programs starting at once may both have written one: whichever is kept wins for both.
    return QByteArray::fromHex(settings.value(SaltKey).toByteArray());
}

QString keyedName(const QUrl &instance, const QString &apiKey, const QByteArray &salt)
{
    const QByteArray mac = QMessageAuthenticationCode::hash(identity(instance, apiKey), salt, QCryptographicHash::Sha256);
    return QStringLiteral("events-%1.sqlite").arg(QString::fromLatin1(mac.toHex().left(32)));
}

QString legacyName(const QUrl &instance, const QString &apiKey)
{
    const QByteArray hash = QCryptographicHash::hash(identity(instance, apiKey), QCryptographicHash::Sha256);
    return QStringLiteral("events-%1.sqlite").arg(QString::fromLatin1(hash.toHex().left(16)));
}

QString path(const QDir &directory, const QUrl &instance, const QString &apiKey, QSettings &settings)
{
    const QString current = directory.filePath(keyedName(instance, apiKey, installationSalt(settings)));
    const QString legacy = directory.filePath(legacyName(instance, apiKey));
    if (QFile::exists(current) || !QFile::exists(legacy))
        return current;
    // A store that cannot be renamed is used where it is rather than starting afresh.
    if (!QFile::rename(legacy, current))
        return legacy;
    for (const QLatin1String suffix : SidecarSuffixes) {
        if (QFile::exists(legacy + suffix))
            QFile::rename(legacy + suffix, current + suffix);
    }
    return current;
}

} // namespace store::StoreFileName
