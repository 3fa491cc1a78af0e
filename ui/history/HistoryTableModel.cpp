#include "HistoryTableModel.h"

#include "HistoryReaderThread.h"
#include "models/EventCellData.h"

namespace ui {

namespace {

// Blocks kept: a few screens either way of where the user looks (about 8 MB).
constexpr int CachedBlocks = 64;
// New events are looked for at most this often in a flood (one commit per 100 ms).
constexpr int NewEventsDelayMs = 250;
// Other orders recount to place new events, at most this often.
constexpr int RecountDelayMs = 3000;
// More new rows than this kept in memory, and the history is counted again instead.
constexpr int MaxHeadRows = 20000;
// A block read that this many newer ones were asked for after is no longer looked at: a
// screen shows rows of one or two blocks. Dragging the scroll bar asks for the blocks of
// every place it passes; the rows where it stops were read after all of those before.
constexpr qint64 StaleBlockReads = 4;

} // namespace

EventColumns HistoryTableModel::defaultColumns()
{
    // Wider than a live pane's: seqs of millions, and dates (an event of another day).
    EventColumn seq = EventColumn::seqId();
    seq.width = 100;
    EventColumn time = EventColumn::time();
    time.width = 170;
    return {seq,
            time,
            EventColumn::kind(170),
            EventColumn::strategy(),
            EventColumn::strategyId(),
            EventColumn::eventId(),
            EventColumn::summary(true)};
}

HistoryTableModel::HistoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(defaultColumns())
    , m_counter(new HistoryReaderThread(QStringLiteral("history-count"), this))
    , m_rows(new HistoryReaderThread(QStringLiteral("history-rows"), this))
    , m_generation(std::make_shared<std::atomic<int>>(0))
    , m_blocks(CachedBlocks)
    , m_blockRequests(std::make_shared<std::atomic<qint64>>(0))
{
    m_changeTimer.setSingleShot(true);
    connect(&m_changeTimer, &QTimer::timeout, this, [this] {
        if (m_order.key == store::HistorySortKey::Seq && m_head.size() < MaxHeadRows)
            lookForNewer();
        else
            startScan(Count::AddingNewer);
    });
    m_olderTimer.setSingleShot(true);
    connect(&m_olderTimer, &QTimer::timeout, this, [this] {
        if (m_lookingForNewer || !m_counted)
            m_olderTimer.start(RecountDelayMs);
        else
            startScan(Count::AddingOlder);
    });
}

HistoryTableModel::~HistoryTableModel()
{
    // A count in progress stops at its next check instead of delaying the exit.
    ++*m_generation;
}

void HistoryTableModel::setStorePath(const QString &path)
{
    m_path = path;
    // Each reader opens the file on its own thread, before the jobs that follow.
    for (HistoryReaderThread *thread : {m_counter, m_rows}) {
        thread->post([path](store::HistoryReader &reader) {
            reader.close();
            QString ignored; // the scan that follows reports what is wrong
            if (!path.isEmpty())
                reader.open(path, ignored);
        });
    }
    restart();
}

void HistoryTableModel::setFilter(const store::HistoryFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    restart();
}

void HistoryTableModel::setOrder(const store::HistoryOrder &order)
{
    if (order == m_order)
        return;
    m_order = order;
    restart();
}

std::optional<store::HistorySortKey> HistoryTableModel::sortKeyOf(int column) const
{
    switch (m_columns.value(column).source) {
    case EventColumn::Source::SeqId: return store::HistorySortKey::Seq;
    case EventColumn::Source::Time: return store::HistorySortKey::Time;
    case EventColumn::Source::Kind: return store::HistorySortKey::Kind;
    case EventColumn::Source::Strategy: return store::HistorySortKey::Strategy;
    case EventColumn::Source::StrategyId: return store::HistorySortKey::StrategyId;
    case EventColumn::Source::EventId: return store::HistorySortKey::EventId;
    default: return std::nullopt;
    }
}

int HistoryTableModel::columnOf(store::HistorySortKey key) const
{
    for (int column = 0; column < m_columns.size(); ++column) {
        if (sortKeyOf(column) == key)
            return column;
    }
    return 0;
}

void HistoryTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<store::HistorySortKey> key = sortKeyOf(column);
    if (key)
        setOrder({*key, order == Qt::DescendingOrder});
}

