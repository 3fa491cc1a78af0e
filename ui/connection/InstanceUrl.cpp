#include "InstanceUrl.h"

#include "eventhub/EventHubSettings.h"

namespace connectionui {

QUrl parseInstanceStrictly(const QString &text)
{
    const QUrl parsed = eventhub::EventHubSettings::parseInstance(text);
    if (!parsed.isValid())
        return {};
    const QString trimmed = text.trimmed();
    const QUrl typed(trimmed.contains(QLatin1String("://")) ? trimmed : QLatin1String("https://") + trimmed,
                     QUrl::StrictMode);
    if (!typed.isValid() || typed.host().isEmpty() || typed.port() == 0 || !typed.userInfo().isEmpty()
        || typed.hasQuery() || typed.hasFragment())
        return {};
    if (typed.scheme().compare(parsed.scheme(), Qt::CaseInsensitive) != 0
        || typed.host().compare(parsed.host(), Qt::CaseInsensitive) != 0 || typed.port() != parsed.port())
        return {};
    return parsed;
}

QString normalizedInstance(const QUrl &instance)
{
    if (!instance.isValid() || instance.host().isEmpty())
        return {};
    QUrl url = instance.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return url.toString();
}

} // namespace connectionui
