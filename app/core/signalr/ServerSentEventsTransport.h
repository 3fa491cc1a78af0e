#pragma once

#include "HubTransport.h"
#include "ServerSentEventsParser.h"

#include <QPointer>

#include <deque>

class QNetworkReply;

namespace signalr {

class HubNetwork;
struct HubConnectionOptions;

// The Server-Sent Events transport (TransportProtocols.md) with HTTP POST for sends, over
// the connection's HubNetwork, so that proxies, trusted certificates and the bearer header
// are negotiate's. Text only. Its bytes come through QNetworkReply undecoded: a JSON hub
// whose WebSocket frames split characters, which Qt 6.4's QWebSocket cannot read
// (docs/qt-websocket-split-utf8.md), is read here whole.
//
// Receiving: GET <hub>?id=<token> with Accept: text/event-stream, held open; each event is
// one message. Sending: POST <hub>?id=<token>, one at a time in order (the server answers
// a second one while the first is out with 409). A 404 to either is the connection gone.
class ServerSentEventsTransport final : public HubTransport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerSentEventsTransport)

public:
    ServerSentEventsTransport(HubNetwork *network, const HubConnectionOptions &options, QObject *parent = nullptr);
    ~ServerSentEventsTransport() override;

    void open(const QNetworkRequest &request) override;
    void send(const QByteArray &bytes) override;
    void pauseReads(bool paused) override;
    void close(bool graceful) override;
    QString name() const override { return QStringLiteral("Server-Sent Events"); }

private:
    QNetworkRequest requestFor(const QByteArray &accept) const;
    void watchCertificate(QNetworkReply *reply);
    void onStreamHeaders();
    void readStream();
    void onStreamFinished();
    void postNext();
    void onPostFinished(QNetworkReply *reply);
    // Why `reply` failed; `what` names the request in the message.
    ConnectionError errorOf(QNetworkReply *reply, const QString &what) const;
    void fail(const ConnectionError &reason);

    HubNetwork *const m_network;
    const HubConnectionOptions &m_options;
    QNetworkRequest m_request;
    ServerSentEventsParser m_parser;
    QPointer<QNetworkReply> m_stream;
    QPointer<QNetworkReply> m_post;
    std::deque<QByteArray> m_outbox;
    bool m_opened = false;
    bool m_closed = false;
    bool m_readsPaused = false;
    // What the server presented when its certificate was not trusted, for the error.
    QList<QSslCertificate> m_untrustedChain;
};

} // namespace signalr
