#pragma once

#include "HistoryQuery.h"
#include "eventhub/Event.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace store {

// Reads the store for the history pane: counts, keyset pages, look-ups, over millions of
// events. Its own read-only connection (WAL: it never blocks the writer, nor waits for
// it), through SQLite's C API rather than Qt SQL, as a count steps through up to every
// stored event and a QVariant per value would triple its time. Not thread-safe: one
// thread uses one reader.
class HistoryReader
{
public:
    HistoryReader() = default;
    ~HistoryReader();
    HistoryReader(const HistoryReader &) = delete;
    HistoryReader &operator=(const HistoryReader &) = delete;

    // Opens `path` read-only (closing what was open).
    bool open(const QString &path, QString &error);
    void close();
    bool isOpen() const { return m_db != nullptr; }

    struct Scan
    {
        qint64 count = 0;
        // The keys of rows 0, blockRows, 2 * blockRows, ...: where each block starts.
        QList<SortKey> blockStarts;
        // The oldest and newest EventSeqId stored when the scan was made, whatever the
        // filter (events after the newest are new).
        qint64 firstSeqId = 0;
        qint64 latestSeqId = 0;
        // How much of the full-text index is built (below 1 while the words of a migrated
        // store are indexed: a text search finds only the events indexed so far).
        double textIndexed = 1;
    };
    // The count so far and the blocks found since the last report, while a scan goes on.
    using ScanProgress = std::function<void(qint64 count, const QList<SortKey> &newBlockStarts)>;
    // Counts the matching events and notes where each block of `blockRows` starts, in one
    // pass over the order's index. `cancelled` is asked now and then; nothing when it
    // says yes or on an error. `progress`, if any, hears of the rows counted so far every
    // ScanProgressRows rows (first after FirstScanProgressRows): they can be shown before
    // the count of millions of rows is done.
    std::optional<Scan> scan(const HistoryFilter &filter, const HistoryOrder &order, int blockRows,
                             const std::function<bool()> &cancelled, QString &error, const ScanProgress &progress = {});
    static constexpr int FirstScanProgressRows = 4096;
    static constexpr int ScanProgressRows = 65536;
    // Up to `limit` matching events from the one at `from` (included unless `after`; the
    // first when none), in `order`.
    QList<eventhub::Event> read(const HistoryFilter &filter, const HistoryOrder &order, const std::optional<SortKey> &from,
                                int limit, QString &error, bool after = false);
    // The matching events after `afterSeqId`, in `order`, and the newest EventSeqId stored
    // (read together, so that nothing falls between two calls).
    QList<eventhub::Event> newer(const HistoryFilter &filter, const HistoryOrder &order, qint64 afterSeqId, qint64 &latestSeqId,
                                 QString &error);
    // The matching event with this EventSeqId, this EventId, or the latest at or before
    // this time.
    std::optional<eventhub::Event> findSeq(const HistoryFilter &filter, qint64 seqId, QString &error);
    std::optional<eventhub::Event> findEventId(const HistoryFilter &filter, const QString &eventId, QString &error);
    std::optional<eventhub::Event> findTime(const HistoryFilter &filter, qint64 timeMs, QString &error);

    struct Strategy
    {
        qint64 id = -1;
        QString name;
    };
    // Every strategy seen, by name.
    QList<Strategy> strategies(QString &error);
    // The lowest and highest EventSeqId stored, and how many events (0s when empty).
    struct Extent
    {
        qint64 firstSeqId = 0;
        qint64 lastSeqId = 0;
    };
    Extent extent(QString &error);
    // SQLite's quick_check over the whole file: "ok", or what is wrong.
    QString checkIntegrity();

    // The key a row has in `order`.
    static SortKey sortKeyOf(const HistoryOrder &order, const eventhub::Event &event);

private:
    sqlite3_stmt *prepare(const QString &sql, const QList<QVariant> &bindings, QString &error);
    QList<eventhub::Event> readEvents(sqlite3_stmt *statement, QString &error);
    std::optional<eventhub::Event> findOne(const HistoryFilter &filter, const QString &condition, const QVariant &value,
                                           const QString &orderBy, QString &error);
    bool exec(const char *sql, QString &error);
    bool checkVersion(QString &error);
    QString lastError() const;
    // The filter's words as an FTS5 query (fullTextQuery), long words looked up in the
    // index's vocabulary; kept for the next page of the same words.
    QString fullText(const QString &words);
    std::optional<QStringList> termsBeginning(const QString &word);
    double textIndexed(QString &error);

    sqlite3 *m_db = nullptr;
    // Kind and strategy names repeat: each distinct one is one shared string.
    QHash<QString, QString> m_names;
    QString m_fullTextWords;
    QString m_fullText;
};

} // namespace store
