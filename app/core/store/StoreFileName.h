#pragma once

#include <QByteArray>
#include <QString>

class QDir;
class QSettings;
class QUrl;

namespace store {

// The name of an account's store file. The user is known only by the API key, so the name
// is derived from instance and key: as a keyed hash (HMAC-SHA256) with a random salt of
// this installation, not a plain hash, so that a store file copied off the machine (or its
// name in a backup listing) cannot be used to test guessed keys offline.
namespace StoreFileName {

// The store's path in `directory`, with the salt from (or first put into) `settings`. A store
// under the plain-hash name of earlier versions is renamed to it, so that it keeps its
// history and cursor.
QString path(const QDir &directory, const QUrl &instance, const QString &apiKey, QSettings &settings);

// The parts, for the tests.
QByteArray installationSalt(QSettings &settings);
QString keyedName(const QUrl &instance, const QString &apiKey, const QByteArray &salt);
QString legacyName(const QUrl &instance, const QString &apiKey);

} // namespace StoreFileName

} // namespace store
