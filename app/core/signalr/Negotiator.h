#pragma once

#include "ConnectionError.h"
#include "NegotiateAnswer.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QNetworkReply;

namespace signalr {

class CredentialScope;
class HubNetwork;
struct HubConnectionOptions;

// Where and how to open the WebSocket, as negotiate decided it.
struct NegotiateResult
{
    QUrl hubUrl;             // after any redirects
    QString accessToken;     // a redirect's token replaces the caller's
    QString connectionToken; // empty when negotiation was skipped
    // The server answered `"useStatefulReconnect": true` to our request for it.
    bool useStatefulReconnect = false;
    // What the server offered; WebSockets alone when negotiation was skipped.
    OfferedTransports transports{true, true, false};
};

// Negotiate version 1: POST {hub}/negotiate?negotiateVersion=1, following redirect answers
// (`url` + `accessToken`) up to a bound and failing on an `error` answer. The key and any
// token go only where CredentialScope allows, HTTP redirects included.
class Negotiator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Negotiator)

public:
    Negotiator(HubNetwork *network, const HubConnectionOptions &options, QObject *parent = nullptr);
    ~Negotiator() override;

    void start(const QUrl &hubUrl, const QString &accessToken);
    void abort();

    static QUrl negotiateUrl(const QUrl &hubUrl);

signals:
    void succeeded(const signalr::NegotiateResult &result);
    void failed(const signalr::ConnectionError &error);

private:
    void post(const QUrl &hubUrl);
    void onFinished(QNetworkReply *reply, const QUrl &hubUrl);
    void fail(const ConnectionError &error);

    HubNetwork *const m_network;
    const HubConnectionOptions &m_options;
    QPointer<QNetworkReply> m_reply;
    // The token of this negotiation and the origin it belongs to.
    std::unique_ptr<CredentialScope> m_scope;
    int m_redirects = 0;
    // What the server presented when its certificate was not trusted, for the error.
    QList<QSslCertificate> m_untrustedChain;
};

} // namespace signalr
