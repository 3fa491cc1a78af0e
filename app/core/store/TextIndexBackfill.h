#pragma once

#include <QObject>
#include <QThread>

#include <atomic>

namespace store {

// Indexes the words of the events stored before the store's full-text index existed (a
// store migrated from an older layout, StoreSchema.h): in the background, newest events
// first, a batch per short write transaction, so that the app opens at once and the live
// writer waits at most one batch. Where it is is saved in the store (StoreSchema::
// TextBacklogKey): it resumes after a restart. Events stored meanwhile are indexed as they
// are written, as always.
class TextIndexBackfill final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextIndexBackfill)

public:
    explicit TextIndexBackfill(QObject *parent = nullptr);
    // Stops after the batch in progress (the rest waits for the next start).
    ~TextIndexBackfill() override;

    // Indexes what the store at `path` has not indexed yet, if anything, on its own thread
    // and connection. Returns how much is indexed already (1: all, nothing to do).
    double start(const QString &path);
    // Events indexed per write transaction: about 50 ms of work.
    static constexpr int BatchEvents = 2000;

signals:
    // Of the events to index, how many are (0 to 1). Not emitted when nothing is to do.
    void progress(double done);
    // Every stored event's words are indexed (progress 1), and the index's segments merged
    // (a few seconds to minutes later).
    void finished();
    void failed(const QString &error);

private:
    void run(const QString &path);

    QThread m_thread;
    QObject *m_worker;
    std::atomic<bool> m_stopping{false};
};

} // namespace store
