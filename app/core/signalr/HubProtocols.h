#pragma once

#include "HubConnectionOptions.h"
#include "HubProtocol.h"

#include <QStringList>

#include <memory>

namespace signalr {

// The hub protocols this client speaks, by their handshake names ("json", "messagepack"),
// for settings and command lines.
QStringList hubProtocolNames();
// Null for a name that is not one of hubProtocolNames().
std::shared_ptr<const HubProtocol> hubProtocolByName(const QString &name);

// What a user chooses from: "auto" (the default of the programs: MessagePack, and JSON
// from the first handshake a hub refuses it in), or one of hubProtocolNames().
QStringList hubProtocolChoices();
// Sets `options.protocol` and `options.fallbackProtocol` for one of hubProtocolChoices();
// false, and the options left alone, for any other text.
bool applyHubProtocolChoice(const QString &choice, HubConnectionOptions &options);

} // namespace signalr
