// mesolive-hubsim: the Event Hub simulator as a program, for scripts, tests and benchmarks.
// The first line on stdout is the hub URL.

#include "hubsim/EventHubSimulator.h"
#include "mesolive/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

bool readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, double minimum, double &value)
{
    if (!parser.isSet(option))
        return true;
    // Every count fits a qint64 and a seed a quint32 well below this: no value overflows its cast.
    constexpr double Maximum = 1e12;
    bool ok = false;
    value = parser.value(option).toDouble(&ok);
    if (ok && value >= minimum && value <= Maximum)
        return true;
    std::fprintf(stderr, "mesolive-hubsim: --%s takes a number from %g to %g, not '%s'.\n",
                 qPrintable(option.names().constFirst()), minimum, Maximum, qPrintable(parser.value(option)));
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mesolive-hubsim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MESOLIVE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A stand-in for the MesoLive Event Hub on 127.0.0.1 (or ::1): negotiate, WebSocket, SignalR JSON and\n"
        "MessagePack (handshake versions 1 and 2, arguments bound ignoring case, stateful reconnect, as ASP.NET Core),\n"
        "synthetic activity across ten strategies, history paging, and faults on demand.\n"
        "The first line printed on stdout is the hub URL."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port to listen on (0 = any free port)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Loopback address to listen on: 127.0.0.1 (default) or ::1."),
                                    QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption hubPath(QStringLiteral("hub-path"), QStringLiteral("The hub's path."), QStringLiteral("PATH"),
                                     QStringLiteral("/hubs/events"));
    const QCommandLineOption apiKey(QStringLiteral("api-key"), QStringLiteral("Accept only this API key (default: any)."),
                                    QStringLiteral("KEY"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Events per second of background activity (default 2)."),
                                  QStringLiteral("R"));
    const QCommandLineOption seedHistory(QStringLiteral("seed-history"), QStringLiteral("Events of history present at start."),
                                         QStringLiteral("N"));
    const QCommandLineOption flood(QStringLiteral("flood"),
                                   QStringLiteral("After the first subscribe, N events as fast as the socket drains."),
                                   QStringLiteral("N"));
    const QCommandLineOption dropAfter(QStringLiteral("drop-after"), QStringLiteral("Abort each connection after N callbacks."),
                                       QStringLiteral("N"));
    const QCommandLineOption noPings(QStringLiteral("no-pings"), QStringLiteral("Never send keepalive pings."));
    const QCommandLineOption log(QStringLiteral("log"),
                                 QStringLiteral("Durable event log: a restarted simulator keeps its history."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the synthetic activity (default 1)."),
                                  QStringLiteral("N"));
    const QCommandLineOption camelCase(
        QStringLiteral("camel-case"),
        QStringLiteral("Write JSON property names camelCase, as a stock ASP.NET Core hub does (MessagePack keeps PascalCase)."));
    const QCommandLineOption splitFrames(
        QStringLiteral("split-frames"),
        QStringLiteral("Cut every WebSocket message into frames of N bytes, inside UTF-8 characters too, as RFC 6455 allows and "
                       "ASP.NET Core does with large messages."),
        QStringLiteral("N"));
    const QCommandLineOption noStateful(QStringLiteral("no-stateful"),
                                        QStringLiteral("Never grant stateful reconnect (granted by default to clients that ask, "
                                                       "as ASP.NET Core 8+ with AllowStatefulReconnects)."));
    parser.addOptions({port, listen, hubPath, apiKey, rate, seedHistory, flood, dropAfter, noPings, log, seed, camelCase,
                       splitFrames, noStateful});
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "mesolive-hubsim: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    hubsim::SimulatorOptions options;
    double portValue = 0, rateValue = options.ratePerSecond, seedHistoryValue = 0, floodValue = 0, dropValue = 0, seedValue = 1,
           frameValue = 0;
    if (!readNumber(parser, port, 0, portValue) || portValue > 65535 || !readNumber(parser, rate, 0, rateValue)
        || !readNumber(parser, seedHistory, 0, seedHistoryValue) || !readNumber(parser, flood, 0, floodValue)
        || !readNumber(parser, dropAfter, 0, dropValue) || !readNumber(parser, seed, 0, seedValue)
        || !readNumber(parser, splitFrames, 0, frameValue))
        return 2;
    if (seedValue > 4294967295.0) {
        std::fprintf(stderr, "mesolive-hubsim: --seed takes a number from 0 to 4294967295.\n");
        return 2;
    }
    options.port = static_cast<quint16>(portValue);
    // Loopback only: the simulator accepts any key and is not meant to be reachable.
    options.address = QHostAddress(parser.value(listen));
    if (!options.address.isLoopback()) {
        std::fprintf(stderr, "mesolive-hubsim: --listen takes a loopback address (127.0.0.1, ::1), not '%s'.\n",
                     qPrintable(parser.value(listen)));
        return 2;
    }
    options.hubPath = parser.value(hubPath);
    options.apiKey = parser.value(apiKey);
    options.ratePerSecond = rateValue;
    options.seedHistory = static_cast<qint64>(seedHistoryValue);
    options.flood = static_cast<qint64>(floodValue);
    options.dropAfter = static_cast<qint64>(dropValue);
    options.pings = !parser.isSet(noPings);
    options.logPath = parser.value(log);
    options.seed = static_cast<quint32>(seedValue);
    options.camelCase = parser.isSet(camelCase);
    options.frameSize = static_cast<quint64>(frameValue);
    options.statefulReconnect = !parser.isSet(noStateful);

    hubsim::EventHubSimulator simulator(options);
    QString error;
    if (!simulator.start(error)) {
        std::fprintf(stderr, "mesolive-hubsim: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s\n", qPrintable(simulator.hubUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
