#include "ConnectionSecrets.h"

#include "CredentialStore.h"

#include <memory>

namespace ui {

namespace {

bool hasNamedProxy(const eventhub::EventHubSettings &settings)
{
    return settings.proxy.mode == signalr::ProxySettings::Mode::Explicit;
}

} // namespace

void loadConnectionSecrets(CredentialStore &store, eventhub::EventHubSettings settings,
                           std::function<void(const eventhub::EventHubSettings &, const QString &)> done)
{
    auto withProxy = [&store, done](eventhub::EventHubSettings settings, const QString &keyError) {
        if (!hasNamedProxy(settings) || !settings.proxy.proxy.password().isEmpty()) {
            done(settings, keyError);
            return;
        }
        const QNetworkProxy proxy = settings.proxy.proxy;
        store.readProxyCredentials(
            proxy, [settings, keyError, done](bool ok, const QString &user, const QString &password, const QString &) mutable {
            // Saved for another user of the same proxy: not this connection's.
                const QString savedUser = settings.proxy.proxy.user();
                if (ok && (savedUser.isEmpty() || savedUser == user)) {
                    settings.proxy.proxy.setUser(user);
                    settings.proxy.proxy.setPassword(password);
                }
                done(settings, keyError);
            });
    };
    if (!settings.apiKey.isEmpty()) {
        withProxy(settings, QString());
        return;
    }
    const QString instance = settings.instanceUrl.toString();
    store.readKey(instance, [settings, withProxy](bool ok, const QString &key, const QString &error) mutable {
        if (ok)
            settings.apiKey = key;
        withProxy(settings, ok ? QString() : error);
    });
}

void saveConnectionSecrets(CredentialStore &store, const eventhub::EventHubSettings &settings,
                           std::function<void(const QString &)> done)
{
    const QNetworkProxy &proxy = settings.proxy.proxy;
    const bool saveProxy = hasNamedProxy(settings) && !proxy.user().isEmpty() && !proxy.password().isEmpty();
    // Both answers arrive asynchronously; `done` hears once, after the last.
    struct Pending
    {
        int answers = 0;
        QStringList problems;
    };
    auto pending = std::make_shared<Pending>();
    pending->answers = saveProxy ? 2 : 1;
    auto answered = [pending, done](bool persisted, const QString &message) {
        if (!persisted && !pending->problems.contains(message))
            pending->problems << message;
        if (--pending->answers == 0)
            done(pending->problems.join(QLatin1Char(' ')));
    };
    store.writeKey(settings.instanceUrl.toString(), settings.apiKey, answered);
    if (saveProxy)
        store.writeProxyCredentials(proxy, proxy.user(), proxy.password(), answered);
}

} // namespace ui
