// mesolive-bench-client: our side of the benchmarks, each mode printing one JSON object.
//
//   models  --hub URL --events N [--max-rows R] [--proxies]   the GUI's live models fed
//           headless (EventHubClient -> EventFeed -> the seven live pane models, as
//           MainWindow wires them; --proxies: each with its pane's EventFilterProxy):
//           ingest rate, latency from EventTime, UI-thread stall, memory.
//           MESOLIVE_BENCH_TRACE=FILE: each batch (size, time in the models, latency
//           range) and each lateness of the stall timer over 10 ms, with times.
//   history --hub URL --events N                   paging through GetEventsSince.
//   decode  --events N                             framing + parsing + dispatch of the
//           callbacks of pre-built 16 KB messages, no network (for callgrind).
//   csv     --events N --dir DIR                   CSV export of N stored events
//           (HistoryExporter from an EventStore), MB/s.
//   socket  --hub URL --events N                   QWebSocket alone: negotiate, handshake,
//           subscribe and count the callbacks in each text message, nothing else: the
//           ceiling of any client built on QWebSocket (as ours must be).
#include "eventhub/Event.h"
#include "eventhub/EventHubClient.h"
#include "eventhub/HistoryReplay.h"
#include "exporting/CsvEventWriter.h"
#include "export/HistoryExporter.h"
#include "feed/EventFeed.h"
#include "hubsim/ActivityGenerator.h"
#include "hubsim/EventLog.h"
#include "hubsim/SequenceEventId.h"
#include "hubsim/StrategyCatalog.h"
#include "models/EventFilterProxy.h"
#include "models/EventRateMeter.h"
#include "models/PaneCatalog.h"
#include "signalr/HandshakeProtocol.h"
#include "signalr/HubSession.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/Negotiator.h"
#include "signalr/TextRecordFraming.h"
#include "signalr/WebSocketText.h"
#include "signalr/WebSocketTransport.h"
#include "store/EventStore.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QWebSocket>

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

struct Args
{
    QString mode;
    QUrl hub;
    qint64 events = 100000;
    int maxRows = 10000;
    bool proxies = false;
    QString dir;
};

qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

void print(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size() - 1) + 0.5));
    return double(values[index]);
}

eventhub::EventHubClient *makeClient(const QUrl &hub, QObject *parent)
{
    eventhub::EventHubSettings settings;
    signalr::HubConnectionOptions options;
    options.hubUrl = hub;
    options.accessTokenProvider = [] { return QStringLiteral("bench"); };
    options.retryInitialConnection = false;
    return new eventhub::EventHubClient(options, parent);
}

