#pragma once

#include <QLoggingCategory>

namespace signalr {
Q_DECLARE_LOGGING_CATEGORY(lcSignalR)
}
