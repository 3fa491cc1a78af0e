#include "CredentialScope.h"

#include "NetworkErrors.h"

#include <QHostAddress>

namespace signalr {

namespace {

using Kind = ConnectionError::Kind;

bool isCleartext(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("ws");
}

// ws and wss are http and https upgraded: the same origin for the same host and port.
QString httpScheme(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("ws"))
        return QStringLiteral("http");
    if (scheme == QLatin1String("wss"))
        return QStringLiteral("https");
    return scheme;
}

int effectivePort(const QUrl &url)
{
    return url.port(httpScheme(url) == QLatin1String("https") ? 443 : 80);
}

ConnectionError refusal(const QUrl &url, const QString &why)
{
    return ConnectionError::make(Kind::UnsafeDestination,
                                 QStringLiteral("Refused to send the API key to %1: %2").arg(hostAndPort(url), why));
}

} // namespace

CredentialScope::CredentialScope(const QUrl &origin, const QString &token, bool allowInsecureHttp)
    : m_origin(origin)
    , m_token(token)
    , m_allowInsecureHttp(allowInsecureHttp)
{}

std::optional<ConnectionError> CredentialScope::follow(const QUrl &current, const QUrl &next,
                                                       const std::optional<QString> &ownToken)
{
    // A user name in the URL would go out as Basic credentials, and is a classic way of
    // disguising a host ("https://bank.example@evil.example").
    if (!next.userInfo().isEmpty())
        return refusal(next, QStringLiteral("the hub redirected negotiate to a URL with a user name or password."));
    if (httpScheme(current) == QLatin1String("https") && httpScheme(next) != QLatin1String("https"))
        return refusal(next, QStringLiteral("the hub redirected negotiate from https to unencrypted %1.").arg(next.scheme()));
    if (!ownToken && !sameOrigin(m_origin, next)) {
        return refusal(next, QStringLiteral("the hub at %1 redirected negotiate to another host without a token "
                                            "of its own, and the key only goes to the host you configured.")
                                 .arg(hostAndPort(current)));
    }
    if (auto refused = checkCleartext(next, m_allowInsecureHttp))
        return refused;
    if (ownToken) {
        m_token = *ownToken;
        m_origin = next;
    }
    return std::nullopt;
}

std::optional<ConnectionError> CredentialScope::checkHttpRedirect(const QUrl &from, const QUrl &to)
{
    if (sameOrigin(from, to) && to.userInfo().isEmpty())
        return std::nullopt;
    return refusal(to, QStringLiteral("%1 answered negotiate with an HTTP redirect to another host, which "
                                      "would receive the key.")
                           .arg(hostAndPort(from)));
}

std::optional<ConnectionError> CredentialScope::checkCleartext(const QUrl &url, bool allowInsecureHttp)
{
    if (allowInsecureHttp || !isCleartext(url.scheme().toLower()) || isLoopback(url))
        return std::nullopt;
    return refusal(url, QStringLiteral("%1:// is unencrypted, and anyone on the network could read the key. "
                                       "Use https://, or allow insecure HTTP explicitly (--allow-insecure-http "
                                       "in mesolive-events, the confirmation in the connection dialog).")
                            .arg(url.scheme()));
}

bool CredentialScope::sameOrigin(const QUrl &a, const QUrl &b)
{
    // QUrl keeps host names lower-case; an IPv6 address compares in its one spelling.
    return httpScheme(a) == httpScheme(b) && a.host() == b.host() && effectivePort(a) == effectivePort(b) && !a.host().isEmpty();
}

bool CredentialScope::isLoopback(const QUrl &url)
{
    const QString host = url.host();
    // "localhost" never leaves the machine (RFC 6761); browsers treat it as loopback too.
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace signalr
