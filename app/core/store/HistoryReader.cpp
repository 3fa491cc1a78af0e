#include "HistoryReader.h"

#include "StoreSchema.h"

#include <sqlite3.h>

namespace store {

namespace {

constexpr const char *EventColumns = "event_id, seq_id, kind, time_ms, strategy_id, strategy_name, payload";

QString columnText(sqlite3_stmt *statement, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
                             sqlite3_column_bytes(statement, column));
}

QVariant columnValue(sqlite3_stmt *statement, int column)
{
    switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER: return QVariant(qint64(sqlite3_column_int64(statement, column)));
    case SQLITE_TEXT: return columnText(statement, column);
    default: return QVariant();
    }
}

// Finalizes a statement when it goes out of scope.
struct Statement
{
    sqlite3_stmt *handle;
    ~Statement() { sqlite3_finalize(handle); }
};

} // namespace

HistoryReader::~HistoryReader()
{
    close();
}

void HistoryReader::close()
{
    sqlite3_close_v2(std::exchange(m_db, nullptr));
    m_names.clear();
    m_fullTextWords.clear();
    m_fullText.clear();
}

QString HistoryReader::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool HistoryReader::exec(const char *sql, QString &error)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    error = lastError();
    return false;
}

bool HistoryReader::open(const QString &path, QString &error)
{
    close();
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        error = lastError();
        close();
        return false;
    }
    if (!checkVersion(error)) {
        close();
        return false;
    }
    return true;
}

bool HistoryReader::checkVersion(QString &error)
{
    // No memory map: a count walks an index of hundreds of MB, which would all count in
    // the app's memory (RSS) once mapped; read() through an 8 MB page cache goes as fast
    // from the OS's cache. A wait for a checkpoint rather than a failure.
    if (!exec("PRAGMA mmap_size=0; PRAGMA cache_size=-8192; PRAGMA busy_timeout=2000", error))
        return false;
    Statement version{prepare(QStringLiteral("PRAGMA user_version"), {}, error)};
    if (!version.handle)
        return false;
    if (sqlite3_step(version.handle) != SQLITE_ROW) {
        error = lastError();
        return false;
    }
    if (sqlite3_column_int(version.handle, 0) != StoreSchema::CurrentVersion) {
        error = QStringLiteral("the store was written by another version of this program; it is upgraded when "
                               "this version opens it for writing");
        return false;
    }
    // The full-text index's words, to look long words up in (in the connection's own temp
    // schema: a read-only connection can make it).
    return exec("CREATE VIRTUAL TABLE temp.events_text_terms USING fts5vocab(main, 'events_text', 'row')", error);
}

std::optional<QStringList> HistoryReader::termsBeginning(const QString &word)
{
    // More than this, and the prefix is left to FTS5 (a long prefix of many words is rare).
    constexpr int MaxTerms = 32;
    // Words the index holds begin with `word` if they sort from it to it with its last
    // letter the next one (plain words only: fullTextQuery).
    QString end = word;
    end.back() = QChar(end.back().unicode() + 1);
    QString error;
    Statement terms{
        prepare(QStringLiteral("SELECT term FROM temp.events_text_terms WHERE term >= ? AND term < ? LIMIT %1").arg(MaxTerms + 1),
                {word, end}, error)};
    if (!terms.handle)
        return std::nullopt;
    QStringList found;
    while (sqlite3_step(terms.handle) == SQLITE_ROW)
        found.append(columnText(terms.handle, 0));
    if (found.size() > MaxTerms)
        return std::nullopt;
    return found;
}

QString HistoryReader::fullText(const QString &words)
{
    if (words != m_fullTextWords || m_fullText.isEmpty()) {
        m_fullTextWords = words;
        m_fullText = fullTextQuery(words, [this](const QString &word) { return termsBeginning(word); });
    }
    return m_fullText;
}

