// The History pane over a big store (issue 24): builds a store of --events events once
// (cached beside this program, its path printed), then measures what a trader waits for.
// Prints numbers; docs/benchmarks.md has the targets and the figures.

#include "HistoryStoreBuilder.h"
#include "history/HistoryFilterBar.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "models/EventTableModel.h"
#include "models/PaneCatalog.h"
#include "hubsim/SyntheticHistory.h"
#include "store/EventStore.h"
#include "widgets/EventInspector.h"
#include "widgets/EventTableView.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTimer>

#include <algorithm>
#include <cstdio>

#include <malloc.h>

namespace {

struct Arguments
{
    qint64 events = 10'000'000;
    QString dir;
    bool buildOnly = false;
    // Only the live flood (step 8), to measure the store's writes quickly.
    bool floodOnly = false;
    // Instead of measuring: the pane with a filter applied, saved as this PNG.
    QString screenshot;
};

Arguments parseArguments(const QStringList &arguments)
{
    Arguments args;
    args.dir = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench-history"));
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--events") && i + 1 < arguments.size())
            args.events = arguments.at(++i).toLongLong();
        else if (arguments.at(i) == QLatin1String("--dir") && i + 1 < arguments.size())
            args.dir = arguments.at(++i);
        else if (arguments.at(i) == QLatin1String("--flood-only"))
            args.floodOnly = true;
        else if (arguments.at(i) == QLatin1String("--build-only"))
            args.buildOnly = true;
        else if (arguments.at(i) == QLatin1String("--screenshot") && i + 1 < arguments.size())
            args.screenshot = arguments.at(++i);
    }
    return args;
}

// Events 10 ms apart, ending about now: a long automation history.
constexpr qint64 StepMs = 10;

bool waitUntil(const std::function<bool()> &done, int timeoutMs = 60000)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start(1);
    loop.exec();
    return done();
}

double ms(const QElapsedTimer &clock)
{
    return clock.nsecsElapsed() / 1e6;
}

// Whether every row the view shows is read (a paint then shows them all).
bool visibleRowsLoaded(ui::HistoryPane &pane)
{
    ui::EventTableView *view = pane.view();
    const int first = std::max(0, view->rowAt(0));
    int last = view->rowAt(view->viewport()->height() - 1);
    if (last < 0)
        last = pane.model()->rowCount() - 1;
    for (int row = first; row <= last; ++row) {
        if (!pane.model()->isLoaded(row))
            return false;
    }
    return true;
}

// Waits until the visible rows are read, then paints the view: the time a user waits.
// `readMs`, if given, gets the time until the rows were read (the rest is painting).
double paintedMs(ui::HistoryPane &pane, const QElapsedTimer &clock, double *readMs = nullptr)
{
    waitUntil([&] { return visibleRowsLoaded(pane); });
    if (readMs)
        *readMs = ms(clock);
    pane.view()->viewport()->grab();
    return ms(clock);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// A line of /proc/self/status in MB ("VmRSS", "RssAnon", "RssFile").
double statusMb(const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toLongLong() / 1024.0;
    }
    return -1;
}

// RSS, and its parts: the process's own memory, and pages of the store's file mapped in.
void printMemory(const char *when)
{
    std::printf("app RSS %s: %.0f MB (own memory %.0f MB, mapped files %.0f MB)\n", when, statusMb("VmRSS"), statusMb("RssAnon"),
                statusMb("RssFile"));
}

// CPU seconds of one of this process's threads (/proc/self/task/ID/schedstat's first
// field: nanoseconds on a CPU): the work of that thread, whatever else the machine runs.
double taskCpuSeconds(const QString &task)
{
    QFile schedstat(QStringLiteral("/proc/self/task/%1/schedstat").arg(task));
    return schedstat.open(QIODevice::ReadOnly) ? schedstat.readAll().split(' ').first().toLongLong() / 1e9 : -1;
}

