#include "CertificateChainText.h"

#include <QCoreApplication>
#include <QStringList>

namespace ui {

namespace {

// "CN=..., O=..." from whichever of the two names is there.
QString distinguishedName(const QStringList &commonName, const QStringList &organization)
{
    QStringList parts;
    if (!commonName.isEmpty())
        parts << QStringLiteral("CN=%1").arg(commonName.join(QStringLiteral(", ")));
    if (!organization.isEmpty())
        parts << QStringLiteral("O=%1").arg(organization.join(QStringLiteral(", ")));
    return parts.isEmpty() ? QCoreApplication::translate("ui", "(no name)") : parts.join(QStringLiteral(", "));
}

} // namespace

QString certificateChainText(const QList<QSslCertificate> &chain)
{
    QStringList lines;
    for (const QSslCertificate &certificate : chain) {
        lines << QCoreApplication::translate("ui", "%1 — issued by %2")
                     .arg(distinguishedName(certificate.subjectInfo(QSslCertificate::CommonName),
                                            certificate.subjectInfo(QSslCertificate::Organization)),
                          distinguishedName(certificate.issuerInfo(QSslCertificate::CommonName),
                                            certificate.issuerInfo(QSslCertificate::Organization)));
    }
    if (lines.isEmpty())
        return {};
    return QCoreApplication::translate("ui", "The server presented:\n%1").arg(lines.join(QLatin1Char('\n')));
}

} // namespace ui
