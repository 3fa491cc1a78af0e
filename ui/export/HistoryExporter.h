#pragma once

#include "models/EventQuery.h"
#include "models/HistorySource.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace ui {

class CsvExportWorker;
class HistoryWalk;

// Exports the whole filtered history to CSV: every page (from the local store where it
// holds them, from the hub for the rest), not only the rows a view has loaded. The reads
// start on this (the GUI) thread's event loop, as the hub connection is single-threaded;
// each page's matching events go to a CsvExportWorker on its own thread. The next page is
// requested while the previous one is written.
class HistoryExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryExporter)

public:
    HistoryExporter(const HistorySource &source, EventQuery query, QString path, QObject *parent = nullptr);
    ~HistoryExporter() override;

    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    void start();
    // Stops requesting pages and discards the file; finished(false, "Cancelled") follows.
    void cancel();

    qint64 rowsWritten() const { return m_rowsWritten; }
    qint64 pagesFetched() const { return m_pagesFetched; }

signals:
    // `cursor` of `target` EventSeqIds scanned; the target is the latest at the start.
    void progress(qint64 cursor, qint64 target, qint64 rowsWritten);
    void finished(bool ok, const QString &message);

private:
    void requestPage();
    void finish(bool ok, const QString &message);

    HistorySource m_source;
    EventQuery m_query;
    QString m_path;
    int m_pageSize;
    std::shared_ptr<HistoryWalk> m_walk;
    QThread m_thread;
    CsvExportWorker *m_worker = nullptr;
    qint64 m_target = 0;
    qint64 m_rowsWritten = 0;
    qint64 m_pagesFetched = 0;
    bool m_running = false;
    bool m_fetchDone = false;
};

} // namespace ui
