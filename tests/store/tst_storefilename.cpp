// The store file's name: a keyed hash with this installation's salt, and the rename of a
// store named the old way (a plain hash of instance and key).
#include "store/StoreFileName.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace StoreFileName = store::StoreFileName;

namespace {

const QUrl Instance(QStringLiteral("https://a.example"));
const QString Key = QStringLiteral("key-1");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestStoreFileName : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void theSaltIsRandomAndKept()
    {
        QSettings first(m_dir.filePath(QStringLiteral("first.ini")), QSettings::IniFormat);
        const QByteArray salt = StoreFileName::installationSalt(first);
        QCOMPARE(salt.size(), 32);
        QCOMPARE(StoreFileName::installationSalt(first), salt);
        QSettings again(m_dir.filePath(QStringLiteral("first.ini")), QSettings::IniFormat);
        QCOMPARE(StoreFileName::installationSalt(again), salt);
        QSettings other(m_dir.filePath(QStringLiteral("other.ini")), QSettings::IniFormat);
        QVERIFY(StoreFileName::installationSalt(other) != salt);
    }

    void theNameIsAKeyedHashOfInstanceAndKey()
    {
        const QByteArray salt(32, 's');
        const QString name = StoreFileName::keyedName(Instance, Key, salt);
        QCOMPARE(name, StoreFileName::keyedName(Instance, Key, salt));
        QVERIFY(name != StoreFileName::keyedName(Instance, QStringLiteral("key-2"), salt));
        QVERIFY(name != StoreFileName::keyedName(QUrl(QStringLiteral("https://b.example")), Key, salt));
        // Without this installation's salt, a guessed key does not give the name.
        QVERIFY(name != StoreFileName::keyedName(Instance, Key, QByteArray(32, 't')));
        const QByteArray plain =
            QCryptographicHash::hash(Instance.toString().toUtf8() + '\n' + Key.toUtf8(), QCryptographicHash::Sha256).toHex();
        QVERIFY(!name.contains(QString::fromLatin1(plain.left(16))));
        QVERIFY(!name.contains(Key));
        QVERIFY(name.startsWith(QLatin1String("events-")) && name.endsWith(QLatin1String(".sqlite")));
    }

    void aStoreNamedTheOldWayIsRenamedWithItsJournal()
    {
        QTemporaryDir directory;
        QSettings settings(directory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        const QString legacy = directory.filePath(StoreFileName::legacyName(Instance, Key));
        QVERIFY(writeFile(legacy, "the store"));
        QVERIFY(writeFile(legacy + QStringLiteral("-wal"), "its journal"));

        const QString path = StoreFileName::path(QDir(directory.path()), Instance, Key, settings);
        QCOMPARE(QFileInfo(path).fileName(), StoreFileName::keyedName(Instance, Key, StoreFileName::installationSalt(settings)));
        QCOMPARE(readFile(path), QByteArray("the store"));
        QCOMPARE(readFile(path + QStringLiteral("-wal")), QByteArray("its journal"));
        QVERIFY(!QFile::exists(legacy));
        QVERIFY(!QFile::exists(legacy + QStringLiteral("-wal")));
    }

    void aStoreUnderTheNewNameIsKeptAndTheOldOneLeftAlone()
    {
        QTemporaryDir directory;
        QSettings settings(directory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        const QString current = StoreFileName::path(QDir(directory.path()), Instance, Key, settings);
        QVERIFY(writeFile(current, "new"));
        const QString legacy = directory.filePath(StoreFileName::legacyName(Instance, Key));
        QVERIFY(writeFile(legacy, "old"));
        QCOMPARE(StoreFileName::path(QDir(directory.path()), Instance, Key, settings), current);
        QCOMPARE(readFile(current), QByteArray("new"));
        QCOMPARE(readFile(legacy), QByteArray("old"));
    }
};

QTEST_GUILESS_MAIN(TestStoreFileName)
#include "tst_storefilename.moc"
