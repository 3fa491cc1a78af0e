#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace store {

// Which stored events the history shows: every criterion is an indexed column or the
// full-text index, so that a count over millions of events takes milliseconds.
struct HistoryFilter
{
    // Empty = every kind (kind names, "OrderUpdate").
    QStringList kinds;
    // Empty = every strategy.
    QList<qint64> strategyIds;
    // UTC milliseconds; from inclusive, to exclusive.
    std::optional<qint64> fromMs;
    std::optional<qint64> toMs;
    // eventhub::Severity values; empty = every severity.
    QList<int> severities;
    // Words, each of which must begin a word of the event's text (a prefix search).
    QString text;

    bool isEmpty() const;
    // Words and nothing else: the full-text index alone answers it.
    bool hasOnlyWords() const;
    bool operator==(const HistoryFilter &other) const;
    bool operator!=(const HistoryFilter &other) const { return !(*this == other); }
};

// The orders the store has an index for. Each ends in EventSeqId (or is unique), so that
// a row's key names its place exactly: pages are read from a key onwards (keyset), never
// by skipping rows (OFFSET), whatever the depth.
// Strategy sorts by the strategy's name (as the event named it), StrategyId by its id.
enum class HistorySortKey { Seq, Time, Kind, Strategy, StrategyId, EventId };

struct HistoryOrder
{
    HistorySortKey key = HistorySortKey::Seq;
    bool descending = true;

    bool operator==(const HistoryOrder &other) const { return key == other.key && descending == other.descending; }
    bool operator!=(const HistoryOrder &other) const { return !(*this == other); }
};

// One row's values of its order's columns.
using SortKey = QList<QVariant>;

// The SQL of a filter and an order, with the values to bind in order.
struct HistorySql
{
    QString where;
    QList<QVariant> bindings;

    // How SQLite should find the words' events. A count goes from the full-text index to
    // each event and sorts them (cheaper than walking millions of rows); a page goes along
    // the order's index checking each row against the words (cheaper than sorting every
    // match for 256 rows).
    enum class Words { DriveFromIndex, CheckAlongOrder };
    // `fullText`: the filter's words as an FTS5 query (fullTextQuery).
    static HistorySql forFilter(const HistoryFilter &filter, const QString &fullText, Words words = Words::CheckAlongOrder);
    // The order's columns ("time_ms, seq_id").
    static QStringList orderColumns(HistorySortKey key);
    // "ORDER BY time_ms DESC, seq_id DESC".
    static QString orderBy(const HistoryOrder &order);
    // Appends "rows from `key` onwards, in `order`", that row included or not.
    void addFrom(const HistoryOrder &order, const SortKey &key, bool including = true);
    void add(const QString &condition, const QList<QVariant> &values = {});
};

// Whether `a` comes before `b` in `order` (as SQLite orders them: NULL first, then numbers,
// then text).
bool comesBefore(const HistoryOrder &order, const SortKey &a, const SortKey &b);

// The words of the full-text index that begin with a (lower-case) word typed, when there are
// few (nothing: too many to list).
using TermsBeginning = std::function<std::optional<QStringList>(const QString &word)>;
// The user's words as an FTS5 query: each a quoted prefix ("spx"* AND "err"*), so that
// punctuation in them is never FTS5 syntax. A word longer than the prefixes the index holds
// (StoreSchema::LongestIndexedPrefix) is, when `termsBeginning` lists what it begins, those
// words instead (("condor" OR "condors")): FTS5 answers a prefix it has no index for by
// merging the lists of every word it begins, again for every page read (0.3 to 0.7 s for
// "condor"* on ten million events), and a few words by walking their lists side by side.
QString fullTextQuery(const QString &words, const TermsBeginning &termsBeginning = {});

} // namespace store
