#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

#include <optional>

// A certificate authority and a server certificate it signed (for localhost, 127.0.0.1, ::1
// and the IPv6-only name of Ipv6OnlyHost.h), made at test time with the openssl program, so
// that no private key lives in the repository and nothing expires. `caFile` is the CA's PEM
// file, as --ca-file takes it.
struct TestCertificates
{
    QSslCertificate ca;
    QString caFile;
    // For a server: its certificate, its key, and the CA after it in the chain.
    QSslConfiguration server;

    // Writes into `directory` (which must outlive the files' use); nullopt with `error`
    // when openssl is missing or fails.
    static std::optional<TestCertificates> make(const QString &directory, QString &error);
};