void HistoryTableModel::restart()
{
    beginResetModel();
    ++*m_generation;
    m_counted = false;
    m_scan = {};
    m_firstRows.clear();
    m_head.clear();
    m_blocks.clear();
    m_pendingBlocks.clear();
    m_lookingForNewer = false;
    m_changedMeanwhile = false;
    m_pendingJump = nullptr;
    m_jumping = false; // an answer for the old rows is dropped
    m_changeTimer.stop();
    m_olderTimer.stop();
    m_lastError.clear();
    endResetModel();
    emit countChanged();
    if (m_path.isEmpty())
        return;
    // The first rows at once, the count after: the pane paints before a count of
    // millions is done.
    const int generation = *m_generation;
    const store::HistoryFilter filter = m_filter;
    const store::HistoryOrder order = m_order;
    m_rows->request<QList<eventhub::Event>>(
        [filter, order](store::HistoryReader &reader) {
            QString error;
            return reader.isOpen() ? reader.read(filter, order, std::nullopt, BlockRows, error) : QList<eventhub::Event>();
        },
        this,
        [this, generation](const QList<eventhub::Event> &events) {
            // Too late once the count has reported rows: they come in blocks then.
            if (generation != *m_generation || m_counted || !m_scan.blockStarts.isEmpty() || events.isEmpty())
                return;
            beginInsertRows({}, 0, int(events.size()) - 1);
            m_firstRows = events;
            endInsertRows();
            emit rowsLoaded(0, int(events.size()) - 1);
        });
    startScan(Count::First);
}

void HistoryTableModel::startScan(Count count)
{
    const int generation = *m_generation;
    const std::shared_ptr<std::atomic<int>> latest = m_generation;
    const store::HistoryFilter filter = m_filter;
    const store::HistoryOrder order = m_order;
    using Result = std::pair<std::optional<store::HistoryReader::Scan>, QString>;
    m_lookingForNewer = true;
    // A first count shows its rows as it goes: the table grows while a count of millions
    // goes on, and can be scrolled and jumped in meanwhile.
    store::HistoryReader::ScanProgress progress;
    if (count == Count::First) {
        progress = [counter = m_counter, self = QPointer<HistoryTableModel>(this), generation,
                    latest](qint64 counted, const QList<store::SortKey> &starts) {
            counter->reply(QPointer<QObject>(self.data()), [self, generation, latest, counted, starts] {
                if (*latest == generation)
                    self->applyProgress(counted, starts);
            });
        };
    }
    m_counter->request<Result>(
        [filter, order, generation, latest, progress](store::HistoryReader &reader) {
            QString error;
            if (!reader.isOpen())
                return Result{std::nullopt, QStringLiteral("the store cannot be read")};
            const auto scan = reader.scan(filter, order, BlockRows, [&] { return *latest != generation; }, error, progress);
            return Result{scan, error};
        },
        this,
        [this, generation, count](const Result &result) {
            if (generation != *m_generation)
                return;
            m_lookingForNewer = false;
            if (!result.first) {
                m_lastError = result.second;
                emit failed(m_lastError);
                return;
            }
            applyScan(*result.first, count);
            if (std::exchange(m_changedMeanwhile, false))
                storeChanged();
        });
}

void HistoryTableModel::keepFirstRowsAsBlock()
{
    if (!m_firstRows.isEmpty() && !m_scan.blockStarts.isEmpty()
        && store::HistoryReader::sortKeyOf(m_order, m_firstRows.first()) == m_scan.blockStarts.first())
        m_blocks.insert(0, new QList<eventhub::Event>(m_firstRows));
    m_firstRows.clear();
}

