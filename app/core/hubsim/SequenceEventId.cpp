#include "SequenceEventId.h"

namespace hubsim {

namespace {

constexpr quint64 Low48 = (quint64(1) << 48) - 1;
constexpr QByteArrayView FixedPrefix = "00000000-0000-4000-8000-";

} // namespace

quint64 scatteredIdBits(quint64 seqId)
{
    // Each step is a bijection on 48 bits (an xor with a right shift of itself; a product
    // with an odd number), and together they spread neighbouring numbers far apart.
    quint64 x = seqId & Low48;
    x ^= x >> 23;
    x = (x * 0x9E3779B97F4Bull) & Low48;
    x ^= x >> 21;
    x = (x * 0xC2B2AE3D27D5ull) & Low48;
    x ^= x >> 24;
    return x;
}

void appendSequenceEventId(QByteArray &out, QByteArrayView prefix, qint64 seqId)
{
    // By hand: snprintf("%012llx") was a tenth of the simulator's pre-serialised flood time.
    char digits[12];
    quint64 value = scatteredIdBits(quint64(seqId));
    for (int i = 11; i >= 0; --i, value >>= 4)
        digits[i] = "0123456789abcdef"[value & 0xf];
    out.append(prefix);
    out.append(digits, sizeof digits);
}

QString sequenceEventId(qint64 seqId)
{
    QByteArray id;
    id.reserve(36);
    appendSequenceEventId(id, FixedPrefix, seqId);
    return QString::fromLatin1(id);
}

} // namespace hubsim
