#pragma once

#include <QHostAddress>
#include <QSslConfiguration>
#include <QString>

namespace hubsim {

// How the simulator behaves; the command-line options of mesolive-hubsim map one to one.
struct SimulatorOptions
{
    quint16 port = 0;                                  // --port (0 = any free port)
    QHostAddress address = QHostAddress::LocalHost;    // --listen: 127.0.0.1, or ::1 for IPv6
    QSslConfiguration tls;                             // https/wss when set (tests of proxies and CAs)
    QString hubPath = QStringLiteral("/hubs/events");  // --hub-path
    QString apiKey;                                    // --api-key (empty = any key is accepted)
    double ratePerSecond = 2.0;                        // --rate (0 = no background activity)
    qint64 seedHistory = 0;                            // --seed-history: events present at start
    qint64 flood = 0;                                  // --flood: events sent after the first subscribe
    qint64 dropAfter = 0;                              // --drop-after: abort a connection after N callbacks
    bool pings = true;                                 // --no-pings turns keepalive pings off
    QString logPath;                                   // --log: durable event log
    quint32 seed = 1;                                  // --seed: the activity generator's seed
    bool camelCase = false;                            // --camel-case: JSON names as a stock hub writes them
    quint64 frameSize = 0;                             // --split-frames: WebSocket frames of N bytes (0 = whole messages)
    bool statefulReconnect = true;                     // --no-stateful: never grant stateful reconnect
};

} // namespace hubsim