void HistoryTableModel::applyProgress(qint64 count, const QList<store::SortKey> &newBlockStarts)
{
    if (m_counted)
        return;
    const qint64 before = rowCount();
    const qint64 after = std::min<qint64>(count, std::numeric_limits<int>::max());
    // Rows go at the bottom, under what is shown: a view keeps its place.
    if (after > before)
        beginInsertRows({}, int(before), int(after) - 1);
    m_scan.blockStarts += newBlockStarts;
    m_scan.count = count;
    keepFirstRowsAsBlock();
    if (after > before)
        endInsertRows();
    emit countChanged();
    retryPendingJump();
}

void HistoryTableModel::applyScan(const store::HistoryReader::Scan &scan, Count count)
{
    const qint64 before = rowCount();
    if (count == Count::First && !m_scan.blockStarts.isEmpty()) {
        // The end of a count that reported its rows as it went (in one read transaction:
        // the blocks read meanwhile stay right).
        const qint64 after = std::min<qint64>(scan.count, std::numeric_limits<int>::max());
        if (after > before)
            beginInsertRows({}, int(before), int(after) - 1);
        m_scan = scan;
        m_latestSeqId = scan.latestSeqId;
        m_counted = true;
        if (after > before)
            endInsertRows();
        emit countChanged();
        retryPendingJump();
        return;
    }
    const qint64 after = std::min<qint64>(scan.count, std::numeric_limits<int>::max());
    // A first count replaces the first block by the whole table; a recount adds (or
    // takes away) rows where the new ones are, so that a view keeps its place.
    const bool atTop = count != Count::First && (count == Count::AddingNewer) == newRowsAtTop();
    const int first = atTop ? 0 : int(std::min(before, after));
    if (after > before)
        beginInsertRows({}, first, first + int(after - before) - 1);
    else if (after < before)
        beginRemoveRows({}, first, first + int(before - after) - 1);
    m_scan = scan;
    m_latestSeqId = scan.latestSeqId;
    m_counted = true;
    m_head.clear();
    m_blocks.clear();
    m_pendingBlocks.clear();
    if (count == Count::First)
        keepFirstRowsAsBlock();
    if (after > before)
        endInsertRows();
    else if (after < before)
        endRemoveRows();
    if (after > 0)
        emit dataChanged(index(0, 0), index(int(after) - 1, columnCount() - 1));
    emit countChanged();
    retryPendingJump();
}

void HistoryTableModel::storeChanged()
{
    if (m_path.isEmpty())
        return;
    if (!m_counted || m_lookingForNewer) {
        m_changedMeanwhile = true;
        return;
    }
    if (!m_changeTimer.isActive())
        m_changeTimer.start(m_order.key == store::HistorySortKey::Seq ? NewEventsDelayMs : RecountDelayMs);
}

void HistoryTableModel::textIndexGrew()
{
    if (!m_path.isEmpty() && !m_filter.text.trimmed().isEmpty())
        restart();
}

void HistoryTableModel::olderEventsStored()
{
    if (!m_path.isEmpty() && !m_olderTimer.isActive())
        m_olderTimer.start(RecountDelayMs);
}

void HistoryTableModel::lookForNewer()
{
    const int generation = *m_generation;
    const store::HistoryFilter filter = m_filter;
    const store::HistoryOrder order = m_order;
    const qint64 after = m_latestSeqId;
    using Result = std::pair<QList<eventhub::Event>, qint64>;
    m_lookingForNewer = true;
    m_rows->request<Result>(
        [filter, order, after](store::HistoryReader &reader) {
            QString error;
            qint64 latest = after;
            QList<eventhub::Event> events = reader.newer(filter, order, after, latest, error);
            return Result{events, latest};
        },
        this,
        [this, generation](const Result &result) {
            if (generation != *m_generation)
                return;
            m_lookingForNewer = false;
            applyNewer(result.first, result.second);
            if (std::exchange(m_changedMeanwhile, false))
                storeChanged();
        });
}

