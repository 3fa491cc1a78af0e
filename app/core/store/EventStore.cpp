#include "EventStore.h"

#include "StoreFileName.h"
#include "StoreWriter.h"
#include "TextIndexBackfill.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>

#include <optional>

namespace store {

EventStore::EventStore(QObject *parent)
    : QObject(parent)
    , m_queueState(std::make_shared<StoreQueueState>())
    , m_writer(new StoreWriter(m_queueState))
    , m_textIndex(new TextIndexBackfill(this))
{
    m_thread.setObjectName(QStringLiteral("event-store"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &StoreWriter::committed, this, [this](qint64 cursor, qint64 coveredFrom, qint64 backfilledTo) {
        m_cursor = cursor;
        m_coveredFrom = coveredFrom;
        m_backfilledTo = backfilledTo;
        emit committed(cursor);
    });
    connect(m_writer, &StoreWriter::writeFailed, this, &EventStore::writeFailed);
    connect(m_writer, &StoreWriter::writeRecovered, this, &EventStore::writeRecovered);
    connect(m_textIndex, &TextIndexBackfill::progress, this, [this](double done) {
        m_textIndexProgress = done;
        emit textIndexProgressed(done);
    });
    m_thread.start();
}

EventStore::~EventStore()
{
    delete m_textIndex; // stops after its batch, before the writer closes
    QMetaObject::invokeMethod(m_writer, [writer = m_writer] { writer->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString EventStore::defaultPath(const QUrl &instance, const QString &apiKey)
{
    // One salt for the user's programs (the app and mesolive-events), in a settings file of
    // its own: the command-line tool has no organisation name for QSettings' default.
    QSettings settings(QStringLiteral("MesoLive"), QStringLiteral("store"));
    return StoreFileName::path(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)), instance, apiKey,
                               settings);
}

namespace {

constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

const char *const CompanionSuffixes[] = {"-wal", "-shm"};

// Creates the folder (0700) and an empty file (0600) before SQLite does (0644), and takes
// group and other access away from files an older version left readable.
bool prepareOwnerOnlyFiles(const QString &path, QString &error)
{
    const QFileInfo info(path);
    QDir directory = info.absoluteDir();
    if (!directory.exists()) {
        if (!directory.mkpath(QStringLiteral("."))) {
            error = QStringLiteral("cannot create the folder %1").arg(directory.path());
            return false;
        }
        QFile::setPermissions(directory.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnlyFile)) {
            error = file.errorString();
            return false;
        }
        return true;
    }
    for (const QString &file : {path, path + QLatin1String(CompanionSuffixes[0]), path + QLatin1String(CompanionSuffixes[1])}) {
        if (QFileInfo::exists(file) && QFile::permissions(file) != OwnerOnlyFile)
            QFile::setPermissions(file, OwnerOnlyFile);
    }
    return true;
}

// Moves the file and its companions aside; each rename is checked, as a half-moved store
// (a -wal left behind) would be replayed into the fresh one.
bool moveAside(const QString &path, const QString &aside, QString &error)
{
    QStringList suffixes{QString()};
    for (const char *suffix : CompanionSuffixes)
        suffixes.append(QLatin1String(suffix));
    for (const QString &suffix : std::as_const(suffixes)) {
        if (!QFileInfo::exists(path + suffix))
            continue;
        if (!QFile::rename(path + suffix, aside + suffix)) {
            error = QStringLiteral("cannot move %1 aside to %2").arg(path + suffix, aside + suffix);
            return false;
        }
    }
    return true;
}

// A -wal left by a run that did not close its store holds that run's last commits.
// SQLite deletes it when it closes its connection to a store it found damaged (the
// "checkpoint" of a WAL it cannot use succeeds trivially), before the store could be moved
// aside with it: so a copy is kept while the store is opened, and goes aside in its place.
class WalSafekeeping
{
public:
    explicit WalSafekeeping(const QString &path)
        : m_wal(path + QLatin1String(CompanionSuffixes[0]))
        , m_copy(m_wal + QStringLiteral(".opening"))
    {
        QFile::remove(m_copy);
        m_kept = QFileInfo::exists(m_wal) && QFile::copy(m_wal, m_copy);
    }
    ~WalSafekeeping() { QFile::remove(m_copy); }

    // After the store was moved aside: its -wal, unless it went along.
    bool restoreBeside(const QString &aside, QString &error)
    {
        const QString target = aside + QLatin1String(CompanionSuffixes[0]);
        if (!m_kept || QFileInfo::exists(target))
            return true;
        if (QFile::rename(m_copy, target))
            return true;
        error = QStringLiteral("cannot move %1 aside to %2").arg(m_wal, target);
        return false;
    }

private:
    QString m_wal;
    QString m_copy;
    bool m_kept = false;
};

QString describeHolder(QLockFile &lock)
{
    qint64 pid = 0;
    QString host;
    QString application;
    if (!lock.getLockInfo(&pid, &host, &application))
        return QStringLiteral("another process");
    return QStringLiteral("%1 (process %2%3)")
        .arg(application.isEmpty() ? QStringLiteral("another program") : application)
        .arg(pid)
        .arg(host.isEmpty() ? QString() : QStringLiteral(" on %1").arg(host));
}

} // namespace

bool EventStore::open(const QString &path, QString &error, Access access)
{
    m_path = path;
    m_heldElsewhere = false;
    m_readOnly = access == Access::ReadOnly;
    // An in-memory store (Demo mode) has no file to share or protect.
    const bool inMemory = path == QLatin1String(":memory:");
    if (!m_readOnly && !inMemory) {
        auto lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
        // Never stale by age: a monitor holds its store for days. A holder that died is
        // recognised by its process id, and its lock taken over.
        lock->setStaleLockTime(0);
        if (!prepareOwnerOnlyFiles(path, error))
            return false;
        if (!lock->tryLock(0)) {
            m_heldElsewhere = lock->error() == QLockFile::LockFailedError;
            error = m_heldElsewhere ? QStringLiteral("it is in use by %1").arg(describeHolder(*lock))
                                    : QStringLiteral("cannot create its lock file %1").arg(path + QStringLiteral(".lock"));
            return false;
        }
        m_lock = std::move(lock);
    }
    StoreWriter::OpenStatus status = StoreWriter::OpenStatus::Unusable;
    std::optional<qint64> cursor;
    std::optional<qint64> coveredFrom;
    const auto tryOpen = [&] {
        QMetaObject::invokeMethod(
            m_writer,
            [&] {
                status = m_writer->open(path, m_readOnly, error);
                cursor = m_writer->storedCursor();
                coveredFrom = m_writer->coveredFrom();
                m_backfilledTo = m_writer->backfilledTo();
                if (status != StoreWriter::OpenStatus::Opened)
                    m_writer->close();
            },
            Qt::BlockingQueuedConnection);
    };
    std::optional<WalSafekeeping> wal;
    if (!m_readOnly && !inMemory)
        wal.emplace(path);
    tryOpen();
    QFile marker(integrityFailedMarker(path));
    if (status == StoreWriter::OpenStatus::Opened && !m_readOnly && !inMemory && marker.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("the integrity check found: %1").arg(QString::fromUtf8(marker.readAll()).left(500));
        QMetaObject::invokeMethod(m_writer, [writer = m_writer] { writer->close(); }, Qt::BlockingQueuedConnection);
        status = StoreWriter::OpenStatus::Damaged;
    }
    if (status == StoreWriter::OpenStatus::Damaged && !m_readOnly && !inMemory) {
        // Keep the damaged file for whoever wants to rescue it; start afresh beside it.
        const QString aside =
            path + QStringLiteral(".damaged-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmss"));
        const QString reason = error;
        if (!moveAside(path, aside, error) || !wal->restoreBeside(aside, error) || !prepareOwnerOnlyFiles(path, error)) {
            error = QStringLiteral("it is damaged (%1) and %2").arg(reason, error);
            m_lock.reset();
            return false;
        }
        error.clear();
        marker.remove();
        tryOpen();
        if (status == StoreWriter::OpenStatus::Opened)
            m_openNotice = QStringLiteral("The event store was damaged (%1). It was moved to %2 and a new one was started; "
                                          "the history is read again from the server.")
                               .arg(reason, aside);
    }
    if (status == StoreWriter::OpenStatus::Busy) {
        m_heldElsewhere = true;
        error = QStringLiteral("another program holds it (%1); close that program and try again").arg(error);
    }
    if (status != StoreWriter::OpenStatus::Opened) {
        m_lock.reset();
        return false;
    }
    m_cursor = cursor;
    m_coveredFrom = coveredFrom;
    if (!m_readOnly && !inMemory)
        m_textIndexProgress = m_textIndex->start(path);
    return true;
}

void EventStore::setMaximumSize(qint64 bytes)
{
    QMetaObject::invokeMethod(
        m_writer, [writer = m_writer, bytes] { writer->setMaximumSize(bytes); }, Qt::BlockingQueuedConnection);
}

void EventStore::append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom)
{
    if (m_readOnly)
        return;
    m_queueState->queuedEvents += events.size();
    QMetaObject::invokeMethod(m_writer,
                              [writer = m_writer, events, cursor, coveredFrom] { writer->append(events, cursor, coveredFrom); });
}

void EventStore::appendBackfill(const QList<eventhub::Event> &events, qint64 backfilledTo)
{
    if (m_readOnly)
        return;
    m_queueState->queuedEvents += events.size();
    QMetaObject::invokeMethod(m_writer,
                              [writer = m_writer, events, backfilledTo] { writer->appendBackfill(events, backfilledTo); });
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

qsizetype EventStore::queuedEvents() const
{
    return m_queueState->queuedEvents;
}

void EventStore::waitUntilQueuedBelow(qsizetype limit)
{
    StoreQueueState &state = *m_queueState;
    std::unique_lock<std::mutex> lock(state.mutex);
    state.changed.wait(lock, [&] { return state.queuedEvents < limit || state.failing; });
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
            m_backfilledTo = m_writer->backfilledTo();
        },
        Qt::BlockingQueuedConnection);
    m_cursor = cursor;
    m_coveredFrom = coveredFrom;
    return ok;
}

} // namespace store
