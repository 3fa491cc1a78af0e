#include "TestCertificates.h"

#include "Ipv6OnlyHost.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslKey>

namespace {

bool openssl(const QString &directory, const QStringList &arguments, QString &error)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = QStringLiteral("openssl %1 failed: %2 %3")
                    .arg(arguments.value(0), process.errorString(), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

std::optional<TestCertificates> TestCertificates::make(const QString &directory, QString &error)
{
    // P-256 keys: generated in milliseconds, where RSA takes a noticeable while.
    const QStringList ecKey{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const QString extensions = QDir(directory).filePath(QStringLiteral("server.ext"));
    QFile ext(extensions);
    if (!ext.open(QIODevice::WriteOnly)
        || ext.write("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,DNS:"
                     + ipv6_only::HostName.toLatin1() + ",IP:127.0.0.1,IP:::1\n")
               < 0) {
        error = ext.errorString();
        return std::nullopt;
    }
    ext.close();
    if (!openssl(directory,
                 QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey
                     + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                   QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                                   QStringLiteral("-subj"), QStringLiteral("/CN=MesoLive Test Root CA"),
                                   QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                   QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                 error)
        || !openssl(directory,
                    QStringList{QStringLiteral("req")} + ecKey
                        + QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                                      QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost")},
                    error)
        || !openssl(directory,
                    {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                     QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                     QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                     QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), extensions},
                    error))
        return std::nullopt;

    const QDir dir(directory);
    TestCertificates result;
    result.caFile = dir.filePath(QStringLiteral("ca.pem"));
    result.ca = QSslCertificate(readFile(result.caFile));
    const QSslCertificate serverCertificate(readFile(dir.filePath(QStringLiteral("server.pem"))));
    const QSslKey key(readFile(dir.filePath(QStringLiteral("server.key"))), QSsl::Ec);
    if (result.ca.isNull() || serverCertificate.isNull() || key.isNull()) {
        error = QStringLiteral("openssl wrote certificates or a key Qt cannot read.");
        return std::nullopt;
    }
    result.server = QSslConfiguration::defaultConfiguration();
    result.server.setLocalCertificateChain({serverCertificate, result.ca});
    result.server.setPrivateKey(key);
    // A server does not ask for the client's certificate.
    result.server.setPeerVerifyMode(QSslSocket::VerifyNone);
    return result;
}
