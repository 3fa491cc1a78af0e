#include "HubProtocols.h"

#include "JsonHubProtocol.h"
#include "MessagePackHubProtocol.h"

namespace signalr {

QStringList hubProtocolNames()
{
    return {QStringLiteral("json"), QStringLiteral("messagepack")};
}

std::shared_ptr<const HubProtocol> hubProtocolByName(const QString &name)
{
    if (name == QLatin1String("json"))
        return std::make_shared<JsonHubProtocol>();
    if (name == QLatin1String("messagepack"))
        return std::make_shared<MessagePackHubProtocol>();
    return nullptr;
}

QStringList hubProtocolChoices()
{
    return QStringList{QStringLiteral("auto")} + hubProtocolNames();
}

bool applyHubProtocolChoice(const QString &choice, HubConnectionOptions &options)
{
    // MessagePack first because it travels in binary frames: Qt 6.4's QWebSocket closes
    // the connection on a text message whose frames split a UTF-8 character, which ASP.NET
    // Core sends (docs/qt-websocket-split-utf8.md). JSON where the hub does not speak it.
    if (choice == QLatin1String("auto")) {
        options.protocol = std::make_shared<MessagePackHubProtocol>();
        options.fallbackProtocol = std::make_shared<JsonHubProtocol>();
        return true;
    }
    auto protocol = hubProtocolByName(choice);
    if (!protocol)
        return false;
    options.protocol = std::move(protocol);
    options.fallbackProtocol = nullptr;
    return true;
}

} // namespace signalr
