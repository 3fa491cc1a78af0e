#include "HistoryExporter.h"

#include "CsvExportWorker.h"
#include "history/HistoryReaderThread.h"

namespace ui {

HistoryExporter::HistoryExporter(QString storePath, store::HistoryFilter filter, store::HistoryOrder order, qint64 expectedRows,
                                 QString path, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
    , m_filter(std::move(filter))
    , m_order(order)
    , m_path(std::move(path))
    , m_reader(new HistoryReaderThread(QStringLiteral("csv-export-read"), this))
    , m_expectedRows(expectedRows)
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
    // The field columns of the kinds the filter shows (every kind's when it names none).
    QList<eventhub::EventKind> kinds;
    for (const QString &name : std::as_const(m_filter.kinds)) {
        const eventhub::EventKind kind = eventhub::kindFromName(name);
        if (kind != eventhub::EventKind::Unknown)
            kinds += kind;
    }
    m_worker = new CsvExportWorker(m_path, kinds);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CsvExportWorker::pageWritten, this, [this](qint64 rows) {
        m_rowsWritten = rows;
        emit progress(m_rowsRead, std::max(m_expectedRows, m_rowsRead), m_rowsWritten);
    });
    connect(m_worker, &CsvExportWorker::finished, this,
            [this](bool ok, const QString &error) { finish(ok ? Outcome::Exported : Outcome::Failed, error); });
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &CsvExportWorker::open, Qt::QueuedConnection);
    requestPage();
}

void HistoryExporter::requestPage()
{
    struct Page
    {
        QList<eventhub::Event> events;
        QString error;
    };
    const int run = m_run;
    m_reader->request<Page>(
        [path = m_storePath, filter = m_filter, order = m_order, from = m_lastKey,
         limit = m_pageSize](store::HistoryReader &reader) {
            Page page;
            if (!reader.isOpen() && !reader.open(path, page.error))
                return page;
            page.events = reader.read(filter, order, from, limit, page.error, true);
            return page;
        },
        this,
        [this, run](const Page &page) {
            if (!m_running || run != m_run)
                return;
            if (!page.error.isEmpty()) {
                finish(Outcome::Failed, QStringLiteral("Reading the history failed: %1").arg(page.error));
                return;
            }
            ++m_pagesFetched;
            m_rowsRead += page.events.size();
            CsvExportWorker *worker = m_worker;
            const QList<eventhub::Event> events = page.events;
            QMetaObject::invokeMethod(worker, [worker, events] { worker->writePage(events); }, Qt::QueuedConnection);
            emit progress(m_rowsRead, std::max(m_expectedRows, m_rowsRead), m_rowsWritten);
            if (!m_running)
                return; // cancelled by a slot of progress(): nothing more is read
            if (page.events.size() < m_pageSize) {
                QMetaObject::invokeMethod(worker, &CsvExportWorker::commit, Qt::QueuedConnection);
                return;
            }
            m_lastKey = store::HistoryReader::sortKeyOf(m_order, page.events.constLast());
            requestPage();
        });
}

void HistoryExporter::cancel()
{
    if (!m_running)
        return;
    QMetaObject::invokeMethod(m_worker, &CsvExportWorker::cancel, Qt::QueuedConnection);
    finish(Outcome::Cancelled, QStringLiteral("Cancelled"));
}

void HistoryExporter::finish(Outcome outcome, const QString &message)
{
    if (!m_running)
        return;
    m_running = false;
    ++m_run;
    if (outcome != Outcome::Exported && m_worker)
        QMetaObject::invokeMethod(m_worker, &CsvExportWorker::cancel, Qt::QueuedConnection);
    m_thread.quit();
    emit finished(outcome, outcome == Outcome::Exported
                               ? QStringLiteral("%1 events exported to %2").arg(m_rowsWritten).arg(m_path)
                               : message);
}

} // namespace ui
