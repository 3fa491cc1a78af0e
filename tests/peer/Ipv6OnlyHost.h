#pragma once

#include <QMap>
#include <QString>

// A host name that resolves to ::1 and nothing else, for tests that prove a name with no
// IPv4 address works wherever a host is accepted. No name on a stock machine does that
// (Debian's /etc/hosts gives ip6-localhost, but not every machine's has it, and some give
// localhost both addresses), so it is made with nss_wrapper (Debian package libnss-wrapper):
// a process started with ipv6OnlyEnvironment() reads tests/peer/ipv6-only.hosts before the
// system's resolver. The test certificates (TestCertificates) name it too.
namespace ipv6_only {

inline const QString HostName = QStringLiteral("hub6.mesolive.test");

// LD_PRELOAD and NSS_WRAPPER_HOSTS for a child process; empty when libnss-wrapper was not
// found at configure time.
inline QMap<QString, QString> environment()
{
#ifdef MESOLIVE_NSS_WRAPPER
    return {{QStringLiteral("LD_PRELOAD"), QStringLiteral(MESOLIVE_NSS_WRAPPER)},
            {QStringLiteral("NSS_WRAPPER_HOSTS"), QStringLiteral(MESOLIVE_IPV6_ONLY_HOSTS)}};
#else
    return {};
#endif
}

} // namespace ipv6_only
