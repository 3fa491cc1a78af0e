#pragma once

#include "ConnectionError.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace signalr {

// Where a credential may be sent. The user's key belongs to the origin (scheme, host, port)
// the user configured and goes nowhere else; a token a negotiate redirect hands over
// belongs to the origin of that redirect. The decisions are pure functions of URLs, so the
// rules are tested and fuzzed without a network.
class CredentialScope
{
public:
    // The user's `token` for the configured hub URL `origin`.
    CredentialScope(const QUrl &origin, const QString &token, bool allowInsecureHttp);

    const QString &token() const { return m_token; }

    // Follows a negotiate answer's `url` from `current` (the URL that answered) to `next`,
    // with the `accessToken` that came with it, if any. Refused (and nothing changes) when
    // the current token would reach another origin, when https would become http, when
    // `next` has a user name or password, or when `next` is clear text off this machine.
    std::optional<ConnectionError> follow(const QUrl &current, const QUrl &next, const std::optional<QString> &ownToken);
    // Whether an HTTP redirect (301, 302, 307, 308...) of a request to `from` may be
    // followed to `to`: only to the same origin, which the request's token belongs to.
    static std::optional<ConnectionError> checkHttpRedirect(const QUrl &from, const QUrl &to);
    // Refuses http:// and ws:// to any host but this machine's loopback (127.0.0.0/8, ::1,
    // localhost) unless the user allowed it explicitly.
    static std::optional<ConnectionError> checkCleartext(const QUrl &url, bool allowInsecureHttp);

    static bool sameOrigin(const QUrl &a, const QUrl &b);
    static bool isLoopback(const QUrl &url);

private:
    QUrl m_origin;
    QString m_token;
    const bool m_allowInsecureHttp;
};

} // namespace signalr
