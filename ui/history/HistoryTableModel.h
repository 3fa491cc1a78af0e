#pragma once

#include "models/EventColumn.h"
#include "store/HistoryReader.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <memory>

namespace ui {

class HistoryReaderThread;

// The whole local history as one table, however long: a view over the store, not a copy
// of it. The row count is the true count of the events the filter matches; only the
// blocks of rows a view paints are read (keyset pages, from the key where each block
// starts, which a count notes as it goes), on reader threads, and kept in a small cache.
// Any row is a seek away: dragging the scroll bar to the middle of ten million rows reads
// one block. Newest first by default; sorting by a column sorts the whole history (by its
// index in the store). Events stored after the count appear at their place as they come:
// at the top in EventSeqId order, by a recount in other orders.
class HistoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTableModel)

public:
    static constexpr int BlockRows = 256;

    explicit HistoryTableModel(QObject *parent = nullptr);
    ~HistoryTableModel() override;

    static EventColumns defaultColumns();

    // Reads the store at `path` (empty: none; the table is then empty).
    void setStorePath(const QString &path);
    QString storePath() const { return m_path; }
    void setFilter(const store::HistoryFilter &filter);
    const store::HistoryFilter &filter() const { return m_filter; }
    void setOrder(const store::HistoryOrder &order);
    const store::HistoryOrder &order() const { return m_order; }
    // The order a column sorts by; nothing for a column the store has no index for.
    std::optional<store::HistorySortKey> sortKeyOf(int column) const;
    int columnOf(store::HistorySortKey key) const;

    // Whether the count of the current filter is done. Before, the table has the rows
    // counted so far (the first block until the count's first report), and grows.
    bool isCounted() const { return m_counted; }
    qint64 matchingCount() const;
    QString lastError() const { return m_lastError; }
    // The oldest and newest EventSeqId in the store (whatever the filter) at the last count
    // and since.
    qint64 firstSeqId() const { return m_scan.firstSeqId; }
    qint64 latestSeqId() const { return m_latestSeqId; }
    // How much of the store's full-text index was built at the last count (below 1 while a
    // migrated store's words are indexed in the background: words match newer events only).
    double textIndexed() const { return m_scan.textIndexed; }
    // The full-text index grew (its background build ended): a text filter counts again.
    void textIndexGrew();
    // The event of a row, when its block is loaded (nullptr otherwise: it is being read).
    const eventhub::Event *eventAt(int row) const;
    bool isLoaded(int row) const { return eventAt(row) != nullptr; }

    // Looks for new events (the store committed); cheap, and coalesced.
    void storeChanged();
    // Older events were stored (the backfill): counts again, at most every few seconds, and
    // adds their rows at the oldest end.
    void olderEventsStored();
    // Finds an event matching the filter and answers with its row (`jumped`), or says why
    // not (`jumpFailed`). During the count, as soon as the count has reached it.
    void jumpToSeq(qint64 seqId);
    void jumpToEventId(const QString &eventId);
    // The latest event at or before this time.
    void jumpToTime(qint64 timeMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

signals:
    // The count of the current filter is known, or changed.
    void countChanged();
    // A block of rows was read (for a view's status, and for the benchmark's clock).
    void rowsLoaded(int firstRow, int lastRow);
    void jumped(int row);
    void jumpFailed(const QString &message);
    void failed(const QString &error);

private:
    struct Located
    {
        int row = -1;
        QString error;
        // Found in the store, beyond the rows counted so far.
        bool notCountedYet = false;
    };
    using Finder = std::function<std::optional<eventhub::Event>(store::HistoryReader &, QString &)>;
    void restart();
    // Where the rows a recount adds go: where new events go, or where older ones do.
    enum class Count { First, AddingNewer, AddingOlder };
    void startScan(Count count);
    void applyScan(const store::HistoryReader::Scan &scan, Count count);
    void applyProgress(qint64 count, const QList<store::SortKey> &newBlockStarts);
    // The rows read before the count as the first block, when the count's first block
    // starts where they do.
    void keepFirstRowsAsBlock();
    void retryPendingJump();
    void requestBlock(qint64 block) const;
    void lookForNewer();
    void applyNewer(const QList<eventhub::Event> &events, qint64 latestSeqId);
    void jump(Finder find);
    bool newRowsAtTop() const { return m_order.descending; }
    int headRows() const { return int(m_head.size()); }
    qint64 scannedRows() const;
    // The place in the scanned rows of a table row (-1 for a new row at the top or bottom).
    qint64 scannedRowOf(int row) const;

    EventColumns m_columns;
    QString m_path;
    store::HistoryFilter m_filter;
    store::HistoryOrder m_order;
    HistoryReaderThread *m_counter;
    HistoryReaderThread *m_rows;
    // Bumped by every new filter, order or store: answers to older ones are dropped, and a
    // count in progress for them stops.
    std::shared_ptr<std::atomic<int>> m_generation;
    bool m_counted = false;
    // A jump waiting for the count to reach its event, and whether one is being looked for.
    Finder m_pendingJump;
    bool m_jumping = false;
    store::HistoryReader::Scan m_scan;
    // Before the count's first report: the first block, read directly.
    QList<eventhub::Event> m_firstRows;
    // Events stored after the count, in the order's direction (EventSeqId orders only).
    QList<eventhub::Event> m_head;
    qint64 m_latestSeqId = 0;
    mutable QCache<qint64, QList<eventhub::Event>> m_blocks;
    mutable QSet<qint64> m_pendingBlocks;
    // Block reads asked for so far: a read that many newer ones have overtaken by the time
    // its turn comes (the places a dragged scroll bar went through) is skipped.
    std::shared_ptr<std::atomic<qint64>> m_blockRequests;
    QTimer m_changeTimer;
    QTimer m_olderTimer;
    bool m_lookingForNewer = false;
    bool m_changedMeanwhile = false;
    QString m_lastError;
};

} // namespace ui
