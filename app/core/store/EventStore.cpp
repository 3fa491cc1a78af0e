#include "EventStore.h"

#include "StoreFileName.h"
#include "StoreWriter.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>

namespace store {

EventStore::EventStore(QObject *parent)
    : QObject(parent)
    , m_writer(new StoreWriter)
{
    m_thread.setObjectName(QStringLiteral("event-store"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &StoreWriter::committed, this, [this](qint64 cursor, qint64 coveredFrom) {
        m_cursor = cursor;
        m_coveredFrom = coveredFrom;
        emit committed(cursor);
    });
    connect(m_writer, &StoreWriter::writeFailed, this, &EventStore::writeFailed);
    connect(m_writer, &StoreWriter::writeRecovered, this, &EventStore::writeRecovered);
    m_thread.start();
}

EventStore::~EventStore()
{
    QMetaObject::invokeMethod(m_writer, [writer = m_writer] { writer->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString EventStore::defaultPath(const QUrl &instance, const QString &apiKey)
{
    // One salt for the user's programs (the app and mesolive-events), in a settings file of
    // its own: the command-line tool has no organisation name for QSettings' default.
    QSettings settings(QStringLiteral("MesoLive"), QStringLiteral("store"));
    return StoreFileName::path(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)), instance,
                               apiKey, settings);
}

bool EventStore::open(const QString &path, QString &error)
{
    m_path = path;
    QDir().mkpath(QFileInfo(path).absolutePath());
    bool opened = false;
    std::optional<qint64> cursor;
    std::optional<qint64> coveredFrom;
    const auto tryOpen = [&] {
        QMetaObject::invokeMethod(
            m_writer,
            [&] {
                opened = m_writer->open(path, error);
                cursor = m_writer->storedCursor();
                coveredFrom = m_writer->coveredFrom();
                if (!opened)
                    m_writer->close();
            },
            Qt::BlockingQueuedConnection);
    };
    tryOpen();
    if (!opened && QFileInfo::exists(path)) {
        // Keep the damaged file for whoever wants to rescue it; start afresh beside it.
        const QString aside = path + QStringLiteral(".damaged-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
        const QString reason = error;
        QFile::rename(path, aside);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        error.clear();
        tryOpen();
        if (opened)
            m_openNotice = QStringLiteral("The event store was damaged (%1). It was moved to %2 and a new one was started; "
                                          "the history is read again from the server.")
                               .arg(reason, aside);
    }
    if (!opened)
        return false;
    m_cursor = cursor;
    m_coveredFrom = coveredFrom;
    return true;
}

void EventStore::setMaximumSize(qint64 bytes)
{
    QMetaObject::invokeMethod(m_writer, [writer = m_writer, bytes] { writer->setMaximumSize(bytes); },
                              Qt::BlockingQueuedConnection);
}

void EventStore::append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom)
{
    QMetaObject::invokeMethod(m_writer, [writer = m_writer, events, cursor, coveredFrom] {
        writer->append(events, cursor, coveredFrom);
    });
}

void EventStore::readAfter(qint64 afterSeqId, int limit, QObject *context,
                           std::function<void(const QList<eventhub::Event> &events)> callback)
{
    QPointer<QObject> guard(context);
    // The answer goes through this object, which outlives the writer; the context may not.
    QMetaObject::invokeMethod(m_writer, [this, afterSeqId, limit, guard, callback] {
        QString error;
        const QList<eventhub::Event> events = m_writer->readAfter(afterSeqId, limit, error);
        QMetaObject::invokeMethod(this, [guard, callback, events] {
            if (guard)
                callback(events);
        });
    });
}

bool EventStore::flush()
{
    bool ok = true;
    std::optional<qint64> cursor;
    std::optional<qint64> coveredFrom;
    QMetaObject::invokeMethod(
        m_writer,
        [&] {
            ok = m_writer->commitPending();
            cursor = m_writer->storedCursor();
            coveredFrom = m_writer->coveredFrom();
        },
        Qt::BlockingQueuedConnection);
    m_cursor = cursor;
    m_coveredFrom = coveredFrom;
    return ok;
}

} // namespace store
