#pragma once

// The reference Event Hub (tests/reference-hub: the real ASP.NET Core SignalR server) as a
// child process of one test, with its HTTP test controls.

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStringList>
#include <QUrl>

class ReferenceHub
{
public:
    static constexpr const char *ApiKey = "reference-key";

    // Starts `dotnet ReferenceHub.dll --port 0 ...extraArguments` and waits until it
    // listens. Fails the process (qFatal) when it cannot start: a test without its server
    // has nothing to test.
    explicit ReferenceHub(const QStringList &extraArguments = {});
    ~ReferenceHub();
    ReferenceHub(const ReferenceHub &) = delete;
    ReferenceHub &operator=(const ReferenceHub &) = delete;

    // http://127.0.0.1:PORT
    QUrl baseUrl() const { return m_baseUrl; }
    // http://127.0.0.1:PORT/hubs/events
    QUrl hubUrl() const;

    // --- Test controls (see tests/reference-hub/ControlEndpoints.cs).
    // Produces `count` events of `kind` ("all" = one of each of the 17) for a strategy;
    // returns the first and last EventSeqId.
    QPair<qint64, qint64> emitEvents(const QString &kind, qint64 strategyId, int count = 1);
    QStringList connectionIds();
    // Cuts the connection's transport (TCP), as a network failure does.
    void drop(const QString &connectionId);
    // Ends the SignalR connection from the server (Context.Abort(): a Close message without
    // allowReconnect).
    void abort(const QString &connectionId);
    // Cuts the connection's transport and answers its attempt to resume (stateful
    // reconnect) with `status`, 404 or 409, as a server that forgot it does.
    void refuseResume(const QString &connectionId, int status);
    // The next connection is closed by the server with this error after its handshake.
    void rejectNext(const QString &error);

    // An HTTP request to the hub's own URL space: status and body.
    struct Response
    {
        int status = 0;
        QByteArray body;
    };
    Response request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &bearer = {});

    // What the server wrote to stderr (its log), for failure messages.
    QString log() const;

private:
    QProcess m_process;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
};
