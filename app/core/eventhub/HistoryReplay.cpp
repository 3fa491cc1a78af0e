#include "HistoryReplay.h"

#include "EventHubClient.h"

namespace eventhub {

HistoryReplay::HistoryReplay(EventHubClient &client, qint64 fromSeqId, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cursor(fromSeqId)
{}

void HistoryReplay::start()
{
    m_running = true;
    m_client.getLatestEventSeqId(this, [this](bool ok, qint64 latest, const QString &error) {
        if (!m_running)
            return;
        if (!ok) {
            m_running = false;
            emit failed(QStringLiteral("Could not ask for the latest event: %1").arg(error));
            return;
        }
        m_target = latest;
        emit progress(m_cursor, m_target);
        requestPage(QJsonValue::Null);
    });
}

void HistoryReplay::cancel()
{
    m_running = false;
}

void HistoryReplay::requestPage(const QJsonValue &continuationToken)
{
    // As in the platform's own replay example: the cursor advances with each page and the
    // token goes back exactly as the server sent it.
    m_client.getEventsSince(m_cursor, EventHubClient::MaxPageSize, continuationToken, this,
                            [this](const EventPage &page) { onPage(page); });
}

void HistoryReplay::onPage(const EventPage &page)
{
    if (!m_running)
        return;
    if (!page.ok) {
        m_running = false;
        emit failed(QStringLiteral("Could not read the event history: %1").arg(page.error));
        return;
    }
    const qint64 cursorBefore = m_cursor;
    for (const Event &event : page.events)
        m_cursor = std::max(m_cursor, event.seqId);
    emit pageReceived(page.events);
    if (!m_running)
        return;
    emit progress(m_cursor, std::max(m_target, m_cursor));
    if (page.hasMore() && !page.events.isEmpty()) {
        // A hub that keeps answering "more" without moving forward would page forever.
        m_pagesWithoutProgress = m_cursor > cursorBefore ? 0 : m_pagesWithoutProgress + 1;
        if (m_pagesWithoutProgress >= MaxPagesWithoutProgress) {
            m_running = false;
            emit failed(QStringLiteral("The hub's history makes no progress: %1 pages in a row after EventSeqId %2 "
                                       "brought nothing newer.")
                            .arg(m_pagesWithoutProgress)
                            .arg(m_cursor));
            return;
        }
        requestPage(page.continuationToken);
        return;
    }
    m_running = false;
    emit finished(m_cursor);
}

} // namespace eventhub
