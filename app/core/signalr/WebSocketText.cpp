#include "WebSocketText.h"

#include <simdjson.h>

namespace signalr {

namespace {

// Narrows every character and says whether all were ASCII: one pass without an early
// exit, a loop the compiler vectorises.
inline bool narrowAscii(const char16_t *in, qsizetype size, char *out)
{
    char16_t seen = 0;
    for (qsizetype i = 0; i < size; ++i) {
        seen |= in[i];
        out[i] = char(in[i]);
    }
    return seen < 0x80;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// The same loop compiled for AVX2 as well, 32 characters a step instead of 16, taken where
// the CPU has it (the build targets SSE4.2): the narrowing is on every text message's path
// (docs/benchmarks.md, "Measurements behind the code's rules").
__attribute__((target("avx2"))) bool narrowAsciiAvx2(const char16_t *in, qsizetype size, char *out)
{
    return narrowAscii(in, size, out);
}

bool narrowAsciiFastest(const char16_t *in, qsizetype size, char *out)
{
    static const bool hasAvx2 = __builtin_cpu_supports("avx2");
    return hasAvx2 ? narrowAsciiAvx2(in, size, out) : narrowAscii(in, size, out);
}
#else
bool narrowAsciiFastest(const char16_t *in, qsizetype size, char *out)
{
    return narrowAscii(in, size, out);
}
#endif

} // namespace

// QWebSocket 6.4 hands text messages over only as UTF-16; the framing and the JSON parser
// read the UTF-8 they were sent in. Hub messages are nearly always ASCII, which is narrowed
// here into a buffer of the message's size: QString::toUtf8 allocates for the worst case,
// three bytes a character (48 KB for each 16 KB message of a flood). The buffer has room
// for simdjson's padding after the message, so that its records, parts of it, are parsed
// where they are (SimdJsonInput).
QByteArray utf8FromWebSocketText(const QString &text)
{
    const qsizetype size = text.size();
    QByteArray bytes;
    bytes.reserve(size + qsizetype(simdjson::SIMDJSON_PADDING));
    bytes.resize(size);
    if (narrowAsciiFastest(reinterpret_cast<const char16_t *>(text.constData()), size, bytes.data()))
        return bytes;
    bytes = text.toUtf8();
    bytes.reserve(bytes.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return bytes;
}

} // namespace signalr
