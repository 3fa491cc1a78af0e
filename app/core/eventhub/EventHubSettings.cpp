#include "EventHubSettings.h"

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
    const QUrl url = QUrl::fromUserInput(trimmed.contains(QLatin1String("://")) ? trimmed
                                                                               : QLatin1String("https://") + trimmed);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    return url;
}

EventHubSettings EventHubSettings::fromEnvironment()
{
    EventHubSettings settings;
    settings.instanceUrl = parseInstance(qEnvironmentVariable("MESOLIVE_INSTANCE"));
    settings.apiKey = qEnvironmentVariable("MESOLIVE_API_KEY");
    return settings;
}

} // namespace eventhub
