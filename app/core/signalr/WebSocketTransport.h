#pragma once

#include "HubProtocol.h"
#include "HubTransport.h"

#include <QUrl>

class QWebSocket;

namespace signalr {

class HubNetwork;
struct HubConnectionOptions;

// The WebSockets transport over QWebSocket: text frames for a text protocol, binary for
// MessagePack. Qt 6.4 cannot read a text message whose frames split a character
// (TransportClosure::unreadableText).
class WebSocketTransport final : public HubTransport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketTransport)

public:
    WebSocketTransport(HubNetwork *network, const HubConnectionOptions &options, HubProtocol::TransferFormat format,
                       QObject *parent = nullptr);
    ~WebSocketTransport() override;

    // The hub's http(s) URL as ws(s).
    static QUrl webSocketUrl(const QUrl &connectionUrl);

    void open(const QNetworkRequest &request) override;
    void send(const QByteArray &bytes) override;
    void pauseReads(bool paused) override;
    void close(bool graceful) override;
    QString name() const override { return QStringLiteral("WebSocket"); }

private:
    void onSslErrors(const QList<QSslError> &errors);
    // The WebSocket reported an error before it opened: it ends now, as if it had
    // disconnected.
    void onOpeningFailed();
    void onDisconnected();

    HubNetwork *const m_network;
    const HubConnectionOptions &m_options;
    const HubProtocol::TransferFormat m_format;
    QWebSocket *m_socket = nullptr;
    QUrl m_url;
    bool m_opened = false;
    bool m_closed = false;
    // The first transport error, kept to explain the disconnect that follows it.
    ConnectionError m_error;
};

} // namespace signalr
