#pragma once

#include <QByteArray>
#include <QString>

namespace signalr {

// A WebSocket text message as the UTF-8 it was sent in.
QByteArray utf8FromWebSocketText(const QString &text);

} // namespace signalr
