#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

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
    static HistorySql forFilter(const HistoryFilter &filter, Words words = Words::CheckAlongOrder);
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

// The user's words as an FTS5 query: each a quoted prefix ("spx"* "err"*), so that
// punctuation in them is never FTS5 syntax.
QString fullTextQuery(const QString &words);

} // namespace store
