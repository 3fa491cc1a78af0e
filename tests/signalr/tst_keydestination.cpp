// Where the API key goes when a hub answers negotiate with something hostile. A second
// listener on 127.0.0.2 (another host to the client, on this machine) records whatever
// reaches it: after each hostile answer it has seen no connection at all, so no
// Authorization header and no access_token, and the client's error names it. The
// legitimate redirects still work, and a redirect's own token is the only one sent there.
#include "NegotiateTestSupport.h"
#include "signalr/CredentialScope.h"
#include "signalr/NegotiateAnswer.h"

#include <QUrlQuery>

using namespace signalr;
using namespace signalr::testing;
using Kind = ConnectionError::Kind;

namespace {

const QString Key = QStringLiteral("the-users-key");
const QString TheirToken = QStringLiteral("their-own-token");
const QHostAddress OtherHost(QStringLiteral("127.0.0.2"));

// What the other host would answer: a negotiate answer, then 503 on the upgrade.
QByteArray otherAnswer(const HttpRequestHead &request)
{
    if (request.method == "POST")
        return negotiateAnswer(QStringLiteral("tok-other"));
    return httpResponse(503, "text/plain", "enough");
}

QString hostAndPort(const QUrl &url)
{
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
}

QUrl negotiateUrlOf(const QUrl &hubUrl)
{
    QUrl url = hubUrl;
    url.setPath(hubUrl.path() + QStringLiteral("/negotiate"));
    url.setQuery(QStringLiteral("negotiateVersion=1"));
    return url;
}

HubConnectionOptions optionsWithKey(const QUrl &hubUrl, bool tokenInQuery)
{
    HubConnectionOptions options = fastOptions(hubUrl);
    options.accessTokenProvider = [] { return Key; };
    options.accessTokenInQuery = tokenInQuery;
    // Only for the https hub's self-signed certificate.
    options.ignoreSslErrors = true;
    return options;
}

bool carriesKey(const HttpRequestHead &request)
{
    return request.header("authorization").contains(Key.toUtf8()) || request.url.toEncoded().contains(Key.toUtf8());
}

// Why a connection closed, and whether it had scheduled a retry first (a refusal never is).
struct Ending
{
    ConnectionError reason;
    bool retried = false;
};

Ending runUntilClosed(const HubConnectionOptions &options)
{
    HubConnection connection(options);
    Events events(connection);
    connection.start();
    if (!QTest::qWaitFor([&] { return !events.closed.isEmpty(); }, 10000))
        return {ConnectionError::make(Kind::None, QStringLiteral("still not closed after 10 s")), true};
    return {events.closed.first(), !events.scheduled.isEmpty()};
}

// Options whose first connection is not retried, for the tests that end with an HTTP error.
HubConnectionOptions withoutRetries(HubConnectionOptions options)
{
    options.retryInitialConnection = false;
    return options;
}

enum class Hostile { UrlWithoutToken, UrlWithUserInfo, HttpsToHttp, HttpRedirect };

} // namespace

