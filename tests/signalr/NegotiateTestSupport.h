#pragma once

// Shared helpers of the negotiate tests: a bare HTTP(S) server that records every request
// it sees (on any loopback address), canned answers, and what a connection reports.

#include "SignalRTestSupport.h"
#include "signalr/server/HttpRequestHead.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace signalr::testing {

using server::HttpRequestHead;
using server::httpResponse;


// A self-signed certificate for 127.0.0.1 (valid until 2126) and its key: what an https
// server with a certificate nobody trusts presents.
inline constexpr char SelfSignedCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIDHDCCAgSgAwIBAgIUe2D45IsLlyn6HN1QZmrL3Ls03M4wDQYJKoZIhvcNAQEL
BQAwFDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTEwMTYxNVoYDzIxMjYx
MTAxMTAxNjE1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQC6h1zf4rX7YZKAUp6ce/+LzT/nsKRGDz2OCIv2KEy4
96hWcbaUift2qLdCWESIA8T4y3XI7AvpX3qwvflDCLHnfiGI8qOADzP4CobOX4DZ
TA8QlbcFIze5AL3bTU2HLq9rXdlgJJqPXI9m+oU65HvW0euTx5NTSzUB8GvFgN7n
PVxdoKozVZnCZMfSMW6GMxFZzQv0V8rykjAkjITPM1q6QmhSMmXYa1yQGra3p0q7
yoLgxh09Cm/EIbxsr/LtOsHrbJOr5KxwGeVndKNRajuGriBJ6bsMm8HFXCjY9cSI
BBN5No/S4mZBnzuuNfJ/mSNd0CO6MOpPAciJOYD7MzhzAgMBAAGjZDBiMB0GA1Ud
DgQWBBSSLaClSizzeVTgSK/KVKYNSX1xSTAfBgNVHSMEGDAWgBSSLaClSizzeVTg
SK/KVKYNSX1xSTAPBgNVHRMBAf8EBTADAQH/MA8GA1UdEQQIMAaHBH8AAAEwDQYJ
KoZIhvcNAQELBQADggEBACBLfHdwIZsthaZ8MgZ5QdzSQAmbuvhVUgQZygEB9lVe
Q5vtZT4zYrwrWFr1i+g+IjHBI1086Z6EqL6dnE4CVNcqRK+khhC5AjEF0+fg+bXS
mjmdck8dY4iDsGludHzKMvTKeT1Ag/jMCbUUO5Yw4QkQcF0Hmn0V6nZz3fJ7UKyd
YYp5IwQzV0bDAqD0YAOhbWEHTslFOPZcyeDiCVB23x/eqRJnzaP7gPVlLadpp/FD
HEawCsZIypE2nGjf1riXWqhNYm329EvrAd8IRQfqbJk2uoh5rYp8VzBT+a8XUL3g
YIqY7g1DxhR0WowhNaF0EQvljRQq07EUO+donDMk1GA=
-----END CERTIFICATE-----)";
inline constexpr char SelfSignedKey[] = R"(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC6h1zf4rX7YZKA
Up6ce/+LzT/nsKRGDz2OCIv2KEy496hWcbaUift2qLdCWESIA8T4y3XI7AvpX3qw
vflDCLHnfiGI8qOADzP4CobOX4DZTA8QlbcFIze5AL3bTU2HLq9rXdlgJJqPXI9m
+oU65HvW0euTx5NTSzUB8GvFgN7nPVxdoKozVZnCZMfSMW6GMxFZzQv0V8rykjAk
jITPM1q6QmhSMmXYa1yQGra3p0q7yoLgxh09Cm/EIbxsr/LtOsHrbJOr5KxwGeVn
dKNRajuGriBJ6bsMm8HFXCjY9cSIBBN5No/S4mZBnzuuNfJ/mSNd0CO6MOpPAciJ
OYD7MzhzAgMBAAECggEAAo6EOq3IJWPYsIYxYvi277FTbNDfHfZSHcYtN1ildvjI
dGlGzn6dSHeW9EOMd1ObgBBRExaoZSPOmGljzZDrC1hcJYOATTf07bOLPH0foYFC
4maci+cuYAx/QOgscpI0i/BNE5D84CktiAS4Dch/w0AjJ//maFzE1oiqmYCJZzow
l+Ic67VG4ktyS63J52ZDBWPd9FHtMTCM7svjL4TWsPkV10qHaXFMHCssgO0/ZDB5
WyDvZdgOZTUxL7LXCzPE4uPMwV5Drkkp17nEUS1l6HUHyByeeQcSQOrmk/GKsSp6
Omf2DJhTopXNc25DLaHH5cHGK31cmj+fUCqXY3DZ6QKBgQDhh5/9Jd3jOgC9MOXb
JbQdl3Vqrhj3ttgskJeZoaGnnaJpfh+2qNc94srGDVPjC6QCCSKmqzdrLyNOOfwg
vUzUu/EmkOmo+0a63UhrkP7zryO9FmJwGpvB0zC4irQ7+KcrhaUThp4srYEI3KJK
JfQLk45RmsewQWB2LZ8Y3qB+2QKBgQDTutBBm6y42WcX9cTBWRib6aUTW0+iuYF+
2R3DBaol9OBlxVkS/rORIsIcseuUpdgI3SQnYP3IWM8gAF3xlI2bCWJHIFUjuwgx
fxWMqfVGAJh7q1XEZEP5OTqZ3z/mHh6U/2Xspo5P1RVTRMqg1Ac0P8N69PCJ7lT8
Wm71ro76KwKBgF8SWExT6Sy/p84ZTdxLEZmj3niBOb87Eff/YBkAfO/20J9d7qqG
lG3fLBG/ToyYvKOrDDNsW+lQLrbsVK/MfRX0wFy8m/ODMbbWT5AgyIkbXJp6VDbj
0KMtjw1MU1wwnvAG36bSid1Vqt58e+F8DFvQ8R7Pe7x+YtaOttG6D7hJAoGAPr5E
iry0QY8DUwFcziM1/LYPWh4cCk/IxStX+3wJQPhBK0eBLvTVh7PyLAi5lDJVQ8Ms
vJKsght3Pbd+H2HzWLc+LW+ya0U4l1peq3GOIrF4fmV2pB1GW2uPJxwWVn4kd+j7
blapI5U0nZlsJp7Oh7hBmIVPZsB+5M1zxlB1REMCgYEAo1GsRGzsSjcRTdudcDic
I/vd57Ymb2hb/V66TNhYbmpFesmZIHvpN2y9617Gyo2u1cneqB0Rw+kTKtsW8PVj
WLDX8qGoU3uDdc07NgefFeE1l9IcbAaZdNMsXVzYSEep7k10q2ClR9oHnvKjuV6V
z54ICJv31Azi50T7ypWNQj0=
-----END PRIVATE KEY-----)";

