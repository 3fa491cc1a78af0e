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

} // namespace signalr
