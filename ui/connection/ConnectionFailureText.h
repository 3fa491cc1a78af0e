#pragma once

#include "signalr/ConnectionError.h"

#include <QString>

namespace ui {

// Why a connection failed, for a trader rather than a network engineer: for a proxy that
// wants a password, a proxy that cannot be reached and a certificate this computer does not
// trust, a first sentence saying what it means and what to do, then the technical message
// (and the presented certificate chain), which IT support will ask for. Other failures are
// their message as it is.
QString connectionFailureText(const signalr::ConnectionError &reason);

} // namespace ui