int runModels(const Args &args)
{
    auto *client = makeClient(args.hub, qApp);
    feed::EventFeed::Options feedOptions; // as MonitorSession: its default batch interval, all strategies
    auto *feed = new feed::EventFeed(*client, feedOptions, qApp);
    QList<ui::EventTableModel *> models;
    for (const ui::PaneDefinition &definition : ui::livePaneDefinitions(args.maxRows))
        models.append(new ui::EventTableModel(definition.model, qApp));
    if (args.proxies) {
        // As each live pane has one (unsorted, unfiltered until the user asks): not part of
        // the documented figures, a way to see what the panes' proxies add.
        for (ui::EventTableModel *model : std::as_const(models))
            (new ui::EventFilterProxy(qApp))->setSourceModel(model);
    }
    auto *meter = new ui::EventRateMeter;

    // The benchmark's own latency samples are allocated before the heap is measured:
    // they are not the client's memory.
    std::vector<qint64> latencies;
    latencies.reserve(size_t(args.events));
    const qint64 heapBefore = heapInUse();
    qint64 received = 0;
    QElapsedTimer clock;
    qint64 firstNs = -1, lastNs = -1;
    qint64 maxStallMs = 0;
    bool done = false;

    // The UI thread's lateness: a 5 ms timer measuring how late it fires.
    QTimer stallTimer;
    stallTimer.setTimerType(Qt::PreciseTimer);
    QElapsedTimer sinceTick;
    FILE *trace = qEnvironmentVariableIsSet("MESOLIVE_BENCH_TRACE") ? std::fopen(qgetenv("MESOLIVE_BENCH_TRACE").constData(), "w")
                                                                    : nullptr;
    QObject::connect(&stallTimer, &QTimer::timeout, qApp, [&] {
        const qint64 late = sinceTick.elapsed() - 5;
        sinceTick.restart();
        if (firstNs >= 0 && !done)
            maxStallMs = std::max(maxStallMs, late);
        if (trace && late > 10)
            std::fprintf(trace, "%8.1f stall %lld\n", clock.nsecsElapsed() / 1e6, late);
    });

    QObject::connect(feed, &feed::EventFeed::eventsArrived, qApp, [&](const QList<eventhub::Event> &events) {
        const qint64 beforeNs = clock.nsecsElapsed();
        for (ui::EventTableModel *model : std::as_const(models))
            model->addEvents(events);
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        if (trace && !events.isEmpty())
            std::fprintf(trace, "%8.1f batch %lld models %.1f ms lat %lld..%lld\n", beforeNs / 1e6, (long long)events.size(),
                         (clock.nsecsElapsed() - beforeNs) / 1e6, nowMs - events.constLast().timeMs,
                         nowMs - events.constFirst().timeMs);
        meter->record(events, nowMs);
        const qint64 start = feed->startingPoint().value_or(0);
        for (const eventhub::Event &event : events) {
            if (event.seqId <= start)
                continue; // the active state pushed on connect
            if (firstNs < 0) {
                firstNs = clock.nsecsElapsed();
                sinceTick.start();
                stallTimer.start(5);
            }
            latencies.push_back(nowMs - event.timeMs);
            ++received;
        }
        if (received >= args.events && !done) {
            done = true;
            lastNs = clock.nsecsElapsed();
            QTimer::singleShot(0, qApp, [&] {
                qint64 retained = 0;
                double rawBytes = 0;
                qint64 rawSamples = 0;
                for (ui::EventTableModel *model : std::as_const(models)) {
                    for (int row = 0; row < model->rowCount(); ++row) {
                        retained += 1 + model->historyAt(row).size();
                        if (rawSamples < 2000 && row % 7 == 0) {
                            rawBytes += model->eventAt(row).payloadJson().size();
                            ++rawSamples;
                        }
                    }
                }
                const qint64 heapAfter = heapInUse();
                const double seconds = (lastNs - firstNs) / 1e9;
                const double perRetained = retained > 0 ? double(heapAfter - heapBefore) / double(retained) : 0;
                const double rawJson = rawSamples > 0 ? rawBytes / double(rawSamples) : 0;
                print(QJsonObject{
                    {"mode", "models"},
                    {"events", received},
                    {"seconds", seconds},
                    {"rate", (received - 1) / std::max(seconds, 1e-9)},
                    {"p50_ms", percentile(latencies, 50)},
                    {"p99_ms", percentile(latencies, 99)},
                    {"max_stall_ms", double(maxStallMs)},
                    {"max_rows", args.maxRows},
                    {"retained", retained},
                    {"heap_bytes", double(heapAfter - heapBefore)},
                    {"bytes_per_retained", perRetained},
                    {"raw_json_bytes", rawJson},
                    {"beyond_raw_bytes", perRetained - rawJson},
                    {"peak_rss_kib", peakRssKiB()},
                });
                QCoreApplication::exit(0);
            });
        }
    });
    QObject::connect(&client->connection(), &signalr::HubConnection::closed, qApp, [&](const signalr::ConnectionError &error) {
        if (!done) {
            std::fprintf(stderr, "connection closed: %s\n", qPrintable(error.message));
            QCoreApplication::exit(1);
        }
    });
    clock.start();
    client->start();
    return QCoreApplication::exec();
}

