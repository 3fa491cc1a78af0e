#include "EventHubSettings.h"

#include <QFile>

namespace eventhub {

QUrl EventHubSettings::hubUrl() const
{
    QUrl url = instanceUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QString hub = hubPath.trimmed();
    if (!hub.startsWith(QLatin1Char('/')))
        hub.prepend(QLatin1Char('/'));
    url.setPath(path + hub);
    return url;
}

QUrl EventHubSettings::parseInstance(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    // Strict parsing as typed: QUrl::fromUserInput would "repair" what it cannot parse
    // ("https://host:99999" into "http://https//host:99999") and connect somewhere else.
    QUrl url(trimmed.contains(QLatin1String("://")) ? trimmed : QLatin1String("https://") + trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || url.port() == 0 || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return {};
    url.setScheme(scheme);
    url = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return url;
}

bool EventHubSettings::readCaFile(const QString &path, QString &problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        problem = QStringLiteral("Cannot read the certificate file %1: %2").arg(path, file.errorString());
        return false;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        problem = QStringLiteral("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----).").arg(path);
        return false;
    }
    caFile = path;
    caCertificates = certificates;
    return true;
}

EventHubSettings EventHubSettings::fromEnvironment()
{
    EventHubSettings settings;
    settings.instanceUrl = parseInstance(qEnvironmentVariable("MESOLIVE_INSTANCE"));
    settings.apiKey = qEnvironmentVariable("MESOLIVE_API_KEY");
    return settings;
}

} // namespace eventhub
