#include "StoreIntegrityCheck.h"

#include "HistoryReaderThread.h"
#include "session/SettingKeys.h"
#include "store/EventStore.h"

#include <QDateTime>
#include <QFile>
#include <QSettings>

namespace ui {

namespace {

constexpr qint64 CheckIntervalMs = 24 * 3600 * 1000;

} // namespace

StoreIntegrityCheck::StoreIntegrityCheck(QObject *parent)
    : QObject(parent)
    , m_thread(new HistoryReaderThread(QStringLiteral("store-check"), this))
{}

void StoreIntegrityCheck::startIfDue(const QString &path)
{
    const qint64 last = settingKeys::LastIntegrityCheck.read(QSettings());
    if (QDateTime::currentMSecsSinceEpoch() - last >= CheckIntervalMs)
        start(path);
}

void StoreIntegrityCheck::start(const QString &path)
{
    if (m_running || path.isEmpty())
        return;
    m_running = true;
    m_thread->request<QString>(
        [path](store::HistoryReader &reader) {
            QString error;
            if (!reader.open(path, error))
                return error;
            const QString result = reader.checkIntegrity();
            reader.close();
            return result == QLatin1String("ok") ? QString() : result;
        },
        this,
        [this, path](const QString &problems) {
            m_running = false;
            if (!problems.isEmpty()) {
                QFile marker(store::EventStore::integrityFailedMarker(path));
                if (marker.open(QIODevice::WriteOnly))
                    marker.write(problems.toUtf8());
            }
            QSettings settings;
            settingKeys::LastIntegrityCheck.write(settings, QDateTime::currentMSecsSinceEpoch());
            emit finished(path, problems);
        });
}

} // namespace ui
