// The History pane over a big store (issue 24): builds a store of --events events once
// (cached beside this program, its path printed), then measures what a trader waits for.
// Prints numbers; docs/benchmarks.md has the targets and the figures.

#include "hubsim/SyntheticHistory.h"
#include "store/EventStore.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>

namespace {

struct Arguments
{
    qint64 events = 10'000'000;
    QString dir;
    bool buildOnly = false;
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
    }
    return args;
}

// Events 10 ms apart, ending about now: a long automation history.
constexpr qint64 StepMs = 10;

// Builds (or completes, after an interrupted build) the cached store. Returns false when it
// cannot be opened.
bool buildStore(const QString &path, qint64 events)
{
    store::EventStore store;
    QString error;
    if (!store.open(path, error)) {
        std::fprintf(stderr, "store %s: %s\n", qPrintable(path), qPrintable(error));
        return false;
    }
    const qint64 have = store.cursor().value_or(0);
    if (have >= events)
        return true;
    std::printf("building %lld events in %s (once; %lld there)\n", events, qPrintable(path), have);
    std::fflush(stdout);
    const qint64 firstTimeMs = QDateTime::currentMSecsSinceEpoch() - events * StepMs;
    hubsim::SyntheticHistory history(firstTimeMs + have * StepMs, StepMs);
    history.skipTo(have);
    QElapsedTimer clock;
    clock.start();
    while (history.lastSeqId() < events) {
        const QList<eventhub::Event> chunk = history.next(int(std::min<qint64>(10000, events - history.lastSeqId())));
        store.waitUntilQueuedBelow(store::EventStore::BackpressureQueuedEvents);
        store.append(chunk, history.lastSeqId(), 0);
        if (history.lastSeqId() % 1'000'000 == 0) {
            std::printf("  %lld events, %.0f s\n", history.lastSeqId(), clock.elapsed() / 1000.0);
            std::fflush(stdout);
        }
    }
    store.flush();
    std::printf("built in %.0f s\n", clock.elapsed() / 1000.0);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const Arguments args = parseArguments(app.arguments());
    QDir().mkpath(args.dir);
    const QString path = QDir(args.dir).filePath(QStringLiteral("events-%1.sqlite").arg(args.events));
    std::printf("store: %s\n", qPrintable(path));
    if (!buildStore(path, args.events))
        return 1;
    if (args.buildOnly)
        return 0;
    return 0;
}
