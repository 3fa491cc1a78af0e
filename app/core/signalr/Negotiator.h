#pragma once

#include "ConnectionError.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace signalr {

struct HubConnectionOptions;

// Where and how to open the WebSocket, as negotiate decided it.
struct NegotiateResult
{
    QUrl hubUrl;             // after any redirects
    QString accessToken;     // a redirect's token replaces the caller's
    QString connectionToken; // empty when negotiation was skipped
    // The server answered `"useStatefulReconnect": true` to our request for it.
    bool useStatefulReconnect = false;
};

// Negotiate version 1: POST {hub}/negotiate?negotiateVersion=1, following redirect answers
// (`url` + `accessToken`) up to a bound and failing on an `error` answer.
class Negotiator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Negotiator)

public:
    Negotiator(QNetworkAccessManager *network, const HubConnectionOptions &options,
               QObject *parent = nullptr);
    ~Negotiator() override;

    void start(const QUrl &hubUrl, const QString &accessToken);
    void abort();

    static QUrl negotiateUrl(const QUrl &hubUrl);

signals:
    void succeeded(const signalr::NegotiateResult &result);
    void failed(const signalr::ConnectionError &error);

private:
    void post(const QUrl &hubUrl, const QString &accessToken);
    void onFinished(QNetworkReply *reply, const QUrl &hubUrl, const QString &accessToken);

    QNetworkAccessManager *const m_network;
    const HubConnectionOptions &m_options;
    QPointer<QNetworkReply> m_reply;
    int m_redirects = 0;
};

} // namespace signalr
