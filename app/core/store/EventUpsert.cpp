#include "EventUpsert.h"

#include "EventSearchText.h"
#include "eventhub/EventSeverity.h"

#include <QVariant>

namespace store {

namespace {

void bindColumns(QSqlQuery &query, const eventhub::Event &event)
{
    query.bindValue(0, event.seqId);
    query.bindValue(1, event.kindName);
    query.bindValue(2, event.timeMs);
    query.bindValue(3, event.strategyId >= 0 ? QVariant(event.strategyId) : QVariant());
    query.bindValue(4, event.strategyName);
    query.bindValue(5, event.payloadJson());
    query.bindValue(6, int(eventhub::severityOf(event)));
    query.bindValue(7, event.eventId());
}

} // namespace

EventUpsert::EventUpsert(const QSqlDatabase &database)
    : m_insert(database)
    , m_findOld(database)
    , m_update(database)
    , m_indexText(database)
    , m_unindexText(database)
    , m_strategy(database)
{
    m_insert.prepare(
        QStringLiteral("INSERT INTO events (seq_id, kind, time_ms, strategy_id, strategy_name, payload, severity, event_id)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING"));
    m_findOld.prepare(QStringLiteral("SELECT seq_id, kind, strategy_name, payload FROM events WHERE event_id = ?"));
    m_update.prepare(
        QStringLiteral("UPDATE events SET seq_id = ?, kind = ?, time_ms = ?, strategy_id = ?, strategy_name = ?, payload = ?,"
                       " severity = ? WHERE event_id = ?"));
    m_indexText.prepare(QStringLiteral("INSERT INTO events_text (rowid, text) VALUES (?, ?)"));
    m_unindexText.prepare(QStringLiteral("INSERT INTO events_text (events_text, rowid, text) VALUES ('delete', ?, ?)"));
    m_strategy.prepare(QStringLiteral("INSERT INTO strategies (strategy_id, name) VALUES (?, ?)"
                                      " ON CONFLICT(strategy_id) DO UPDATE SET name = excluded.name"
                                      " WHERE name <> excluded.name"));
}

bool EventUpsert::fail(const QSqlQuery &query, QSqlError &error)
{
    error = query.lastError();
    return false;
}

bool EventUpsert::write(const eventhub::Event &event, QSqlError &error)
{
    bindColumns(m_insert, event);
    if (!m_insert.exec())
        return fail(m_insert, error);
    if (m_insert.numRowsAffected() == 0) {
        if (!replace(event, error))
            return false;
    } else {
        m_indexText.bindValue(0, event.seqId);
        m_indexText.bindValue(1, searchableText(event));
        if (!m_indexText.exec())
            return fail(m_indexText, error);
    }
    // A strategy's name is written when it is new or changed, not with every event.
    if (event.strategyId < 0 || m_strategiesWritten.value(event.strategyId) == event.strategyName)
        return true;
    m_strategy.bindValue(0, event.strategyId);
    m_strategy.bindValue(1, event.strategyName);
    if (!m_strategy.exec())
        return fail(m_strategy, error);
    m_strategiesWritten.insert(event.strategyId, event.strategyName);
    return true;
}

// A repeated EventId (active state re-sent on connect, history overlapping live events):
// the latest version of the event replaces the stored one, in the text index too.
bool EventUpsert::replace(const eventhub::Event &event, QSqlError &error)
{
    m_findOld.bindValue(0, event.eventId());
    if (!m_findOld.exec() || !m_findOld.next())
        return fail(m_findOld, error);
    eventhub::Event old;
    old.kindName = m_findOld.value(1).toString();
    old.strategyName = m_findOld.value(2).toString();
    old.setPayloadJson(m_findOld.value(3).toByteArray());
    const QVariant oldSeqId = m_findOld.value(0);
    m_findOld.finish();
    m_unindexText.bindValue(0, oldSeqId);
    m_unindexText.bindValue(1, searchableText(old));
    if (!m_unindexText.exec())
        return fail(m_unindexText, error);
    bindColumns(m_update, event);
    if (!m_update.exec())
        return fail(m_update, error);
    m_indexText.bindValue(0, event.seqId);
    m_indexText.bindValue(1, searchableText(event));
    return m_indexText.exec() || fail(m_indexText, error);
}

} // namespace store
