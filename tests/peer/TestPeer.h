#pragma once

#include "signalr/server/HubServer.h"
#include "signalr/server/HubServerConnection.h"

#include <QObject>

#include <functional>
#include <QPointer>

// The tests' SignalR peer: a real hub server (negotiate + WebSocket + JSON protocol) on
// 127.0.0.1 with a few hub methods, whose options and connections tests bend to misbehave
// (split and merged frames, silence, Close with error, 401, redirects, garbage, slowness).
//
// Hub methods: Echo(x) -> x; Add(a, b) -> a + b; Fail(text) -> error text;
// Never() -> no completion; Token() -> the bearer token the connection presented.
class TestPeer final : public QObject
{
    Q_OBJECT

public:
    explicit TestPeer(signalr::server::HubServerOptions options = {}, QObject *parent = nullptr);

    signalr::server::HubServer &server() { return m_server; }
    QUrl hubUrl() const { return m_server.hubUrl(); }
    // The most recently opened connection, if still there.
    signalr::server::HubServerConnection *connection() const { return m_last; }
    int openedCount() const { return m_opened; }
    // Waits until `count` connections have opened in total.
    bool waitForOpened(int count = 1, int timeoutMs = 5000);

    QList<signalr::HubMessage> received; // every message any client sent, in order
    // Hub methods a test defines: asked first; true when it answered the invocation.
    std::function<bool(signalr::server::HubServerConnection *connection, const signalr::HubMessage &message)> customAnswer;

signals:
    void messageFromClient(const signalr::HubMessage &message);

private:
    void answer(signalr::server::HubServerConnection *connection, const signalr::HubMessage &message);

    signalr::server::HubServer m_server;
    QPointer<signalr::server::HubServerConnection> m_last;
    int m_opened = 0;
};