int runHistory(const Args &args)
{
    auto *client = makeClient(args.hub, qApp);
    QElapsedTimer clock;
    qint64 count = 0;
    QObject::connect(&client->connection(), &signalr::HubConnection::connected, qApp, [&] {
        clock.start();
        auto *replay = new eventhub::HistoryReplay(*client, 0, qApp);
        QObject::connect(replay, &eventhub::HistoryReplay::pageReceived, qApp,
                         [&](const QList<eventhub::Event> &events) { count += events.size(); });
        QObject::connect(replay, &eventhub::HistoryReplay::finished, qApp, [&] {
            const double seconds = clock.nsecsElapsed() / 1e9;
            print(QJsonObject{{"mode", "history"}, {"events", count}, {"seconds", seconds}, {"rate", count / seconds}});
            QCoreApplication::exit(count >= args.events ? 0 : 1);
        });
        QObject::connect(replay, &eventhub::HistoryReplay::failed, qApp, [](const QString &error) {
            std::fprintf(stderr, "history failed: %s\n", qPrintable(error));
            QCoreApplication::exit(1);
        });
        replay->start();
    });
    client->start();
    return QCoreApplication::exec();
}

// A message's bytes as HubSession has them from QWebSocket (with simdjson's padding after).
QByteArray asReceived(const QByteArray &message)
{
    return signalr::utf8FromWebSocketText(QString::fromUtf8(message));
}

// Order updates as the flood sends them: stamped by an EventLog, encoded as callbacks.
QList<QByteArray> floodMessages(int distinct)
{
    hubsim::StrategyCatalog catalog;
    hubsim::ActivityGenerator generator(catalog, quint32(1));
    hubsim::EventLog log;
    const signalr::JsonHubProtocol protocol;
    QList<QByteArray> messages;
    QByteArray message;
    for (int i = 0; i < distinct; ++i) {
        const hubsim::GeneratedEvent generated = generator.nextOrderUpdate();
        const eventhub::Event &event = log.append(generated.kind, generated.payload, QDateTime::currentDateTimeUtc());
        message += protocol.encode(
            signalr::HubMessage::invocation(QString(), eventhub::callbackName(event.kind), QJsonArray{event.payload()}));
        if (message.size() >= 16 * 1024)
            messages.append(asReceived(std::exchange(message, {})));
    }
    if (!message.isEmpty())
        messages.append(asReceived(message));
    return messages;
}

