#include "CsvExportWorker.h"

#include "exporting/CsvEventWriter.h"

#include <QSaveFile>

namespace ui {

CsvExportWorker::CsvExportWorker(QString path, QList<eventhub::EventKind> kinds)
    : m_path(std::move(path))
    , m_kinds(std::move(kinds))
{}

CsvExportWorker::~CsvExportWorker() = default;

void CsvExportWorker::open()
{
    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        fail(QStringLiteral("Cannot write %1: %2").arg(m_path, m_file->errorString()));
        return;
    }
    m_writer = std::make_unique<exporting::CsvEventWriter>(*m_file, m_kinds);
    if (!m_writer->writeHeader())
        fail(QStringLiteral("Writing %1 failed: %2").arg(m_path, m_file->errorString()));
}

void CsvExportWorker::writePage(const QList<eventhub::Event> &events)
{
    if (m_failed || !m_writer)
        return;
    for (const eventhub::Event &event : events) {
        if (!m_writer->write(event)) {
            fail(QStringLiteral("Writing %1 failed: %2").arg(m_path, m_file->errorString()));
            return;
        }
    }
    emit pageWritten(m_writer->rowsWritten());
}

void CsvExportWorker::commit()
{
    if (m_failed)
        return;
    if (!m_file || !m_file->commit()) {
        fail(QStringLiteral("Saving %1 failed: %2").arg(m_path, m_file ? m_file->errorString() : QString()));
        return;
    }
    emit finished(true, QString());
}

void CsvExportWorker::cancel()
{
    if (m_file)
        m_file->cancelWriting();
    m_file.reset();
    m_writer.reset();
    m_failed = true;
}

void CsvExportWorker::fail(const QString &error)
{
    m_failed = true;
    if (m_file)
        m_file->cancelWriting();
    emit finished(false, error);
}

} // namespace ui
