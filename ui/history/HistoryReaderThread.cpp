#include "HistoryReaderThread.h"

namespace ui {

HistoryReaderThread::HistoryReaderThread(const QString &name, QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
{
    m_thread.setObjectName(name);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

HistoryReaderThread::~HistoryReaderThread()
{
    m_thread.quit();
    m_thread.wait();
}

void HistoryReaderThread::post(Job job)
{
    QMetaObject::invokeMethod(m_worker, [this, job = std::move(job)] { job(m_reader); });
}

} // namespace ui
