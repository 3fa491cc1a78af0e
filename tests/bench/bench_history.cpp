// The History pane over a big store (issue 24): builds a store of --events events once
// (cached beside this program, its path printed), then measures what a trader waits for.
// Prints numbers; docs/benchmarks.md has the targets and the figures.

#include "HistoryStoreBuilder.h"
#include "history/HistoryFilterBar.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "hubsim/SyntheticHistory.h"
#include "store/EventStore.h"
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
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

struct Arguments
{
    qint64 events = 10'000'000;
    QString dir;
    bool buildOnly = false;
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
double paintedMs(ui::HistoryPane &pane, const QElapsedTimer &clock)
{
    waitUntil([&] { return visibleRowsLoaded(pane); });
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
    std::printf("app RSS %s: %.0f MB (own memory %.0f MB, mapped files %.0f MB)\n", when, statusMb("VmRSS"),
                statusMb("RssAnon"), statusMb("RssFile"));
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

// The pane as a trader would filter it: one strategy's warnings and errors, one selected.
int screenshot(const QString &path, const QString &file)
{
    store::EventStore store;
    QString error;
    if (!store.open(path, error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    ui::HistoryPane pane;
    pane.resize(1500, 820);
    pane.show();
    pane.setStore(&store);
    waitUntil([&] { return pane.model()->isCounted(); });
    // The filter bar's saved-state keys (HistoryFilterBar::state).
    pane.filterBar()->setState({{QStringLiteral("strategy"), qint64(101)}, {QStringLiteral("severity"), 1}});
    waitUntil([&] { return pane.model()->isCounted() && pane.model()->rowCount() > 3; });
    pane.view()->selectRow(2);
    QElapsedTimer clock;
    clock.start();
    paintedMs(pane, clock);
    waitUntil([&] { return false; }, 300); // the details view and the status settle
    return pane.grab().save(file) ? 0 : 1;
}

int measure(const QString &path, qint64 events)
{
    const qint64 bytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    std::printf("store bytes per event: %.0f (%.2f GB)\n", double(bytes) / events, bytes / 1e9);

    // 1. Open: the store, the pane, its first rows painted; then the count.
    QElapsedTimer clock;
    clock.start();
    store::EventStore store;
    QString error;
    if (!store.open(path, error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    ui::HistoryPane pane;
    pane.resize(1400, 800);
    pane.show();
    pane.setStore(&store);
    std::printf("open to a painted History pane: %.0f ms\n", paintedMs(pane, clock));
    waitUntil([&] { return pane.model()->isCounted(); });
    std::printf("  and its count (%lld events): %.0f ms\n", pane.model()->matchingCount(), ms(clock));

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
    std::printf("jump to a seq, painted: median %.0f ms, max %.0f ms\n", median(times), *std::max_element(times.begin(), times.end()));

    // 5. The scroll bar dropped anywhere, painted.
    times.clear();
    QScrollBar *bar = pane.view()->verticalScrollBar();
    for (int i = 0; i < 20; ++i) {
        clock.restart();
        bar->setValue(random.bounded(bar->maximum()));
        times.append(paintedMs(pane, clock));
    }
    std::printf("scroll bar dropped anywhere, painted: median %.0f ms, max %.0f ms\n", median(times),
                *std::max_element(times.begin(), times.end()));

    // 6. Memory.
    printMemory("after the above");

    // 7. A live flood stored, the pane following it.
    constexpr int FloodEvents = 100000;
    hubsim::SyntheticHistory history(QDateTime::currentMSecsSinceEpoch(), 1, 7);
    history.skipTo(store.cursor().value_or(0));
    QList<QList<eventhub::Event>> batches;
    for (int i = 0; i < FloodEvents / 1000; ++i)
        batches.append(history.next(1000));
    clock.restart();
    for (const QList<eventhub::Event> &batch : std::as_const(batches)) {
        store.waitUntilQueuedBelow(store::EventStore::BackpressureQueuedEvents);
        store.append(batch, batch.constLast().seqId);
    }
    store.flush();
    std::printf("live flood stored (%d events into the big store): %.0f events/s\n", FloodEvents,
                FloodEvents / (clock.nsecsElapsed() / 1e9));
    waitUntil([&] { return pane.model()->latestSeqId() >= history.lastSeqId(); }, 10000);
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
    return measure(path, args.events);
}