void HistoryTableModel::applyNewer(const QList<eventhub::Event> &events, qint64 latestSeqId)
{
    m_latestSeqId = std::max(m_latestSeqId, latestSeqId);
    if (events.isEmpty())
        return;
    const int count = int(events.size());
    if (newRowsAtTop()) {
        beginInsertRows({}, 0, count - 1);
        m_head = events + m_head;
    } else {
        beginInsertRows({}, rowCount(), rowCount() + count - 1);
        m_head += events;
    }
    endInsertRows();
    emit countChanged();
}

qint64 HistoryTableModel::scannedRows() const
{
    return m_counted || !m_scan.blockStarts.isEmpty() ? m_scan.count : m_firstRows.size();
}

qint64 HistoryTableModel::matchingCount() const
{
    return scannedRows() + m_head.size();
}

qint64 HistoryTableModel::scannedRowOf(int row) const
{
    if (newRowsAtTop())
        return row < headRows() ? -1 : row - headRows();
    return row < scannedRows() ? row : -1;
}

const eventhub::Event *HistoryTableModel::eventAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const qint64 scanned = scannedRowOf(row);
    if (scanned < 0)
        return &m_head.at(newRowsAtTop() ? row : row - scannedRows());
    if (!m_counted && m_scan.blockStarts.isEmpty())
        return &m_firstRows.at(scanned);
    const qint64 block = scanned / BlockRows;
    const QList<eventhub::Event> *rows = m_blocks.object(block);
    if (!rows) {
        requestBlock(block);
        return nullptr;
    }
    const qsizetype offset = scanned % BlockRows;
    return offset < rows->size() ? &rows->at(offset) : nullptr;
}

void HistoryTableModel::requestBlock(qint64 block) const
{
    if (m_pendingBlocks.contains(block) || block >= m_scan.blockStarts.size())
        return;
    m_pendingBlocks.insert(block);
    const int generation = *m_generation;
    const store::HistoryFilter filter = m_filter;
    const store::HistoryOrder order = m_order;
    const store::SortKey from = m_scan.blockStarts.at(block);
    auto *self = const_cast<HistoryTableModel *>(this);
    const qint64 request = ++*m_blockRequests;
    using Result = std::optional<QList<eventhub::Event>>;
    m_rows->request<Result>(
        [filter, order, from, request, requests = m_blockRequests](store::HistoryReader &reader) -> Result {
            if (*requests - request >= StaleBlockReads)
                return std::nullopt;
            QString error;
            return reader.read(filter, order, from, BlockRows, error);
        },
        self,
        [self, generation, block](const Result &events) {
            if (generation != *self->m_generation)
                return;
            self->m_pendingBlocks.remove(block);
            if (events)
                self->m_blocks.insert(block, new QList<eventhub::Event>(*events));
            // Table rows of the block: after the new rows at the top, if any.
            const qint64 offset = self->newRowsAtTop() ? self->headRows() : 0;
            const int first = int(offset + block * BlockRows);
            const int last = int(std::min<qint64>(first + (events ? events->size() : BlockRows), self->rowCount()) - 1);
            if (last < first)
                return;
            // A skipped block is asked for again if a view still shows it (it repaints).
            emit self->dataChanged(self->index(first, 0), self->index(last, self->columnCount() - 1));
            if (events)
                emit self->rowsLoaded(first, last);
        });
}

void HistoryTableModel::jumpToSeq(qint64 seqId)
{
    jump([seqId, filter = m_filter](store::HistoryReader &reader, QString &error) {
        return reader.findSeq(filter, seqId, error);
    });
}

