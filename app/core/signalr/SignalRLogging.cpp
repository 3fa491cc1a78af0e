#include "SignalRLogging.h"

namespace signalr {
Q_LOGGING_CATEGORY(lcSignalR, "mesolive.signalr", QtInfoMsg)
}
