#pragma once

// Shared helpers of the HubConnection tests (tst_hubconnection_*.cpp), which run against
// the loopback TestPeer, one binary per concern.

#include "SignalRTestSupport.h"

#include <QJsonArray>

namespace signalr::testing {

// A protocol the client does not speak: a peer that only accepts it refuses the handshake.
class OtherProtocol final : public HubProtocol
{
public:
    QString name() const override { return QStringLiteral("other"); }
    int version() const override { return 1; }
    TransferFormat transferFormat() const override { return TransferFormat::Text; }
    std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const override
    {
        return m_json.createFraming(maxRecordSize);
    }
    bool decode(const QByteArray &record, HubMessage &message, QString &error) const override
    {
        return m_json.decode(record, message, error);
    }
    QByteArray encode(const HubMessage &message) const override { return m_json.encode(message); }

private:
    JsonHubProtocol m_json;
};

inline QByteArray encoded(const HubMessage &message)
{
    return JsonHubProtocol().encode(message);
}

inline QByteArray serverCall(const QString &target, const QJsonArray &arguments)
{
    return encoded(HubMessage::invocation(QString(), target, arguments));
}

// Everything a connection reports, in order.
struct Events
{
    explicit Events(HubConnection &connection)
    {
        QObject::connect(&connection, &HubConnection::stateChanged, &connection,
                         [this](HubConnection::State state) { states.append(state); });
        QObject::connect(&connection, &HubConnection::connected, &connection, [this] { ++connected; });
        QObject::connect(&connection, &HubConnection::reconnected, &connection, [this] { ++reconnected; });
        QObject::connect(&connection, &HubConnection::reconnecting, &connection,
                         [this](const ConnectionError &reason) { reconnecting.append(reason); });
        QObject::connect(&connection, &HubConnection::reconnectScheduled, &connection,
                         [this](int attempt, const QDateTime &at, const ConnectionError &reason) {
                             attempts.append(attempt);
                             attemptTimes.append(at);
                             scheduled.append(reason);
                         });
        QObject::connect(&connection, &HubConnection::closed, &connection,
                         [this](const ConnectionError &reason) { closed.append(reason); });
    }

    QList<HubConnection::State> states;
    int connected = 0;
    int reconnected = 0;
    QList<ConnectionError> reconnecting;
    QList<int> attempts;
    QList<QDateTime> attemptTimes;
    QList<ConnectionError> scheduled;
    QList<ConnectionError> closed;
};

inline QString describe(const ConnectionError &error)
{
    return QStringLiteral("kind %1, HTTP %2: %3").arg(int(error.kind)).arg(error.httpStatus).arg(error.message);
}

inline QList<HubMessage> ofType(const QList<HubMessage> &messages, HubMessage::Type type)
{
    QList<HubMessage> matching;
    for (const HubMessage &message : messages) {
        if (message.type == type)
            matching.append(message);
    }
    return matching;
}

inline HubConnectionOptions optionsFor(const TestPeer &peer)
{
    HubConnectionOptions options = fastOptions(peer.hubUrl());
    options.accessTokenProvider = [] { return QStringLiteral("secret"); };
    return options;
}

// Starts and waits for the first session; false when it did not come up.
inline bool connectTo(HubConnection &connection)
{
    connection.start();
    return waitForState(connection, HubConnection::State::Connected);
}

// Waits until `handler` has run `count` times in total; the peer's messages are
// handled in order, so this also means everything sent before was processed.
inline bool waitForCount(const int &counter, int count)
{
    return QTest::qWaitFor([&] { return counter >= count; }, 5000);
}

} // namespace signalr::testing
