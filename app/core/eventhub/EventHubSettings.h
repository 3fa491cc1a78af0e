#pragma once

#include "signalr/ProxySettings.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace eventhub {

// Where the Event Hub is and how to authenticate, as the Python SDK takes them from
// MESOLIVE_INSTANCE and MESOLIVE_API_KEY. How an instance name maps to a URL and the hub's
// path are not public, so the instance is a full URL (a bare host name means https) and
// the path is a setting with a documented default.
struct EventHubSettings
{
    static constexpr const char *DefaultHubPath = "/hubs/events";

    QUrl instanceUrl;
    QString hubPath = QString::fromLatin1(DefaultHubPath);
    QString apiKey;
    // The user accepted sending the key unencrypted to a host that is not this machine
    // (http:// off loopback); see signalr::CredentialScope.
    bool allowInsecureHttp = false;
    // Ask for stateful reconnect (signalr::HubConnectionOptions::statefulReconnect). A
    // switch for a hub or a proxy whose resumes misbehave.
    bool statefulReconnect = true;
    // The proxy to go through: the system's unless the user chose none or one of their own.
    signalr::ProxySettings proxy;
    // A PEM file of certificates trusted besides the system's (a company's root), and what
    // it held when read (readCaFile).
    QString caFile;
    QList<QSslCertificate> caCertificates;

    // The instance URL with the hub path appended.
    QUrl hubUrl() const;
    bool isComplete() const { return instanceUrl.isValid() && !instanceUrl.host().isEmpty(); }

    // "https://host:port", "http://127.0.0.1:5000" or a bare "host" (taken as https),
    // in one spelling (lower-case scheme, no trailing slash). Returns an invalid URL for
    // anything else: another scheme, a bad port, a user name, a query or a fragment.
    static QUrl parseInstance(const QString &text);
    // Reads `path` into caFile and caCertificates; false with `problem` when the file
    // cannot be read or holds no PEM certificate.
    bool readCaFile(const QString &path, QString &problem);
    // Reads MESOLIVE_INSTANCE and MESOLIVE_API_KEY; fields stay empty when unset.
    static EventHubSettings fromEnvironment();
};

} // namespace eventhub
