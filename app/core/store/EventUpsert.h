#pragma once

#include "eventhub/Event.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace store {

// Writes one event into the store's tables inside the caller's transaction: the row
// (upserted by EventId), its full-text entry (keyed by EventSeqId, which the hub gives
// each event once: StoreSchema.cpp) and its strategy's name. The full-text index
// keeps no copy of the text (contentless), so replacing a repeated EventId's entry needs
// the text it was indexed with: it is computed again from the stored row. The statements
// are prepared once per connection.
class EventUpsert
{
public:
    explicit EventUpsert(const QSqlDatabase &database);

    bool write(const eventhub::Event &event, QSqlError &error);
    // The caller's transaction was rolled back: what it wrote is not in the store.
    void rolledBack() { m_strategiesWritten.clear(); }

private:
    bool replace(const eventhub::Event &event, QSqlError &error);
    bool fail(const QSqlQuery &query, QSqlError &error);

    QSqlQuery m_insert;
    QSqlQuery m_findOld;
    QSqlQuery m_update;
    QSqlQuery m_indexText;
    QSqlQuery m_unindexText;
    QSqlQuery m_strategy;
    // The strategies' names written through this connection (committed or in the caller's
    // transaction).
    QHash<qint64, QString> m_strategiesWritten;
};

} // namespace store
