#include "EventUpsert.h"

#include "EventSearchText.h"
#include "eventhub/EventSeverity.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace store {

namespace {

sqlite3 *handleOf(const QSqlDatabase &database)
{
    const QVariant handle = database.driver() ? database.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace

// The UTF-8 bytes of the texts bound for one event: bound without a copy, so they live
// until the statement ran.
struct EventTexts
{
    explicit EventTexts(const eventhub::Event &event)
        : kind(event.kindName.toUtf8())
        , strategyName(event.strategyName.toUtf8())
    {}
    QByteArray kind;
    QByteArray strategyName;
};

namespace {

// The columns in the order both the INSERT and the UPDATE name them.
void bindColumns(SqliteStatement &statement, const eventhub::Event &event, const EventTexts &texts)
{
    statement.bind(1, event.seqId);
    statement.bindText(2, texts.kind);
    statement.bind(3, event.timeMs);
    if (event.strategyId >= 0)
        statement.bind(4, event.strategyId);
    else
        statement.bindNull(4);
    if (event.strategyName.isNull())
        statement.bindNull(5);
    else
        statement.bindText(5, texts.strategyName);
    statement.bindBlob(6, event.payloadJson());
    statement.bind(7, int(eventhub::severityOf(event)));
    statement.bindText(8, event.eventIdUtf8());
}

bool run(SqliteStatement &statement, QString &error)
{
    const bool done = statement.step();
    if (!done)
        error = statement.errorText();
    statement.reset();
    return done;
}

} // namespace

EventUpsert::EventUpsert(const QSqlDatabase &database)
{
    sqlite3 *handle = handleOf(database);
    const bool prepared =
        handle
        && m_insert.prepare(handle, "INSERT INTO events (seq_id, kind, time_ms, strategy_id, strategy_name, payload, severity,"
                                    " event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING")
        && m_findOld.prepare(handle, "SELECT seq_id, kind, strategy_name, payload FROM events WHERE event_id = ?")
        && m_update.prepare(handle, "UPDATE events SET seq_id = ?1, kind = ?2, time_ms = ?3, strategy_id = ?4,"
                                    " strategy_name = ?5, payload = ?6, severity = ?7 WHERE event_id = ?8")
        && m_indexText.prepare(handle, "INSERT INTO events_text (rowid, text) VALUES (?, ?)")
        && m_unindexText.prepare(handle, "INSERT INTO events_text (events_text, rowid, text) VALUES ('delete', ?, ?)")
        && m_strategy.prepare(handle, "INSERT INTO strategies (strategy_id, name) VALUES (?, ?)"
                                      " ON CONFLICT(strategy_id) DO UPDATE SET name = excluded.name WHERE name <> excluded.name");
    if (!prepared)
        m_prepareError =
            handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QStringLiteral("the store is not an SQLite database");
}

bool EventUpsert::isReady(QString &error) const
{
    error = m_prepareError;
    return m_prepareError.isEmpty();
}

bool EventUpsert::write(const eventhub::Event &event, QString &error)
{
    if (!m_prepareError.isEmpty()) {
        error = m_prepareError;
        return false;
    }
    const EventTexts texts(event);
    bindColumns(m_insert, event, texts);
    if (!run(m_insert, error))
        return false;
    if (m_insert.changes() == 0) {
        if (!replace(event, texts, error))
            return false;
    } else if (!writeText(m_indexText, event.seqId, event, error)) {
        return false;
    }
    return writeStrategy(event, error);
}

bool EventUpsert::writeText(SqliteStatement &statement, qint64 seqId, const eventhub::Event &event, QString &error)
{
    const QByteArray text = searchableText(event);
    statement.bind(1, seqId);
    statement.bindText(2, text);
    return run(statement, error);
}

// A strategy's name is written when it is new or changed, not with every event.
bool EventUpsert::writeStrategy(const eventhub::Event &event, QString &error)
{
    if (event.strategyId < 0 || m_strategiesWritten.value(event.strategyId) == event.strategyName)
        return true;
    const QByteArray name = event.strategyName.toUtf8();
    m_strategy.bind(1, event.strategyId);
    m_strategy.bindText(2, name);
    if (!run(m_strategy, error))
        return false;
    m_strategiesWritten.insert(event.strategyId, event.strategyName);
    return true;
}

// A repeated EventId (active state re-sent on connect, history overlapping live events):
// the latest version of the event replaces the stored one, in the text index too.
bool EventUpsert::replace(const eventhub::Event &event, const EventTexts &texts, QString &error)
{
    m_findOld.bindText(1, event.eventIdUtf8());
    const bool stepped = m_findOld.step();
    if (!stepped || !m_findOld.hasRow()) {
        error = stepped ? QStringLiteral("the stored event %1 is gone").arg(event.eventId()) : m_findOld.errorText();
        m_findOld.reset();
        return false;
    }
    eventhub::Event old;
    const qint64 oldSeqId = m_findOld.columnInt(0);
    old.kindName = QString::fromUtf8(m_findOld.columnBytes(1));
    old.strategyName = QString::fromUtf8(m_findOld.columnBytes(2));
    old.setPayloadJson(m_findOld.columnBytes(3).toByteArray());
    m_findOld.reset();
    if (!writeText(m_unindexText, oldSeqId, old, error))
        return false;
    bindColumns(m_update, event, texts);
    return run(m_update, error) && writeText(m_indexText, event.seqId, event, error);
}

} // namespace store
