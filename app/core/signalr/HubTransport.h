#pragma once

#include "ConnectionError.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>

namespace signalr {

// How a transport ended, as HubSession needs it to decide what comes next.
struct TransportClosure
{
    ConnectionError reason;
    // Reopening the same connection may work: a drop, not the server ending it on purpose
    // (a WebSocket close frame with an error code: "the connection should be considered
    // terminated", TransportProtocols.md) nor a limit of ours.
    bool resumable = false;
    // The WebSocket closed with 1007 because Qt could not decode a text message whose
    // frames split a character (docs/qt-websocket-split-utf8.md): another transport reads it.
    bool unreadableText = false;
};

// The part of a hub connection that moves bytes: WebSockets, or Server-Sent Events with
// HTTP POST. HubSession speaks SignalR over it (handshake, records, pings, timeouts)
// without knowing which. A transport is opened once; it reports its end once, by closed(),
// unless its owner ends it first with close().
class HubTransport : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubTransport)

public:
    using QObject::QObject;

    // The request's URL is the hub's http(s) URL with the connection token (and a token
    // in the query where the options say so); its headers carry the bearer token.
    virtual void open(const QNetworkRequest &request) = 0;
    // One whole message (the protocol's records), in order.
    virtual void send(const QByteArray &bytes) = 0;
    // Stops reading from the network while the session's inbox is full, and goes on.
    virtual void pauseReads(bool paused) = 0;
    // Ends the transport from our side; closed() is not emitted. Graceful: the peer is told
    // (a WebSocket close frame) where the transport has a way to.
    virtual void close(bool graceful) = 0;
    // Names the transport in messages ("WebSocket", "Server-Sent Events").
    virtual QString name() const = 0;

signals:
    void opened();
    // One transport message: a WebSocket message, an event of the stream.
    void bytesReceived(const QByteArray &bytes);
    void closed(const signalr::TransportClosure &closure);
};

} // namespace signalr
