#pragma once

#include "SqliteStatement.h"
#include "eventhub/Event.h"

#include <QHash>
#include <QSqlDatabase>

namespace store {

struct EventTexts;

// Writes one event into the store's tables inside the caller's transaction: the row
// (upserted by EventId), its full-text entry (keyed by EventSeqId, which the hub gives
// each event once: StoreSchema.cpp) and its strategy's name. The full-text index
// keeps no copy of the text (contentless), so replacing a repeated EventId's entry needs
// the text it was indexed with: it is computed again from the stored row. The statements
// are prepared once per connection, through SQLite's C API on the Qt connection's handle
// (SqliteStatement.h says why).
class EventUpsert
{
public:
    explicit EventUpsert(const QSqlDatabase &database);

    // False when the statements could not be prepared (error says why); write() fails then.
    bool isReady(QString &error) const;
    bool write(const eventhub::Event &event, QString &error);
    // The caller's transaction was rolled back: what it wrote is not in the store.
    void rolledBack() { m_strategiesWritten.clear(); }

private:
    bool replace(const eventhub::Event &event, const EventTexts &texts, QString &error);
    bool writeText(SqliteStatement &statement, qint64 seqId, const eventhub::Event &event, QString &error);
    bool writeStrategy(const eventhub::Event &event, QString &error);

    QString m_prepareError;
    SqliteStatement m_insert;
    SqliteStatement m_findOld;
    SqliteStatement m_update;
    SqliteStatement m_indexText;
    SqliteStatement m_unindexText;
    SqliteStatement m_strategy;
    // The strategies' names written through this connection (committed or in the caller's
    // transaction).
    QHash<qint64, QString> m_strategiesWritten;
};

} // namespace store