class TestKeyDestination : public QObject
{
    Q_OBJECT

private slots:
    void originIsSchemeHostAndPort_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("other path") << "https://h.example/hubs/events" << "https://h.example/x?y=1" << true;
        QTest::newRow("default port") << "https://h.example/" << "https://h.example:443/" << true;
        QTest::newRow("case") << "https://H.Example/" << "https://h.example/" << true;
        QTest::newRow("ws is http") << "http://127.0.0.1:5000/" << "ws://127.0.0.1:5000/" << true;
        QTest::newRow("other port") << "https://h.example/" << "https://h.example:8443/" << false;
        QTest::newRow("other scheme") << "https://h.example/" << "http://h.example:443/" << false;
        QTest::newRow("subdomain") << "https://h.example/" << "https://evil.h.example/" << false;
        QTest::newRow("other loopback") << "http://127.0.0.1:5000/" << "http://127.0.0.2:5000/" << false;
    }

    void originIsSchemeHostAndPort()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(CredentialScope::sameOrigin(QUrl(a), QUrl(b)), same);
        QCOMPARE(CredentialScope::sameOrigin(QUrl(b), QUrl(a)), same);
    }

    void clearTextOnlyToThisMachine_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("127.0.0.1") << "http://127.0.0.1:5000/" << true;
        QTest::newRow("127.255.0.9") << "ws://127.255.0.9/" << true;
        QTest::newRow("::1") << "http://[::1]:5000/" << true;
        QTest::newRow("localhost") << "http://localhost:5000/" << true;
        QTest::newRow("https anywhere") << "https://h.example/" << true;
        QTest::newRow("LAN address") << "http://192.168.1.10:5000/" << false;
        QTest::newRow("host name") << "http://h.example/" << false;
        QTest::newRow("ws host name") << "ws://h.example/" << false;
        QTest::newRow("localhost lookalike") << "http://localhost.h.example/" << false;
        QTest::newRow("128.0.0.1") << "http://128.0.0.1/" << false;
    }

    void clearTextOnlyToThisMachine()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        QCOMPARE(!CredentialScope::checkCleartext(QUrl(url), false).has_value(), allowed);
        QVERIFY(!CredentialScope::checkCleartext(QUrl(url), true).has_value());
    }

    void hostileAnswerSendsNothingToTheOtherHost_data()
    {
        QTest::addColumn<int>("hostile");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("tokenInQuery");
        for (const bool inQuery : {false, true}) {
            const char *const where = inQuery ? " (token in query)" : " (token in header)";
            const auto row = [&](const char *name, Hostile hostile, int status = 200) {
                QTest::addRow("%s%s", name, where) << int(hostile) << status << inQuery;
            };
            row("url to another host without a token", Hostile::UrlWithoutToken);
            row("url with a user name", Hostile::UrlWithUserInfo);
            row("url from https to http with a token", Hostile::HttpsToHttp);
            for (const int status : {301, 302, 307, 308})
                row(qPrintable(QStringLiteral("HTTP %1 to another host").arg(status)), Hostile::HttpRedirect, status);
        }
    }

    void hostileAnswerSendsNothingToTheOtherHost()
    {
        QFETCH(int, hostile);
        QFETCH(int, status);
        QFETCH(bool, tokenInQuery);
        RawHttpServer other(otherAnswer, false, OtherHost);
        const QUrl otherHub = other.hubUrl();
        RawHttpServer hub(
            [&](const HttpRequestHead &) {
                QUrl withUser = otherHub;
                withUser.setUserInfo(QStringLiteral("user:password"));
                switch (Hostile(hostile)) {
                case Hostile::UrlWithoutToken: return jsonResponse({{QStringLiteral("url"), otherHub.toString()}});
                case Hostile::UrlWithUserInfo:
                    return jsonResponse(
                        {{QStringLiteral("url"), withUser.toString()}, {QStringLiteral("accessToken"), TheirToken}});
                case Hostile::HttpsToHttp:
                    return jsonResponse(
                        {{QStringLiteral("url"), otherHub.toString()}, {QStringLiteral("accessToken"), TheirToken}});
                case Hostile::HttpRedirect: break;
                }
                return redirectResponse(status, negotiateUrlOf(otherHub));
            },
            Hostile(hostile) == Hostile::HttpsToHttp);

        const Ending ending = runUntilClosed(optionsWithKey(hub.hubUrl(), tokenInQuery));

        QCOMPARE(other.connections, 0);
        for (const HttpRequestHead &request : std::as_const(other.requests)) {
            QVERIFY(request.header("authorization").isEmpty());
            QVERIFY(!QUrlQuery(request.url).hasQueryItem(QStringLiteral("access_token")));
        }
        QVERIFY2(ending.reason.kind == Kind::UnsafeDestination, qPrintable(describe(ending.reason)));
        QVERIFY2(ending.reason.message.contains(hostAndPort(otherHub)), qPrintable(ending.reason.message));
        // Not retried: the same answer would be refused again.
        QVERIFY(!ending.retried);
        QCOMPARE(hub.requests.size(), 1);
        QVERIFY(carriesKey(hub.requests.first()));
    }

    void sameOriginHttpRedirectIsFollowedWithTheKey_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("307") << 307;
        QTest::newRow("308") << 308;
    }

    void sameOriginHttpRedirectIsFollowedWithTheKey()
    {
        QFETCH(int, status);
        QUrl moved;
        RawHttpServer hub([&](const HttpRequestHead &request) {
            if (request.method == "POST" && request.url.path() == QLatin1String("/hubs/events/negotiate"))
                return redirectResponse(status, moved);
            if (request.method == "POST")
                return negotiateAnswer(QStringLiteral("tok"));
            return httpResponse(503, "text/plain", "enough");
        });
        moved = negotiateUrlOf(hub.hubUrl());
        moved.setPath(QStringLiteral("/moved/negotiate"));
        const Ending ending = runUntilClosed(withoutRetries(optionsWithKey(hub.hubUrl(), false)));
        // Negotiate, negotiate again where it moved (with the key: same origin), then the
        // upgrade, which the hub refuses.
        QCOMPARE(hub.requests.size(), 3);
        QCOMPARE(hub.requests.at(1).url.path(), QStringLiteral("/moved/negotiate"));
        QCOMPARE(hub.requests.at(1).method, QByteArray("POST"));
        QCOMPARE(hub.requests.at(1).header("authorization"), "Bearer " + Key.toUtf8());
        QCOMPARE(hub.requests.at(2).method, QByteArray("GET"));
        QVERIFY2(ending.reason.kind == Kind::Http, qPrintable(describe(ending.reason)));
    }

    void crossOriginUrlIsFollowedWithItsOwnTokenOnly_data()
    {
        QTest::addColumn<bool>("tokenInQuery");
        QTest::newRow("token in header") << false;
        QTest::newRow("token in query") << true;
    }

    void crossOriginUrlIsFollowedWithItsOwnTokenOnly()
    {
        QFETCH(bool, tokenInQuery);
        RawHttpServer other(otherAnswer, false, OtherHost);
        const QUrl otherHub = other.hubUrl();
        RawHttpServer hub([&](const HttpRequestHead &) {
            return jsonResponse({{QStringLiteral("url"), otherHub.toString()}, {QStringLiteral("accessToken"), TheirToken}});
        });
        const Ending ending = runUntilClosed(withoutRetries(optionsWithKey(hub.hubUrl(), tokenInQuery)));
        // Negotiate and upgrade at the other host, both with its token and never the key.
        QCOMPARE(other.requests.size(), 2);
        for (const HttpRequestHead &request : std::as_const(other.requests)) {
            QVERIFY(!carriesKey(request));
            QCOMPARE(request.bearerToken(), TheirToken);
        }
        QCOMPARE(other.requests.at(1).method, QByteArray("GET"));
        QVERIFY2(ending.reason.kind == Kind::Http, qPrintable(describe(ending.reason)));
        QVERIFY2(ending.reason.message.contains(hostAndPort(otherHub)), qPrintable(ending.reason.message));
    }

    void aRedirectsTokenStaysWithItsHost()
    {
        // The first hop hands over a token for 127.0.0.2; 127.0.0.2 then points elsewhere
        // without one: its token does not travel on.
        RawHttpServer third(otherAnswer, false, QHostAddress(QStringLiteral("127.0.0.3")));
        const QUrl thirdHub = third.hubUrl();
        RawHttpServer other([&](const HttpRequestHead &) { return jsonResponse({{QStringLiteral("url"), thirdHub.toString()}}); },
                            false, OtherHost);
        const QUrl otherHub = other.hubUrl();
        RawHttpServer hub([&](const HttpRequestHead &) {
            return jsonResponse({{QStringLiteral("url"), otherHub.toString()}, {QStringLiteral("accessToken"), TheirToken}});
        });
        const Ending ending = runUntilClosed(optionsWithKey(hub.hubUrl(), false));
        QCOMPARE(third.connections, 0);
        QCOMPARE(other.requests.size(), 1);
        QCOMPARE(other.requests.first().bearerToken(), TheirToken);
        QVERIFY2(ending.reason.kind == Kind::UnsafeDestination, qPrintable(describe(ending.reason)));
        QVERIFY2(ending.reason.message.contains(hostAndPort(thirdHub)), qPrintable(ending.reason.message));
    }

    void plainHttpOffThisMachineIsRefusedBeforeConnecting()
    {
        // 192.0.2.0/24 is reserved for documentation: nothing answers there, and nothing
        // is tried.
        const Ending ending = runUntilClosed(optionsWithKey(QUrl(QStringLiteral("http://192.0.2.1:5000/hubs/events")), false));
        const ConnectionError &error = ending.reason;
        QVERIFY2(error.kind == Kind::UnsafeDestination, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(QLatin1String("192.0.2.1:5000")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("--allow-insecure-http")), qPrintable(error.message));
        QVERIFY(!ending.retried);
    }

    void redirectToPlainHttpOffThisMachineIsRefused()
    {
        RawHttpServer hub([](const HttpRequestHead &) {
            return jsonResponse({{QStringLiteral("url"), QStringLiteral("http://192.0.2.1:9/hubs/events")},
                                 {QStringLiteral("accessToken"), TheirToken}});
        });
        const ConnectionError error = runUntilClosed(optionsWithKey(hub.hubUrl(), false)).reason;
        QVERIFY2(error.kind == Kind::UnsafeDestination, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(QLatin1String("192.0.2.1:9")), qPrintable(error.message));
    }

    void negotiateAnswerIsBounded_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("at the bound") << NegotiateAnswer::MaxBodySize << true;
        QTest::newRow("one byte over") << NegotiateAnswer::MaxBodySize + 1 << false;
        QTest::newRow("16 MiB") << qint64(16) * 1024 * 1024 << false;
    }

    void negotiateAnswerIsBounded()
    {
        QFETCH(qint64, size);
        QFETCH(bool, accepted);
        // A valid answer padded with white space to `size` bytes.
        QByteArray body = R"({"connectionToken":"tok","negotiateVersion":1})";
        body.append(QByteArray(size - body.size(), ' '));
        RawHttpServer hub([&](const HttpRequestHead &request) {
            if (request.method == "POST")
                return httpResponse(200, "application/json", body);
            return httpResponse(503, "text/plain", "enough");
        });
        const ConnectionError error = runUntilClosed(withoutRetries(optionsWithKey(hub.hubUrl(), false))).reason;
        if (accepted) {
            QVERIFY2(error.kind == Kind::Http, qPrintable(describe(error))); // the upgrade's 503
        } else {
            QVERIFY2(error.kind == Kind::Protocol, qPrintable(describe(error)));
            QVERIFY2(error.message.contains(QLatin1String("larger than 1048576 bytes")), qPrintable(error.message));
        }
    }
};

QTEST_GUILESS_MAIN(TestKeyDestination)
#include "tst_keydestination.moc"