double HistoryReader::textIndexed(QString &error)
{
    Statement backlog{
        prepare(QStringLiteral("SELECT (SELECT value FROM meta WHERE key = ?), (SELECT value FROM meta WHERE key = ?)"),
                {QLatin1String(StoreSchema::TextBacklogKey), QLatin1String(StoreSchema::TextBacklogFromKey)}, error)};
    if (!backlog.handle || sqlite3_step(backlog.handle) != SQLITE_ROW || sqlite3_column_type(backlog.handle, 0) == SQLITE_NULL)
        return 1;
    const qint64 below = sqlite3_column_int64(backlog.handle, 0);
    return StoreSchema::textIndexedPart(below, std::max<qint64>(below, sqlite3_column_int64(backlog.handle, 1)));
}

sqlite3_stmt *HistoryReader::prepare(const QString &sql, const QList<QVariant> &bindings, QString &error)
{
    sqlite3_stmt *statement = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &statement, nullptr) != SQLITE_OK) {
        error = lastError();
        return nullptr;
    }
    for (int i = 0; i < bindings.size(); ++i) {
        const QVariant &value = bindings.at(i);
        if (value.isNull()) {
            sqlite3_bind_null(statement, i + 1);
        } else if (value.typeId() == QMetaType::QString) {
            const QByteArray text = value.toString().toUtf8();
            sqlite3_bind_text(statement, i + 1, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_int64(statement, i + 1, value.toLongLong());
        }
    }
    return statement;
}

SortKey HistoryReader::sortKeyOf(const HistoryOrder &order, const eventhub::Event &event)
{
    const QVariant strategy = event.strategyId >= 0 ? QVariant(event.strategyId) : QVariant();
    switch (order.key) {
    case HistorySortKey::Seq: return {event.seqId};
    case HistorySortKey::Time: return {event.timeMs, event.seqId};
    case HistorySortKey::Kind: return {event.kindName, event.seqId};
    case HistorySortKey::Strategy: return {event.strategyName.isNull() ? QVariant() : QVariant(event.strategyName), event.seqId};
    case HistorySortKey::StrategyId: return {strategy, event.kindName, event.seqId};
    case HistorySortKey::EventId: return {event.eventId()};
    }
    return {event.seqId};
}

std::optional<HistoryReader::Scan> HistoryReader::scan(const HistoryFilter &filter, const HistoryOrder &order, int blockRows,
                                                       const std::function<bool()> &cancelled, QString &error,
                                                       const ScanProgress &progress)
{
    // One read transaction: the count, the block starts and the latest EventSeqId
    // describe the same moment of the store.
    if (!exec("BEGIN", error))
        return std::nullopt;
    const auto end = [this](std::optional<Scan> result) {
        QString ignored;
        exec("COMMIT", ignored);
        return result;
    };
    m_fullText.clear(); // words new since the last count are looked up again
    Scan scan;
    {
        const Extent stored = extent(error);
        if (!error.isEmpty())
            return end(std::nullopt);
        scan.firstSeqId = stored.firstSeqId;
        scan.latestSeqId = stored.lastSeqId;
        scan.textIndexed = textIndexed(error);
        if (!error.isEmpty())
            return end(std::nullopt);
    }
    const QStringList columns = HistorySql::orderColumns(order.key);
    Statement rows{nullptr};
    if (order.key == HistorySortKey::Seq && filter.hasOnlyWords()) {
        // The full-text index is keyed by EventSeqId: its matches are the rows, in order,
        // without a look-up in the events table.
        rows.handle = prepare(QStringLiteral("SELECT rowid FROM events_text WHERE events_text MATCH ? ORDER BY rowid %1")
                                  .arg(QLatin1String(order.descending ? "DESC" : "ASC")),
                              {fullText(filter.text)}, error);
    } else {
        const HistorySql sql = HistorySql::forFilter(filter, fullText(filter.text), HistorySql::Words::DriveFromIndex);
        rows.handle =
            prepare(QStringLiteral("SELECT %1 FROM events %2 %3")
                        .arg(columns.join(QLatin1String(", ")),
                             sql.where.isEmpty() ? QString() : QStringLiteral("WHERE ") + sql.where, HistorySql::orderBy(order)),
                    sql.bindings, error);
    }
    if (!rows.handle)
        return end(std::nullopt);
    int step;
    qsizetype reportedBlocks = 0;
    while ((step = sqlite3_step(rows.handle)) == SQLITE_ROW) {
        if (scan.count % blockRows == 0) {
            SortKey key;
            for (int column = 0; column < columns.size(); ++column)
                key.append(columnValue(rows.handle, column));
            scan.blockStarts.append(key);
        }
        ++scan.count;
        if (scan.count % ScanProgressRows == 0 || scan.count == FirstScanProgressRows) {
            if (cancelled && cancelled())
                return end(std::nullopt);
            if (progress) {
                progress(scan.count, scan.blockStarts.mid(reportedBlocks));
                reportedBlocks = scan.blockStarts.size();
            }
        }
    }
    if (step != SQLITE_DONE) {
        error = lastError();
        return end(std::nullopt);
    }
    return end(scan);
}

