#include "WebSocketText.h"

#include <simdjson.h>

namespace signalr {

// QWebSocket 6.4 hands text messages over only as UTF-16; the framing and the JSON parser
// read the UTF-8 they were sent in. Hub messages are nearly always ASCII, which is narrowed
// here into a buffer of the message's size: QString::toUtf8 allocates for the worst case,
// three bytes a character (48 KB for each 16 KB message of a flood). The buffer has room
// for simdjson's padding after the message, so that its records, parts of it, are parsed
// where they are (SimdJsonInput).
QByteArray utf8FromWebSocketText(const QString &text)
{
    const char16_t *in = reinterpret_cast<const char16_t *>(text.constData());
    const qsizetype size = text.size();
    QByteArray bytes;
    bytes.reserve(size + qsizetype(simdjson::SIMDJSON_PADDING));
    bytes.resize(size);
    char *out = bytes.data();
    // One pass that narrows every character and remembers whether any was not ASCII: a
    // loop without an early exit, which the compiler vectorises.
    char16_t seen = 0;
    for (qsizetype i = 0; i < size; ++i) {
        seen |= in[i];
        out[i] = char(in[i]);
    }
    if (seen < 0x80)
        return bytes;
    bytes = text.toUtf8();
    bytes.reserve(bytes.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return bytes;
}

} // namespace signalr
