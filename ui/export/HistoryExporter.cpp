#include "HistoryExporter.h"

#include "CsvExportWorker.h"
#include "models/HistoryModel.h"
#include "models/HistoryWalk.h"

namespace ui {

HistoryExporter::HistoryExporter(const HistorySource &source, EventQuery query, QString path, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_query(std::move(query))
    , m_path(std::move(path))
    , m_pageSize(HistoryModel::DefaultPageSize)
{
    m_thread.setObjectName(QStringLiteral("csv-export"));
}

HistoryExporter::~HistoryExporter()
{
    if (m_running && m_worker)
        QMetaObject::invokeMethod(m_worker, &CsvExportWorker::cancel, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void HistoryExporter::start()
{
    if (m_running)
        return;
    m_running = true;
    m_worker = new CsvExportWorker(m_path, m_query.knownKinds());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CsvExportWorker::pageWritten, this, [this](qint64 rows) {
        m_rowsWritten = rows;
        emit progress(m_walk->cursor(), std::max(m_target, m_walk->cursor()), m_rowsWritten);
    });
    connect(m_worker, &CsvExportWorker::finished, this, &HistoryExporter::finish);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &CsvExportWorker::open, Qt::QueuedConnection);

    m_walk = HistoryWalk::create(m_query);
    // The latest EventSeqId gives the progress bar its end; offline, the store's cursor.
    m_target = m_source.store ? m_source.store->cursor().value_or(0) : 0;
    if (!m_source.isConnected()) {
        requestPage();
        return;
    }
    m_source.client->getLatestEventSeqId(this, [this](bool ok, qint64 latest, const QString &) {
        if (!m_running)
            return;
        if (ok)
            m_target = latest;
        requestPage();
    });
}

void HistoryExporter::requestPage()
{
    if (!m_walk->canContinue(m_source)) {
        finish(false, QStringLiteral("The connection to the hub is down: the history after event %1 cannot be read now.")
                          .arg(m_walk->cursor()));
        return;
    }
    const std::shared_ptr<HistoryWalk> walk = m_walk;
    walk->next(m_source, m_pageSize, this, [this, walk](const HistoryWalk::Page &page) {
        if (!m_running || walk != m_walk)
            return;
        if (!page.ok) {
            finish(false, QStringLiteral("Reading the history failed: %1").arg(page.error));
            return;
        }
        ++m_pagesFetched;
        const QList<eventhub::Event> matched = page.matched;
        CsvExportWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, matched] { worker->writePage(matched); }, Qt::QueuedConnection);
        emit progress(walk->cursor(), std::max(m_target, walk->cursor()), m_rowsWritten);
        if (!m_running)
            return; // cancelled by a slot of progress(): nothing more is requested
        if (walk->hasMore()) {
            requestPage();
        } else {
            m_fetchDone = true;
            QMetaObject::invokeMethod(worker, &CsvExportWorker::commit, Qt::QueuedConnection);
        }
    });
}

void HistoryExporter::cancel()
{
    if (!m_running)
        return;
    QMetaObject::invokeMethod(m_worker, &CsvExportWorker::cancel, Qt::QueuedConnection);
    finish(false, QStringLiteral("Cancelled"));
}

void HistoryExporter::finish(bool ok, const QString &message)
{
    if (!m_running)
        return;
    m_running = false;
    // Any reply still on its way finds a different walk and is dropped.
    m_walk = HistoryWalk::create(m_query);
    if (!ok && m_worker)
        QMetaObject::invokeMethod(m_worker, &CsvExportWorker::cancel, Qt::QueuedConnection);
    m_thread.quit();
    emit finished(ok, ok ? QStringLiteral("%1 events exported to %2").arg(m_rowsWritten).arg(m_path) : message);
}

} // namespace ui