QList<eventhub::Event> HistoryReader::readEvents(sqlite3_stmt *statement, QString &error)
{
    const auto shared = [this](const QString &name) {
        const auto found = m_names.constFind(name);
        return found != m_names.constEnd() ? *found : *m_names.insert(name, name);
    };
    QList<eventhub::Event> events;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        eventhub::Event event;
        event.seqId = sqlite3_column_int64(statement, 1);
        event.kindName = shared(columnText(statement, 2));
        event.kind = eventhub::kindFromName(event.kindName);
        event.timeMs = sqlite3_column_int64(statement, 3);
        event.strategyId = sqlite3_column_type(statement, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(statement, 4);
        // NULL (no strategy) stays a null string: it sorts before every name (sortKeyOf).
        if (sqlite3_column_type(statement, 5) != SQLITE_NULL) {
            const QString name = columnText(statement, 5);
            event.strategyName = name.isEmpty() ? QString(QLatin1String("")) : shared(name);
        }
        event.setPayloadJson(
            QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, 6)), sqlite3_column_bytes(statement, 6)));
        event.setEventId(columnText(statement, 0)); // after the payload, to share its bytes
        events.append(std::move(event));
    }
    if (step != SQLITE_DONE)
        error = lastError();
    return events;
}

QList<eventhub::Event> HistoryReader::read(const HistoryFilter &filter, const HistoryOrder &order,
                                           const std::optional<SortKey> &from, int limit, QString &error, bool after)
{
    if (order.key == HistorySortKey::Seq && filter.hasOnlyWords()) {
        // The page's EventSeqIds from the full-text index (a seek in it), then their rows:
        // along the EventSeqId index checking each row against every match instead would
        // first gather the matches of a common word, hundreds of thousands, for each page.
        QList<QVariant> bindings{fullText(filter.text)};
        QString range;
        if (from) {
            range = QStringLiteral(" AND rowid %1 ?")
                        .arg(QString::fromLatin1(order.descending ? "<" : ">") + (after ? QString() : QStringLiteral("=")));
            bindings.append(from->value(0));
        }
        const QString direction = QLatin1String(order.descending ? "DESC" : "ASC");
        Statement rows{prepare(QStringLiteral("SELECT %1 FROM events WHERE seq_id IN (SELECT rowid FROM events_text"
                                              " WHERE events_text MATCH ?%2 ORDER BY rowid %3 LIMIT %4)"
                                              " ORDER BY seq_id %3")
                                   .arg(QLatin1String(EventColumns), range, direction)
                                   .arg(limit),
                               bindings, error)};
        return rows.handle ? readEvents(rows.handle, error) : QList<eventhub::Event>();
    }
    HistorySql sql = HistorySql::forFilter(filter, fullText(filter.text));
    if (from)
        sql.addFrom(order, *from, !after);
    Statement rows{
        prepare(QStringLiteral("SELECT %1 FROM events %2 %3 LIMIT %4")
                    .arg(QLatin1String(EventColumns), sql.where.isEmpty() ? QString() : QStringLiteral("WHERE ") + sql.where,
                         HistorySql::orderBy(order))
                    .arg(limit),
                sql.bindings, error)};
    return rows.handle ? readEvents(rows.handle, error) : QList<eventhub::Event>();
}

