// Where the API key goes when a hub answers negotiate with something hostile. A second
// listener on 127.0.0.2 (another host to the client, on this machine) records whatever
// reaches it: after each hostile answer it has seen no connection at all, so no
// Authorization header and no access_token, and the client's error names it. The
// legitimate redirects still work, and a redirect's own token is the only one sent there.
#include "NegotiateTestSupport.h"
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

enum class Hostile { UrlWithoutToken, UrlWithUserInfo, HttpsToHttp, HttpRedirect };

} // namespace

class TestKeyDestination : public QObject
{
    Q_OBJECT

private slots:
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
                case Hostile::UrlWithoutToken:
                    return jsonResponse({{QStringLiteral("url"), otherHub.toString()}});
                case Hostile::UrlWithUserInfo:
                    return jsonResponse({{QStringLiteral("url"), withUser.toString()}, {QStringLiteral("accessToken"), TheirToken}});
                case Hostile::HttpsToHttp:
                    return jsonResponse({{QStringLiteral("url"), otherHub.toString()}, {QStringLiteral("accessToken"), TheirToken}});
                case Hostile::HttpRedirect:
                    break;
                }
                return redirectResponse(status, negotiateUrlOf(otherHub));
            },
            Hostile(hostile) == Hostile::HttpsToHttp);

        HubConnection connection(optionsWithKey(hub.hubUrl(), tokenInQuery));
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);

        QCOMPARE(other.connections, 0);
        for (const HttpRequestHead &request : std::as_const(other.requests)) {
            QVERIFY(request.header("authorization").isEmpty());
            QVERIFY(!QUrlQuery(request.url).hasQueryItem(QStringLiteral("access_token")));
        }
        const ConnectionError error = events.closed.first();
        QVERIFY2(error.kind == Kind::UnsafeDestination, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(hostAndPort(otherHub)), qPrintable(error.message));
        // Not retried: the same answer would be refused again.
        QVERIFY(events.scheduled.isEmpty());
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
        HubConnectionOptions options = optionsWithKey(hub.hubUrl(), false);
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);
        // Negotiate, negotiate again where it moved (with the key: same origin), then the
        // upgrade, which the hub refuses.
        QCOMPARE(hub.requests.size(), 3);
        QCOMPARE(hub.requests.at(1).url.path(), QStringLiteral("/moved/negotiate"));
        QCOMPARE(hub.requests.at(1).method, QByteArray("POST"));
        QCOMPARE(hub.requests.at(1).header("authorization"), "Bearer " + Key.toUtf8());
        QCOMPARE(hub.requests.at(2).method, QByteArray("GET"));
        QVERIFY2(events.closed.first().kind == Kind::Http, qPrintable(describe(events.closed.first())));
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
        HubConnectionOptions options = optionsWithKey(hub.hubUrl(), tokenInQuery);
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);
        // Negotiate and upgrade at the other host, both with its token and never the key.
        QCOMPARE(other.requests.size(), 2);
        for (const HttpRequestHead &request : std::as_const(other.requests)) {
            QVERIFY(!carriesKey(request));
            QCOMPARE(request.bearerToken(), TheirToken);
        }
        QCOMPARE(other.requests.at(1).method, QByteArray("GET"));
        QVERIFY2(events.closed.first().kind == Kind::Http, qPrintable(describe(events.closed.first())));
        QVERIFY2(events.closed.first().message.contains(hostAndPort(otherHub)), qPrintable(events.closed.first().message));
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
        HubConnection connection(optionsWithKey(hub.hubUrl(), false));
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);
        QCOMPARE(third.connections, 0);
        QCOMPARE(other.requests.size(), 1);
        QCOMPARE(other.requests.first().bearerToken(), TheirToken);
        QVERIFY2(events.closed.first().kind == Kind::UnsafeDestination, qPrintable(describe(events.closed.first())));
        QVERIFY2(events.closed.first().message.contains(hostAndPort(thirdHub)), qPrintable(events.closed.first().message));
    }

    void plainHttpOffThisMachineIsRefusedBeforeConnecting()
    {
        // 192.0.2.0/24 is reserved for documentation: nothing answers there, and nothing
        // is tried.
        HubConnection connection(optionsWithKey(QUrl(QStringLiteral("http://192.0.2.1:5000/hubs/events")), false));
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 1000);
        const ConnectionError error = events.closed.first();
        QVERIFY2(error.kind == Kind::UnsafeDestination, qPrintable(describe(error)));
        QVERIFY2(error.message.contains(QLatin1String("192.0.2.1:5000")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("--allow-insecure-http")), qPrintable(error.message));
        QVERIFY(events.scheduled.isEmpty());
    }

    void redirectToPlainHttpOffThisMachineIsRefused()
    {
        RawHttpServer hub([](const HttpRequestHead &) {
            return jsonResponse({{QStringLiteral("url"), QStringLiteral("http://192.0.2.1:9/hubs/events")},
                                 {QStringLiteral("accessToken"), TheirToken}});
        });
        HubConnection connection(optionsWithKey(hub.hubUrl(), false));
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 5000);
        const ConnectionError error = events.closed.first();
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
        HubConnectionOptions options = optionsWithKey(hub.hubUrl(), false);
        options.retryInitialConnection = false;
        HubConnection connection(options);
        Events events(connection);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.closed.size(), 1, 10000);
        const ConnectionError error = events.closed.first();
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
