#pragma once

#include <QObject>

namespace ui {

class HistoryReaderThread;

// SQLite's check of every page of the store, which start-up no longer runs (it reads the
// whole file: long for a store of millions of events). On demand, or in the background at
// most once a day, on a connection and a thread of its own: the writer and the history
// are not held up. A damaged store found here is reported and marked: the next start
// moves it aside (EventStore::integrityFailedMarker).
class StoreIntegrityCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreIntegrityCheck)

public:
    explicit StoreIntegrityCheck(QObject *parent = nullptr);

    void start(const QString &path);
    // start() when the last check is more than a day old.
    void startIfDue(const QString &path);

signals:
    // `problems` is empty when the store is sound.
    void finished(const QString &path, const QString &problems);

private:
    HistoryReaderThread *m_thread;
    bool m_running = false;
};

} // namespace ui
