#pragma once

#include "HubProtocol.h"

#include <QStringList>

#include <memory>

namespace signalr {

// The hub protocols this client speaks, by their handshake names ("json", "messagepack"),
// for settings and command lines.
QStringList hubProtocolNames();
// Null for a name that is not one of hubProtocolNames().
std::shared_ptr<const HubProtocol> hubProtocolByName(const QString &name);

} // namespace signalr
