#pragma once

#include "store/HistoryQuery.h"

#include <QObject>
#include <QThread>

#include <optional>

namespace ui {

class CsvExportWorker;
class HistoryReaderThread;

// Exports exactly what the History pane shows to CSV: every event of the local store its
// filter matches, in its order, however many (not only the rows a view has read). Pages
// of events are read on a reader thread (keyset, from the last row written) and written by
// a CsvExportWorker on another; the next page is read while the previous one is written.
class HistoryExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryExporter)

public:
    static constexpr int DefaultPageSize = 2000;

    // How an export ended: its file written whole, given up on an error (the message says
    // which), or cancelled (nothing to report but that).
    enum class Outcome { Exported, Failed, Cancelled };
    Q_ENUM(Outcome)

    // `expectedRows` (the pane's count) gives the progress its end.
    HistoryExporter(QString storePath, store::HistoryFilter filter, store::HistoryOrder order, qint64 expectedRows, QString path,
                    QObject *parent = nullptr);
    ~HistoryExporter() override;

    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    void start();
    // Stops reading and discards the file; finished(Outcome::Cancelled) follows.
    void cancel();

    qint64 rowsWritten() const { return m_rowsWritten; }
    qint64 pagesFetched() const { return m_pagesFetched; }

signals:
    // `rowsRead` of `expectedRows` (which grows if more were read).
    void progress(qint64 rowsRead, qint64 expectedRows, qint64 rowsWritten);
    // Once per start(). The message is for a person: the rows written and the file, the
    // error, or that the export was cancelled.
    void finished(ui::HistoryExporter::Outcome outcome, const QString &message);

private:
    void requestPage();
    void finish(Outcome outcome, const QString &message);

    QString m_storePath;
    store::HistoryFilter m_filter;
    store::HistoryOrder m_order;
    QString m_path;
    int m_pageSize = DefaultPageSize;
    HistoryReaderThread *m_reader;
    QThread m_thread;
    CsvExportWorker *m_worker = nullptr;
    std::optional<store::SortKey> m_lastKey;
    qint64 m_expectedRows = 0;
    qint64 m_rowsRead = 0;
    qint64 m_rowsWritten = 0;
    qint64 m_pagesFetched = 0;
    // Bumped when the export ends: a page read meanwhile is dropped.
    int m_run = 0;
    bool m_running = false;
};

} // namespace ui