double mainThreadCpuSeconds()
{
    return taskCpuSeconds(QString::number(QCoreApplication::applicationPid()));
}

// The thread named `name` (its first 15 characters, as Linux keeps them).
double threadCpuSeconds(const QString &name)
{
    for (const QString &task : QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(task));
        if (comm.open(QIODevice::ReadOnly) && QString::fromUtf8(comm.readAll().trimmed()) == name.left(15))
            return taskCpuSeconds(task);
    }
    return -1;
}

double countMs(ui::HistoryPane &pane, const store::HistoryFilter &filter, qint64 &count)
{
    QElapsedTimer clock;
    clock.start();
    pane.model()->setFilter(filter);
    waitUntil([&] { return pane.model()->isCounted(); });
    count = pane.model()->matchingCount();
    return paintedMs(pane, clock);
}

// The pane as a trader would filter it: one strategy's warnings and errors, one selected,
// its fields in the inspector beside the pane as on the desk.
int screenshot(const QString &path, const QString &file)
{
    store::EventStore store;
    QString error;
    if (!store.open(path, error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    QSplitter window;
    auto *historyPane = new ui::HistoryPane(&window);
    ui::HistoryPane &pane = *historyPane;
    auto *inspector = new ui::EventInspector(&window);
    inspector->follow(
        historyPane, historyPane->view(), QStringLiteral("History"),
        [historyPane](eventhub::Event &event, QList<eventhub::Event> &) { return historyPane->currentEvent(event); });
    window.resize(1500, 820);
    window.setSizes({1100, 400});
    window.show();
    pane.setStore(&store);
    waitUntil([&] { return pane.model()->isCounted(); });
    // The filter bar's saved-state keys (HistoryFilterBar::state).
    pane.filterBar()->setState({{QStringLiteral("strategy"), qint64(101)}, {QStringLiteral("severity"), 1}});
    waitUntil([&] { return pane.model()->isCounted() && pane.model()->rowCount() > 3; });
    pane.view()->selectRow(2);
    QElapsedTimer clock;
    clock.start();
    paintedMs(pane, clock);
    waitUntil([&] { return false; }, 300); // the inspector and the status settle
    return window.grab().save(file) ? 0 : 1;
}

// Steps 2-6: filters with their counts, words, jumps, scroll-bar drops and drags.
int measureFilters(ui::HistoryPane &pane, qint64 events)
{
    QElapsedTimer clock;
    // 2. Strategy + kind, with the count.
    QList<double> times;
    qint64 count = 0;
    for (const qint64 strategy : {101, 104, 107}) {
        store::HistoryFilter filter;
        filter.strategyIds = {strategy};
        filter.kinds = {QStringLiteral("OrderUpdate")};
        times.append(countMs(pane, filter, count));
    }
    std::printf("filter strategy + kind with count (%lld matching): median %.0f ms, max %.0f ms\n", count, median(times),
                *std::max_element(times.begin(), times.end()));
    store::HistoryFilter errors;
    errors.kinds = {QStringLiteral("Error")};
    std::printf("filter kind Error with count: %.0f ms", countMs(pane, errors, count));
    std::printf(" (%lld matching)\n", count);

    // 3. Words, with the count: a rare word, a common one, two together.
    for (const QString &words : {QStringLiteral("rejected"), QStringLiteral("condor"), QStringLiteral("spx margin")}) {
        store::HistoryFilter filter;
        filter.text = words;
        const double time = countMs(pane, filter, count);
        std::printf("text search \"%s\" with count: %.0f ms (%lld matching)\n", qPrintable(words), time, count);
    }
    countMs(pane, {}, count);

    // 4. Jump to a seq anywhere, painted.
    times.clear();
    QRandomGenerator random(24);
    QSignalSpy jumped(pane.model(), &ui::HistoryTableModel::jumped);
    for (int i = 0; i < 10; ++i) {
        const qint64 seq = 1 + random.bounded(events);
        clock.restart();
        pane.jumpTo(QString::number(seq));
        if (!jumped.wait(10000))
            return 1;
        times.append(paintedMs(pane, clock));
    }
    std::printf("jump to a seq, painted: median %.0f ms, max %.0f ms\n", median(times),
                *std::max_element(times.begin(), times.end()));

    // 5. The scroll bar dropped anywhere, painted.
    times.clear();
    QList<double> readTimes;
    QScrollBar *bar = pane.view()->verticalScrollBar();
    for (int i = 0; i < 20; ++i) {
        clock.restart();
        bar->setValue(random.bounded(bar->maximum()));
        double readMs = 0;
        times.append(paintedMs(pane, clock, &readMs));
        readTimes.append(readMs);
    }
    std::printf("scroll bar dropped anywhere, painted: median %.0f ms, max %.0f ms (rows read: median %.0f ms)\n", median(times),
                *std::max_element(times.begin(), times.end()), median(readTimes));

    // 6. The scroll bar dragged: the view painted at 12 places on the way, a frame (16 ms)
    // apart as a mouse moves it, then dropped; the clock runs from the drop.
    times.clear();
    for (int i = 0; i < 10; ++i) {
        const int from = bar->value();
        const int to = random.bounded(bar->maximum());
        for (int step = 1; step <= 12; ++step) {
            bar->setValue(from + qint64(to - from) * step / 13);
            pane.view()->viewport()->repaint();
            waitUntil([] { return false; }, 16);
        }
        clock.restart();
        bar->setValue(to);
        times.append(paintedMs(pane, clock));
    }
    std::printf("scroll bar dragged across the table, painted after the drop: median %.0f ms, max %.0f ms\n", median(times),
                *std::max_element(times.begin(), times.end()));

    return 0;
}

int measure(const QString &path, bool floodOnly)
{
    // 1. Open: the store, the pane, its first rows painted; then the count.
    QElapsedTimer clock;
    clock.start();
    store::EventStore store;
    QString error;
    if (!store.open(path, error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 bytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    const qint64 events = store.cursor().value_or(0); // EventSeqIds 1 to the cursor
    std::printf("store bytes per event: %.0f (%.2f GB, %lld events)\n", double(bytes) / std::max<qint64>(1, events), bytes / 1e9,
                events);
    ui::HistoryPane pane;
    pane.resize(1400, 800);
    pane.show();
    pane.setStore(&store);
    std::printf("open to a painted History pane: %.0f ms\n", paintedMs(pane, clock));
    {
        // While the count goes on: a jump 50,000 rows down, then the scroll bar dropped at
        // the end of what is counted so far.
        QSignalSpy jumped(pane.model(), &ui::HistoryTableModel::jumped);
        QElapsedTimer jumpClock;
        jumpClock.start();
        pane.jumpTo(QString::number(std::max<qint64>(1, events - 50000)));
        if (jumped.wait(30000))
            std::printf("  jump 50,000 rows down during the count, painted: %.0f ms (counted then: %s)\n",
                        paintedMs(pane, jumpClock), pane.model()->isCounted() ? "yes" : "no");
        QScrollBar *bar = pane.view()->verticalScrollBar();
        jumpClock.restart();
        bar->setValue(bar->maximum());
        std::printf("  scroll bar dropped at the end during the count, painted: %.0f ms (%d rows counted then%s)\n",
                    paintedMs(pane, jumpClock), pane.model()->rowCount(), pane.model()->isCounted() ? ", all" : "");
        bar->setValue(0);
    }
    waitUntil([&] { return pane.model()->isCounted(); });
    std::printf("  and its count (%lld events): %.0f ms\n", pane.model()->matchingCount(), ms(clock));
    if (pane.model()->textIndexed() < 1) {
        // A store of an older layout: its words are indexed in the background
        // (TextIndexBackfill), which the text searches below need done.
        std::printf("  words of the stored events being indexed in the background (%.0f %% done)...\n",
                    pane.model()->textIndexed() * 100);
        std::fflush(stdout);
        const double cpuBefore = threadCpuSeconds(QStringLiteral("text-index"));
        clock.restart();
        waitUntil([&] { return store.textIndexProgress() >= 1; }, 24 * 3600 * 1000);
        std::printf("  words indexed in %.0f s (%.0f s CPU of its thread)\n", ms(clock) / 1000,
                    threadCpuSeconds(QStringLiteral("text-index")) - cpuBefore);
        // Then it merges the index's segments: done when its thread stops working.
        double cpu = threadCpuSeconds(QStringLiteral("text-index"));
        for (double previous = -1; cpu != previous; cpu = threadCpuSeconds(QStringLiteral("text-index"))) {
            previous = cpu;
            waitUntil([] { return false; }, 1000);
        }
        std::printf("  and its segments merged, in all %.0f s (%.0f s CPU of its thread)\n", ms(clock) / 1000, cpu - cpuBefore);
    }

    if (!floodOnly && measureFilters(pane, store.cursor().value_or(0)) != 0)
        return 1;

    // 7. Memory.
    printMemory("after the above");

    // 8. A live flood: the live panes' models take it, then the store, the pane following.
    constexpr int FloodEvents = 100000;
    hubsim::SyntheticHistory history(QDateTime::currentMSecsSinceEpoch(), 1, 7);
    history.skipTo(store.cursor().value_or(0));
    QList<QList<eventhub::Event>> batches;
    for (int i = 0; i < FloodEvents / 1000; ++i)
        batches.append(history.next(1000));
    {
        QList<ui::EventTableModel *> models;
        for (const ui::PaneDefinition &definition : ui::livePaneDefinitions(ui::EventTableModel::Options{}.maxRows))
            models.append(new ui::EventTableModel(definition.model, qApp));
        const double cpuBefore = mainThreadCpuSeconds();
        clock.restart();
        for (const QList<eventhub::Event> &batch : std::as_const(batches)) {
            for (ui::EventTableModel *model : std::as_const(models))
                model->addEvents(batch);
        }
        std::printf("live flood into the seven live panes' models: %.0f events/s (%.1f us CPU per event)\n",
                    FloodEvents / (clock.nsecsElapsed() / 1e9), (mainThreadCpuSeconds() - cpuBefore) * 1e6 / FloodEvents);
        qDeleteAll(models);
    }
    const double storeCpuBefore = threadCpuSeconds(QStringLiteral("event-store"));
    clock.restart();
    for (const QList<eventhub::Event> &batch : std::as_const(batches)) {
        store.waitUntilQueuedBelow(store::EventStore::BackpressureQueuedEvents);
        store.append(batch, batch.constLast().seqId);
    }
    store.flush();
    std::printf("live flood stored (%d events into the big store): %.0f events/s (%.1f us CPU per event)\n", FloodEvents,
                FloodEvents / (clock.nsecsElapsed() / 1e9),
                (threadCpuSeconds(QStringLiteral("event-store")) - storeCpuBefore) * 1e6 / FloodEvents);
    batches.clear();
    waitUntil([&] { return pane.model()->latestSeqId() >= history.lastSeqId(); }, 10000);
    // The flood this benchmark made (about 150 MB) is freed; glibc keeps freed memory
    // unless asked to return it, and the app's RSS is the figure.
    malloc_trim(0);
    printMemory("at the end");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const Arguments args = parseArguments(app.arguments());
    QDir().mkpath(args.dir);
    const QString path = QDir(args.dir).filePath(QStringLiteral("events-%1.sqlite").arg(args.events));
    std::printf("store: %s\n", qPrintable(path));
    if (!QFile::exists(path) && !buildHistoryStore(path, args.events, StepMs))
        return 1;
    if (args.buildOnly)
        return 0;
    if (!args.screenshot.isEmpty())
        return screenshot(path, args.screenshot);
    return measure(path, args.floodOnly);
}
