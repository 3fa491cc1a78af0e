// mesolive-bench-hub: the project's simulator as the benchmark's flood source. Prints its
// hub URL first, like mesolive-hubsim; the flood is pre-serialised (see
// EventHubSimulator::setPreserialisedFlood) unless --classic.
#include "hubsim/EventHubSimulator.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

#include <malloc.h>

int main(int argc, char *argv[])
{
    // A history page (~450 KB) passes through several buffers of that size on its way out
    // (the page, its record, QWebSocket's UTF-16 and UTF-8 copies). glibc gives buffers
    // that large back to the kernel when they are freed, and every page then faulted
    // fresh memory in: 40 % of the source's time. Kept instead, as a server's allocator
    // would, so that the source's ceiling is well above the clients it measures.
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    QCoreApplication app(argc, argv);
    hubsim::SimulatorOptions options;
    options.ratePerSecond = 0;
    options.pings = true;
    // The flood is never dropped here, and a stateful hub would keep a copy of every message
    // until the client's Ack: the figures in docs/benchmarks.md were taken without it.
    options.statefulReconnect = false;
    double floodRate = 0;
    bool classic = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const QString next = i + 1 < args.size() ? args.at(i + 1) : QString();
        if (a == QLatin1String("--flood")) {
            options.flood = next.toLongLong();
            ++i;
        } else if (a == QLatin1String("--seed-history")) {
            options.seedHistory = next.toLongLong();
            ++i;
        } else if (a == QLatin1String("--rate")) {
            options.ratePerSecond = next.toDouble();
            ++i;
        } else if (a == QLatin1String("--flood-rate")) {
            floodRate = next.toDouble();
            ++i;
        } else if (a == QLatin1String("--classic"))
            classic = true;
        else {
            std::fprintf(stderr, "mesolive-bench-hub: unknown argument %s\n", qPrintable(a));
            return 2;
        }
    }
    hubsim::EventHubSimulator simulator(options);
    simulator.setPreserialisedFlood(!classic, floodRate);
    QString error;
    if (!simulator.start(error)) {
        std::fprintf(stderr, "mesolive-bench-hub: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s\n", qPrintable(simulator.hubUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