// A bare HTTP server on loopback that records each request head and answers it with
// whatever the test says, then closes: it sees exactly what the client sends. With
// `tls`, it speaks HTTPS with the self-signed certificate. Any loopback address serves
// (127.0.0.2 is "another host" to the client, on the same machine).
class RawHttpServer final : public QObject
{
public:
    using Responder = std::function<QByteArray(const HttpRequestHead &request)>;

    explicit RawHttpServer(Responder responder, bool tls = false, const QHostAddress &address = QHostAddress::LocalHost)
        : m_responder(std::move(responder))
        , m_tls(tls)
    {
        if (tls) {
            auto *server = new QSslServer(this);
            QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
            configuration.setLocalCertificate(QSslCertificate(QByteArray(SelfSignedCertificate)));
            configuration.setPrivateKey(QSslKey(QByteArray(SelfSignedKey), QSsl::Rsa));
            server->setSslConfiguration(configuration);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        if (!m_server->listen(address, 0))
            qFatal("cannot listen on %s", qPrintable(address.toString()));
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onBytes(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                if (socket->bytesAvailable() > 0)
                    onBytes(socket);
            }
        });
    }

    QUrl hubUrl(const QString &query = {}) const
    {
        QUrl url(QStringLiteral("%1://%2:%3/hubs/events")
                     .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"), m_server->serverAddress().toString())
                     .arg(m_server->serverPort()));
        if (!query.isEmpty())
            url.setQuery(query);
        return url;
    }

    QList<HttpRequestHead> requests;
    // Every connection accepted, whether or not a request came over it.
    int connections = 0;
    // Bytes that were not an HTTP request at all (a TLS hello, say): answered with this.
    QByteArray answerToGarbage;

private:
    void onBytes(QTcpSocket *socket)
    {
        const QByteArray bytes = socket->peek(64 * 1024);
        HttpRequestHead head;
        bool malformed = false;
        if (!HttpRequestHead::parse(bytes, head, malformed)) {
            const bool looksLikeHttp = bytes.startsWith("GET ") || bytes.startsWith("POST ");
            if (!looksLikeHttp && !answerToGarbage.isEmpty())
                reply(socket, answerToGarbage);
            return;
        }
        requests.append(head);
        reply(socket, m_responder(head));
    }

    void reply(QTcpSocket *socket, const QByteArray &response)
    {
        socket->disconnect(this);
        socket->readAll();
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer *m_server = nullptr;
    Responder m_responder;
    const bool m_tls;
};

inline QByteArray negotiateAnswer(const QString &connectionToken)
{
    const QJsonObject answer{
        {QStringLiteral("connectionId"), QStringLiteral("the-id-not-the-token")},
        {QStringLiteral("connectionToken"), connectionToken},
        {QStringLiteral("negotiateVersion"), 1},
        {QStringLiteral("availableTransports"),
         QJsonArray{QJsonObject{{QStringLiteral("transport"), QStringLiteral("WebSockets")},
                                {QStringLiteral("transferFormats"), QJsonArray{QStringLiteral("Text")}}}}},
    };
    return httpResponse(200, "application/json", QJsonDocument(answer).toJson(QJsonDocument::Compact));
}

// An HTTP redirect (301, 302, 307, 308...) to `location`.
inline QByteArray redirectResponse(int status, const QUrl &location)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Redirect\r\nLocation: " + location.toEncoded()
           + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

inline QByteArray jsonResponse(const QJsonObject &object)
{
    return httpResponse(200, "application/json", QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Collects what a connection reports, for the assertions.
struct Events
{
    explicit Events(HubConnection &connection)
    {
        QObject::connect(&connection, &HubConnection::closed, &connection,
                         [this](const ConnectionError &reason) { closed.append(reason); });
        QObject::connect(&connection, &HubConnection::reconnectScheduled, &connection,
                         [this](int, const QDateTime &, const ConnectionError &reason) { scheduled.append(reason); });
    }
    QList<ConnectionError> closed;
    QList<ConnectionError> scheduled;
};

inline QString describe(const ConnectionError &error)
{
    return QStringLiteral("kind %1, HTTP %2: %3").arg(int(error.kind)).arg(error.httpStatus).arg(error.message);
}

} // namespace signalr::testing