QList<eventhub::Event> HistoryReader::newer(const HistoryFilter &filter, const HistoryOrder &order, qint64 afterSeqId,
                                            qint64 &latestSeqId, QString &error)
{
    if (!exec("BEGIN", error))
        return {};
    m_fullText.clear(); // new events may bring new words
    QList<eventhub::Event> events;
    {
        latestSeqId = std::max(latestSeqId, extent(error).lastSeqId);
        HistorySql sql = HistorySql::forFilter(filter, fullText(filter.text));
        sql.add(QStringLiteral("seq_id > ?"), {afterSeqId});
        Statement rows{prepare(QStringLiteral("SELECT %1 FROM events WHERE %2 %3")
                                   .arg(QLatin1String(EventColumns), sql.where, HistorySql::orderBy(order)),
                               sql.bindings, error)};
        if (rows.handle)
            events = readEvents(rows.handle, error);
    }
    QString ignored;
    exec("COMMIT", ignored);
    return events;
}

std::optional<eventhub::Event> HistoryReader::findOne(const HistoryFilter &filter, const QString &condition,
                                                      const QVariant &value, const QString &orderBy, QString &error)
{
    HistorySql sql = HistorySql::forFilter(filter, fullText(filter.text));
    sql.add(condition, {value});
    Statement rows{
        prepare(QStringLiteral("SELECT %1 FROM events WHERE %2 %3 LIMIT 1").arg(QLatin1String(EventColumns), sql.where, orderBy),
                sql.bindings, error)};
    if (!rows.handle)
        return std::nullopt;
    const QList<eventhub::Event> events = readEvents(rows.handle, error);
    return events.isEmpty() ? std::nullopt : std::optional<eventhub::Event>(events.first());
}

std::optional<eventhub::Event> HistoryReader::findSeq(const HistoryFilter &filter, qint64 seqId, QString &error)
{
    return findOne(filter, QStringLiteral("seq_id = ?"), seqId, {}, error);
}

std::optional<eventhub::Event> HistoryReader::findEventId(const HistoryFilter &filter, const QString &eventId, QString &error)
{
    return findOne(filter, QStringLiteral("event_id = ?"), eventId, {}, error);
}

std::optional<eventhub::Event> HistoryReader::findTime(const HistoryFilter &filter, qint64 timeMs, QString &error)
{
    return findOne(filter, QStringLiteral("time_ms <= ?"), timeMs, QStringLiteral("ORDER BY time_ms DESC, seq_id DESC"), error);
}

QList<HistoryReader::Strategy> HistoryReader::strategies(QString &error)
{
    QList<Strategy> strategies;
    Statement rows{prepare(QStringLiteral("SELECT strategy_id, name FROM strategies ORDER BY name, strategy_id"), {}, error)};
    if (!rows.handle)
        return strategies;
    while (sqlite3_step(rows.handle) == SQLITE_ROW)
        strategies.append({sqlite3_column_int64(rows.handle, 0), columnText(rows.handle, 1)});
    return strategies;
}

HistoryReader::Extent HistoryReader::extent(QString &error)
{
    Extent extent;
    // Two sub-queries: SQLite answers a lone min() or max() from the index's ends, but
    // both in one query with a scan of every row.
    Statement rows{prepare(QStringLiteral("SELECT COALESCE((SELECT min(seq_id) FROM events), 0),"
                                          " COALESCE((SELECT max(seq_id) FROM events), 0)"),
                           {}, error)};
    if (!rows.handle)
        return extent;
    if (sqlite3_step(rows.handle) != SQLITE_ROW) {
        error = lastError();
        return extent;
    }
    extent.firstSeqId = sqlite3_column_int64(rows.handle, 0);
    extent.lastSeqId = sqlite3_column_int64(rows.handle, 1);
    return extent;
}

QString HistoryReader::checkIntegrity()
{
    QString error;
    Statement rows{prepare(QStringLiteral("PRAGMA quick_check"), {}, error)};
    if (!rows.handle)
        return error;
    QStringList problems;
    int step;
    while ((step = sqlite3_step(rows.handle)) == SQLITE_ROW)
        problems.append(columnText(rows.handle, 0));
    if (step != SQLITE_DONE)
        problems.append(lastError());
    return problems.join(QLatin1Char('\n'));
}

} // namespace store
