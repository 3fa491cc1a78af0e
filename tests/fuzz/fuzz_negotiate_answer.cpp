// libFuzzer target: arbitrary bytes as a hub's answer to negotiate (an HTTP status from the
// first two bytes, the body from the rest), run through NegotiateAnswer::parse and, for a
// redirect, CredentialScope::follow with the user's key, as Negotiator does.
//
// Besides crashes and sanitizer reports it aborts when a property the key's safety rests
// on fails:
//  - a redirect that is followed without a token of its own stays on the configured origin;
//  - a redirect that is followed never has a user name, never goes from https to http, and
//    never goes in clear text off the machine;
//  - a redirect followed with a token of its own carries that token, never the key;
//  - a status outside 2xx, or a body over the bound, never reads as a redirect or a
//    connection; a failure always says why.
//
// Seeds: corpus/negotiate_answer/ (the first two bytes are the status: 200 = "\x00\x64").
// Run: scripts/ci/15-fuzz.sh.

#include "signalr/CredentialScope.h"
#include "signalr/NegotiateAnswer.h"

#include <QByteArray>
#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using signalr::CredentialScope;
using signalr::NegotiateAnswer;

const QString UserKey = QStringLiteral("the-users-key");

void check(bool property, const char *what)
{
    if (!property) {
        std::fprintf(stderr, "broken property: %s\n", what);
        std::abort();
    }
}

void checkRedirect(const QUrl &configured, const NegotiateAnswer &answer)
{
    CredentialScope scope(configured, UserKey, false);
    if (scope.follow(configured, answer.redirectUrl, answer.redirectToken))
        return; // refused: nothing was sent
    const QUrl &next = answer.redirectUrl;
    check(next.userInfo().isEmpty(), "followed a URL with a user name");
    check(!(configured.scheme() == QLatin1String("https") && next.scheme() != QLatin1String("https")), "followed https to http");
    check(next.scheme() != QLatin1String("http") || CredentialScope::isLoopback(next), "followed clear text off the machine");
    if (answer.redirectToken)
        check(scope.token() == *answer.redirectToken, "a redirect's own token was not the one sent");
    else
        check(CredentialScope::sameOrigin(configured, next) && scope.token() == UserKey,
              "the key followed a redirect to another origin");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = 100 + ((data[0] << 8) | data[1]) % 500;
    const QByteArray body(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    // Both kinds of configured hub, decided by a bit the fuzzer controls.
    const QUrl configured(data[0] & 0x80 ? QStringLiteral("https://hub.example.com/hubs/events")
                                         : QStringLiteral("http://127.0.0.1:5000/hubs/events"));

    const NegotiateAnswer answer = NegotiateAnswer::parse(status, body, configured);
    const bool success = status >= 200 && status < 300 && body.size() <= NegotiateAnswer::MaxBodySize;
    switch (answer.type) {
    case NegotiateAnswer::Type::Failed:
        check(answer.error.isError() && !answer.error.message.isEmpty(), "a failure without a reason");
        break;
    case NegotiateAnswer::Type::Redirect:
        check(success, "a redirect from a failed answer");
        check(answer.redirectUrl.isValid() && !answer.redirectUrl.host().isEmpty(), "a redirect without a host");
        checkRedirect(configured, answer);
        break;
    case NegotiateAnswer::Type::Connect: check(success, "a connection from a failed answer"); break;
    }
    return 0;
}
