#pragma once

#include "eventhub/EventHubSettings.h"

#include <functional>


namespace ui {

class CredentialStore;

// The secrets of a saved connection, which live in the keychain and nowhere else: the API
// key (per instance) and, for a proxy the user named, its user name and password (per proxy).

// Fills `settings`' API key (when it has none) and its named proxy's credentials from
// `store`. `keyError` is empty when the key was found (or already there).
void loadConnectionSecrets(CredentialStore &store, eventhub::EventHubSettings settings,
                           std::function<void(const eventhub::EventHubSettings &withSecrets, const QString &keyError)> done);

// Saves the API key and, for a named proxy with a user name and password, its credentials.
// `problem` is empty when the keychain holds them all, else says what is kept for this
// session only.
void saveConnectionSecrets(CredentialStore &store, const eventhub::EventHubSettings &settings,
                           std::function<void(const QString &problem)> done);

} // namespace ui
