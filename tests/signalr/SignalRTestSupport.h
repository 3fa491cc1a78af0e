#pragma once

// Shared helpers of the SignalR tests that run against the loopback TestPeer.

#include "TestPeer.h"
#include "signalr/HubConnection.h"
#include "signalr/JsonHubProtocol.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTest>

#include <memory>

namespace signalr::testing {

// Retries that keep a test fast and deterministic: 0, 50, 100, 100, ... ms, no jitter.
inline RetryPolicy fastRetries()
{
    RetryPolicy policy;
    policy.delaysMs = {0, 50, 100};
    policy.repeatDelayMs = 100;
    policy.jitterFraction = 0;
    policy.zeroDelayJitterMs = 0;
    return policy;
}

// Options for a client of `hubUrl`: fast retries; the other timeouts stay generous because
// they only matter when a test is about them (and then the test sets them small).
inline HubConnectionOptions fastOptions(const QUrl &hubUrl)
{
    HubConnectionOptions options;
    options.hubUrl = hubUrl;
    options.retryPolicy = fastRetries();
    options.negotiateTimeoutMs = 5000;
    options.handshakeTimeoutMs = 5000;
    return options;
}

// A loopback port where nothing listens (it did a moment ago): connecting is refused.
inline quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen on loopback");
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// Counts the negotiate requests a peer receives, whoever answers them (the override sees
// every POST, including those the server then refuses with 401).
inline std::shared_ptr<int> countNegotiates(TestPeer &peer)
{
    auto count = std::make_shared<int>(0);
    peer.server().options().negotiateOverride = [count](const server::HttpRequestHead &) -> std::optional<QByteArray> {
        ++*count;
        return std::nullopt;
    };
    return count;
}

// The JSON protocol, on the server's side, logging every message it decodes from the
// client: it sees what TestPeer does not report (Close messages).
class RecordingJsonProtocol final : public HubProtocol
{
public:
    explicit RecordingJsonProtocol(std::shared_ptr<QList<HubMessage>> log)
        : m_log(std::move(log))
    {}

    QString name() const override { return m_json.name(); }
    int version() const override { return m_json.version(); }
    TransferFormat transferFormat() const override { return m_json.transferFormat(); }
    std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const override
    {
        return m_json.createFraming(maxRecordSize);
    }
    bool decode(const QByteArray &record, HubMessage &message, QString &error) const override
    {
        const bool ok = m_json.decode(record, message, error);
        if (ok)
            m_log->append(message);
        return ok;
    }
    QByteArray encode(const HubMessage &message) const override { return m_json.encode(message); }

private:
    JsonHubProtocol m_json;
    std::shared_ptr<QList<HubMessage>> m_log;
};

// The result of one invoke(), filled in when its callback runs.
struct Call
{
    int calls = 0;
    InvocationResult result;
    bool done() const { return calls > 0; }
};

inline std::shared_ptr<Call> invoke(HubConnection &connection, const QString &target, const QJsonArray &arguments,
                                    QObject *context)
{
    auto call = std::make_shared<Call>();
    connection.invoke(target, arguments, context, [call](const InvocationResult &result) {
        ++call->calls;
        call->result = result;
    });
    return call;
}

inline bool waitForState(const HubConnection &connection, HubConnection::State state, int timeoutMs = 5000)
{
    return QTest::qWaitFor([&] { return connection.state() == state; }, timeoutMs);
}

} // namespace signalr::testing

// QSignalSpy argument extraction for the library's own types.
Q_DECLARE_METATYPE(signalr::ConnectionError)
