#pragma once

#include "eventhub/Event.h"

#include <QObject>

#include <memory>

class QSaveFile;

namespace exporting {
class CsvEventWriter;
}

namespace ui {

// The disk side of a CSV export, living on its own thread so that formatting and writing
// never stall the window. Writes through QSaveFile: a cancelled or failed export leaves no
// half-written file behind (and an existing file untouched).
class CsvExportWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvExportWorker)

public:
    // With the field columns of `kinds` (every kind's when empty), as CsvEventWriter has them.
    explicit CsvExportWorker(QString path, QList<eventhub::EventKind> kinds = {});
    ~CsvExportWorker() override;

    // Called on the worker's thread (queued).
    void open();
    void writePage(const QList<eventhub::Event> &events);
    void commit();
    void cancel();

signals:
    void pageWritten(qint64 rowsWritten);
    void finished(bool ok, const QString &error);

private:
    void fail(const QString &error);

    QString m_path;
    QList<eventhub::EventKind> m_kinds;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<exporting::CsvEventWriter> m_writer;
    bool m_failed = false;
};

} // namespace ui
