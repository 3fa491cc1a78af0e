#include "WebSocketText.h"

namespace signalr {

// QWebSocket 6.4 hands text messages over only as UTF-16; the framing and the JSON parser
// read the UTF-8 they were sent in. Hub messages are nearly always ASCII, which is narrowed
// here into a buffer of the message's size: QString::toUtf8 allocates for the worst case,
// three bytes a character (48 KB for each 16 KB message of a flood).
QByteArray utf8FromWebSocketText(const QString &text)
{
    constexpr qsizetype Block = 32;
    const char16_t *in = reinterpret_cast<const char16_t *>(text.constData());
    const qsizetype size = text.size();
    QByteArray bytes(size, Qt::Uninitialized);
    char *out = bytes.data();
    qsizetype done = 0;
    for (; done + Block <= size; done += Block) {
        char16_t seen = 0;
        for (qsizetype i = 0; i < Block; ++i)
            seen |= in[done + i];
        if (seen >= 0x80)
            return text.toUtf8();
        for (qsizetype i = 0; i < Block; ++i)
            out[done + i] = char(in[done + i]);
    }
    for (; done < size; ++done) {
        if (in[done] >= 0x80)
            return text.toUtf8();
        out[done] = char(in[done]);
    }
    return bytes;
}

} // namespace signalr