// What HubSession::processRecords, HubConnection::dispatchInvocation and
// EventHubClient::onCallback do for each callback record, without the socket.
int runDecode(const Args &args)
{
    const QList<QByteArray> messages = floodMessages(2048);
    qint64 bytes = 0;
    for (const QByteArray &m : messages)
        bytes += m.size();
    const signalr::JsonHubProtocol protocol;
    auto framing = protocol.createFraming(1024 * 1024);
    qint64 delivered = 0;
    qint64 checksum = 0;
    QHash<QString, signalr::HubConnection::Handler> handlers;
    for (eventhub::EventKind kind : eventhub::allEventKinds()) {
        const QString target = eventhub::callbackName(kind);
        handlers.insert(target, [&, target](const signalr::RawJsonList &arguments) {
            eventhub::Event event;
            QString problem;
            if (arguments.size() == 1 && eventhub::eventFromCallback(target, arguments.at(0), event, problem)) {
                ++delivered;
                checksum += event.seqId + event.strategyId;
            }
        });
    }
    QElapsedTimer clock;
    clock.start();
    QByteArray record;
    signalr::HubMessage message;
    QString error;
    qint64 index = 0;
    while (delivered < args.events) {
        framing->append(messages.at(index++ % messages.size()));
        while (framing->nextRecord(record)) {
            if (!protocol.decode(record, message, error))
                return 1;
            const auto handler = handlers.constFind(message.target);
            if (handler != handlers.constEnd())
                (*handler)(message.arguments);
        }
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    print(QJsonObject{{"mode", "decode"},
                      {"events", delivered},
                      {"seconds", seconds},
                      {"rate", delivered / seconds},
                      {"record_bytes", double(bytes) / 2048.0},
                      {"checksum", checksum}});
    return 0;
}

int runCsv(const Args &args)
{
    const QString storePath = QDir(args.dir).filePath(QStringLiteral("csv-%1.sqlite").arg(args.events));
    QElapsedTimer clock;
    double buildSeconds = 0;
    store::EventStore store;
    QString error;
    const bool fresh = !QFileInfo::exists(storePath);
    if (!store.open(storePath, error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    // One event more than exported, a day later: the walk stops there, as the query's end
    // is passed, instead of asking a hub for what follows the store.
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - args.events * 10;
    if (fresh || store.cursor().value_or(0) < args.events + 1) {
        clock.start();
        hubsim::StrategyCatalog catalog;
        hubsim::ActivityGenerator generator(catalog, quint32(1));
        qint64 seq = store.cursor().value_or(0);
        while (seq < args.events + 1) {
            // Stamped in chunks by a short-lived log: a million-event log would not fit.
            QList<eventhub::Event> chunk;
            for (int i = 0; i < 10000 && seq < args.events + 1; ++i) {
                const hubsim::GeneratedEvent generated = generator.nextFromMix(hubsim::ActivityGenerator::defaultFloodMix());
                eventhub::Event event;
                QJsonObject payload = generated.payload;
                ++seq;
                payload.insert(QLatin1String("EventId"), hubsim::sequenceEventId(seq));
                payload.insert(QLatin1String("EventSeqId"), seq);
                payload.insert(QLatin1String("EventTime"), hubsim::EventLog::formatEventTime(QDateTime::fromMSecsSinceEpoch(
                                                               t0 + seq * 10 + (seq > args.events ? 86400000 : 0), Qt::UTC)));
                QString problem;
                eventhub::parseEvent(eventhub::kindName(generated.kind), payload, event, problem);
                chunk.append(event);
            }
            store.append(chunk, seq, 0);
            store.flush();
        }
        buildSeconds = clock.nsecsElapsed() / 1e9;
    }

    const QString out = QDir(args.dir).filePath(QStringLiteral("export.csv"));
    QFile::remove(out);
    store::HistoryFilter filter;
    // The stored events' times were relative to when the store was built: the end is the
    // last exported event's time, read back.
    QList<eventhub::Event> last;
    store.readAfter(args.events - 1, 1, qApp, [&](const QList<eventhub::Event> &events) {
        last = events;
        QCoreApplication::exit(0);
    });
    QCoreApplication::exec();
    if (last.isEmpty())
        return 1;
    filter.toMs = last.constFirst().timeMs + 1;
    ui::HistoryExporter exporter(store.path(), filter, {store::HistorySortKey::Seq, false}, args.events, out);
    bool ok = false;
    QString message;
    QObject::connect(&exporter, &ui::HistoryExporter::finished, qApp,
                     [&](ui::HistoryExporter::Outcome outcome, const QString &text) {
                         ok = outcome == ui::HistoryExporter::Outcome::Exported;
                         message = text;
                         QCoreApplication::exit(0);
                     });
    clock.restart();
    exporter.start();
    QCoreApplication::exec();
    const double seconds = clock.nsecsElapsed() / 1e9;
    const qint64 size = QFileInfo(out).size();
    QFile::remove(out);
    if (!ok) {
        std::fprintf(stderr, "export failed: %s\n", qPrintable(message));
        return 1;
    }

    // The writer alone, on the last page of events in memory: how much of it is formatting.
    QList<eventhub::Event> sample;
    store.readAfter(std::max<qint64>(0, args.events - 20000), 20000, qApp, [&](const QList<eventhub::Event> &events) {
        sample = events;
        QCoreApplication::exit(0);
    });
    QCoreApplication::exec();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    exporting::CsvEventWriter writer(buffer);
    clock.restart();
    for (const eventhub::Event &event : std::as_const(sample))
        writer.write(event);
    const double writerSeconds = clock.nsecsElapsed() / 1e9;

    print(QJsonObject{{"mode", "csv"},
                      {"events", exporter.rowsWritten()},
                      {"seconds", seconds},
                      {"bytes", double(size)},
                      {"mb_per_s", size / 1e6 / seconds},
                      {"writer_mb_per_s", buffer.size() / 1e6 / writerSeconds},
                      {"store_build_seconds", buildSeconds}});
    return 0;
}

int runSocket(const Args &args)
{
    QNetworkAccessManager network;
    QWebSocket socket;
    static constexpr QStringView callbackMarker = u"\"target\":\"On";
    bool handshaken = false;
    bool counting = false;
    qint64 received = 0;
    QElapsedTimer clock;

    // The project's URL and handshake builders: text made once per connection, nothing of
    // the client's per-message path.
    QNetworkRequest negotiate(signalr::Negotiator::negotiateUrl(args.hub));
    negotiate.setRawHeader("Authorization", "Bearer bench");
    QNetworkReply *reply = network.post(negotiate, QByteArray());
    QObject::connect(reply, &QNetworkReply::finished, qApp, [&, reply] {
        reply->deleteLater();
        const QString token = QJsonDocument::fromJson(reply->readAll()).object().value(u"connectionToken").toString();
        if (reply->error() != QNetworkReply::NoError || token.isEmpty()) {
            std::fprintf(stderr, "negotiate failed: %s\n", qPrintable(reply->errorString()));
            QCoreApplication::exit(1);
            return;
        }
        socket.open(signalr::WebSocketTransport::webSocketUrl(
            signalr::HubSession::connectionUrl(args.hub, token, QStringLiteral("bench"))));
    });
    QObject::connect(&socket, &QWebSocket::connected, qApp, [&] {
        socket.sendTextMessage(QString::fromUtf8(signalr::HandshakeProtocol::writeRequest(QStringLiteral("json"), 1)));
    });
    QObject::connect(&socket, &QWebSocket::disconnected, qApp, [&] {
        std::fprintf(stderr, "disconnected after %lld events: %s\n", (long long)received, qPrintable(socket.errorString()));
        QCoreApplication::exit(1);
    });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, qApp, [&](const QString &message) {
        if (!handshaken) {
            handshaken = true;
            // As the counting reader: the active state pushed on connect goes by, then the
            // subscription starts the flood.
            QTimer::singleShot(300, qApp, [&] {
                counting = true;
                socket.sendTextMessage(QStringLiteral("{\"type\":1,\"invocationId\":\"1\",\"target\":\"SubscribeToStrategies\","
                                                      "\"arguments\":[{\"Strategies\":null}]}\x1e"));
            });
            return;
        }
        if (!counting)
            return;
        for (qsizetype at = message.indexOf(callbackMarker); at >= 0;
             at = message.indexOf(callbackMarker, at + callbackMarker.size())) {
            if (received++ == 0)
                clock.start();
            if (received == args.events) {
                const double seconds = clock.nsecsElapsed() / 1e9;
                print(QJsonObject{{"mode", "socket"},
                                  {"events", received},
                                  {"seconds", seconds},
                                  {"rate", (received - 1) / std::max(seconds, 1e-9)}});
                QObject::disconnect(&socket, nullptr, qApp, nullptr);
                QCoreApplication::exit(0);
                return;
            }
        }
    });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    Args args;
    const QStringList list = app.arguments();
    if (list.size() < 2) {
        std::fprintf(stderr, "usage: mesolive-bench-client models|history|decode|csv|socket [options]\n");
        return 2;
    }
    args.mode = list.at(1);
    for (int i = 2; i < list.size(); ++i) {
        const QString &a = list.at(i);
        const QString next = i + 1 < list.size() ? list.at(i + 1) : QString();
        if (a == QLatin1String("--hub")) {
            args.hub = QUrl(next);
            ++i;
        } else if (a == QLatin1String("--events")) {
            args.events = next.toLongLong();
            ++i;
        } else if (a == QLatin1String("--max-rows")) {
            args.maxRows = next.toInt();
            ++i;
        } else if (a == QLatin1String("--dir")) {
            args.dir = next;
            ++i;
        } else if (a == QLatin1String("--proxies"))
            args.proxies = true;
        else {
            std::fprintf(stderr, "unknown argument %s\n", qPrintable(a));
            return 2;
        }
    }
    if (args.mode == QLatin1String("models"))
        return runModels(args);
    if (args.mode == QLatin1String("history"))
        return runHistory(args);
    if (args.mode == QLatin1String("decode"))
        return runDecode(args);
    if (args.mode == QLatin1String("csv"))
        return runCsv(args);
    if (args.mode == QLatin1String("socket"))
        return runSocket(args);
    std::fprintf(stderr, "unknown mode %s\n", qPrintable(args.mode));
    return 2;
}
