#pragma once

#include "eventhub/Event.h"

#include <QLockFile>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace store {

class StoreWriter;
class TextIndexBackfill;
struct StoreQueueState;

// The local event store: every event received, live or from history, upserted by EventId
// into SQLite (WAL) with its EventSeqId, kind, time, strategy and raw payload, and the
// cursor (the EventSeqId up to which everything is stored) saved in the same transaction.
// All disk work happens on the store's own thread; nothing here blocks the caller's.
class EventStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStore)

public:
    explicit EventStore(QObject *parent = nullptr);
    // Writes what is pending, then stops the store's thread.
    ~EventStore() override;

    // The per-instance, per-user file in the application data location, named by a keyed
    // hash of instance and key (StoreFileName.h), never the key.
    static QString defaultPath(const QUrl &instance, const QString &apiKey);

    enum class Access { ReadWrite, ReadOnly };
    // Opens the file (waiting for the store's thread). One process writes a store: a lock
    // file beside it (`<file>.lock`) says which; a store held by another process or program
    // fails with heldElsewhere() true, and can still be opened ReadOnly to browse it. A
    // damaged file (SQLite says corrupt or not a database) is moved aside with its -wal and
    // -shm, not deleted, and a fresh store started: openNotice() then says so. Any other
    // failure leaves the files alone. Returns false with `error` set when the store cannot
    // be used. The store's files are the user's alone (0600, a folder it creates 0700).
    bool open(const QString &path, QString &error, Access access = Access::ReadWrite);
    bool heldElsewhere() const { return m_heldElsewhere; }
    // A full integrity check that found damage while the store was in use leaves this
    // file beside it (holding what was wrong): the next read-write open moves the store
    // aside, as one SQLite calls corrupt.
    static QString integrityFailedMarker(const QString &path) { return path + QStringLiteral(".integrity-failed"); }
    bool isReadOnly() const { return m_readOnly; }
    QString openNotice() const { return m_openNotice; }
    QString path() const { return m_path; }

    // The cursor committed so far (nothing for an empty store).
    std::optional<qint64> cursor() const { return m_cursor; }
    // Whether the store holds `seqId`'s place in the history: after the point the first
    // session started from and up to the cursor (older events the hub pushed as active
    // state may be stored too, but the history around them was never fetched).
    bool covers(qint64 seqId) const { return m_coveredFrom && m_cursor && *m_coveredFrom < seqId && seqId <= *m_cursor; }

    // Caps the file's size; reaching it is a full disk: writes fail, the events wait in
    // memory and are retried. 0 = no cap. Also how the tests make a disk full.
    void setMaximumSize(qint64 bytes);

    // Queues events and the cursor they complete; committed within about 100 ms. Nothing
    // on a read-only store.
    // `coveredFrom` is where the feed started (exclusive); the first one is kept.
    void append(const QList<eventhub::Event> &events, qint64 cursor, std::optional<qint64> coveredFrom = std::nullopt);
    // Queues older events fetched to fill the history backward (HistoryBackfill): the
    // cursor stays; `backfilledTo` (the EventSeqId up to which the history from the start
    // is stored) is saved with them, for a backfill to resume from after a restart.
    void appendBackfill(const QList<eventhub::Event> &events, qint64 backfilledTo);
    qint64 backfilledTo() const { return m_backfilledTo; }
    // Where the unbroken history this session's feed stores starts (exclusive).
    std::optional<qint64> coveredFrom() const { return m_coveredFrom; }
    // Up to `limit` stored events after `afterSeqId`, in EventSeqId order, delivered to
    // `callback` on the caller's thread (not called once `context` is gone).
    void readAfter(qint64 afterSeqId, int limit, QObject *context,
                   std::function<void(const QList<eventhub::Event> &events)> callback);
    // Events queued and not committed yet. A consumer that can go faster than the disk
    // (dump --store in a flood) waits for the queue to shrink, and so stops reading the
    // socket meanwhile: the hub is slowed by TCP instead of memory growing.
    qsizetype queuedEvents() const;
    // Blocks until fewer than `limit` events are queued. Not while writes fail (a full
    // disk): the events then wait in memory, as they always did, and are retried.
    void waitUntilQueuedBelow(qsizetype limit);
    // The queue a consumer lets build up before it waits: about 10 MB of events, and a
    // wait of one commit (up to 10,000 events) at a time once it is reached.
    static constexpr qsizetype BackpressureQueuedEvents = 20000;
    // Waits until everything queued so far is committed (or has failed); for shutdown and
    // tests. Returns false when the last write failed.
    bool flush();

    // How much of the full-text index is built (0 to 1): below 1 after a migration from an
    // older layout, while the stored events' words are indexed in the background
    // (TextIndexBackfill.h); a text search meanwhile finds only the events indexed so far.
    double textIndexProgress() const { return m_textIndexProgress; }

signals:
    void committed(qint64 cursor);
    // The full-text index's backfill went on (textIndexProgress), or ended (1).
    void textIndexProgressed(double done);
    // The disk is full or the file broke: events are kept in memory and retried.
    void writeFailed(const QString &message);
    void writeRecovered();

private:
    QThread m_thread;
    std::shared_ptr<StoreQueueState> m_queueState;
    StoreWriter *m_writer;
    QString m_path;
    QString m_openNotice;
    std::unique_ptr<QLockFile> m_lock;
    bool m_heldElsewhere = false;
    bool m_readOnly = false;
    std::optional<qint64> m_cursor;
    std::optional<qint64> m_coveredFrom;
    qint64 m_backfilledTo = 0;
    TextIndexBackfill *m_textIndex;
    double m_textIndexProgress = 1;
};

} // namespace store