void HistoryTableModel::jumpToEventId(const QString &eventId)
{
    jump([eventId, filter = m_filter](store::HistoryReader &reader, QString &error) {
        return reader.findEventId(filter, eventId, error);
    });
}

void HistoryTableModel::jumpToTime(qint64 timeMs)
{
    jump([timeMs, filter = m_filter](store::HistoryReader &reader, QString &error) {
        return reader.findTime(filter, timeMs, error);
    });
}

void HistoryTableModel::jump(Finder find)
{
    m_pendingJump = nullptr;
    if (m_scan.blockStarts.isEmpty() && !m_counted) {
        m_pendingJump = find; // the count's first report answers it
        return;
    }
    m_jumping = true;
    const int generation = *m_generation;
    const store::HistoryFilter filter = m_filter;
    const store::HistoryOrder order = m_order;
    const QList<store::SortKey> starts = m_scan.blockStarts;
    const QList<eventhub::Event> head = m_head;
    const int headOffset = newRowsAtTop() ? headRows() : 0;
    const qint64 scanned = m_scan.count;
    const bool counted = m_counted;
    m_rows->request<Located>(
        [find, filter, order, starts, head, headOffset, scanned, counted](store::HistoryReader &reader) {
            Located located;
            const std::optional<eventhub::Event> target = find(reader, located.error);
            if (!target) {
                if (located.error.isEmpty())
                    located.error = tr("No event matching the filter there.");
                return located;
            }
            for (qsizetype i = 0; i < head.size(); ++i) {
                if (head.at(i).seqId == target->seqId) {
                    located.row = int((headOffset > 0 ? 0 : scanned) + i);
                    return located;
                }
            }
            // The last block starting at or before the target, then its place in it.
            const store::SortKey key = store::HistoryReader::sortKeyOf(order, *target);
            const auto after =
                std::upper_bound(starts.begin(), starts.end(), key, [&](const store::SortKey &a, const store::SortKey &b) {
                    return store::comesBefore(order, a, b);
                });
            if (after == starts.begin()) {
                located.error = tr("That event arrived after the list was counted.");
                return located;
            }
            const qint64 block = std::distance(starts.begin(), after) - 1;
            const QList<eventhub::Event> rows = reader.read(filter, order, starts.at(block), BlockRows, located.error);
            for (qsizetype i = 0; i < rows.size(); ++i) {
                if (rows.at(i).seqId == target->seqId) {
                    located.row = int(headOffset + block * BlockRows + i);
                    located.notCountedYet = located.row >= headOffset + scanned;
                    return located;
                }
            }
            // Beyond the last block counted so far: the count has not reached it yet.
            located.notCountedYet = !counted && after == starts.end();
            located.error = tr("That event arrived after the list was counted.");
            return located;
        },
        this,
        [this, generation, find](const Located &located) {
            if (generation != *m_generation)
                return;
            m_jumping = false;
            if (located.notCountedYet && !m_counted)
                m_pendingJump = find; // the count's next report answers it
            else if (located.notCountedYet)
                jump(find); // the count ended meanwhile
            else if (located.row >= 0)
                emit jumped(located.row);
            else
                emit jumpFailed(located.error);
        });
}

void HistoryTableModel::retryPendingJump()
{
    if (m_pendingJump && !m_jumping)
        jump(std::exchange(m_pendingJump, nullptr));
}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(matchingCount(), std::numeric_limits<int>::max()));
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const eventhub::Event *event = eventAt(index.row());
    if (!event)
        return role == Qt::DisplayRole && index.column() == 0 ? QVariant(QStringLiteral("…")) : QVariant();
    return eventCellData(m_columns.at(index.column()), *event, index.column() == 0, role);
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return m_columns.at(section).title;
    if (role == Qt::ToolTipRole && !sortKeyOf(section))
        return tr("Not sortable over the whole history");
    return {};
}

} // namespace ui
