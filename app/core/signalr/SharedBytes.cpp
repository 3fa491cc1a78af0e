#include "SharedBytes.h"

namespace signalr {

#if MESOLIVE_SHARED_BYTES

namespace {

// Qt 6.4 offers the buffer's layout only through the non-const data_ptr(); it is read
// here, not changed.
const QByteArray::DataPointer &layoutOf(const QByteArray &bytes)
{
    return const_cast<QByteArray &>(bytes).data_ptr();
}

} // namespace

QByteArray sharedPart(const QByteArray &whole, qsizetype at, qsizetype size)
{
    Q_ASSERT(at >= 0 && size >= 0 && at + size <= whole.size());
    if (!layoutOf(whole).isMutable())
        return whole.sliced(at, size);
    QByteArray part = whole; // a reference more to the buffer, not a copy of it
    QByteArray::DataPointer &layout = part.data_ptr();
    layout.ptr += at;
    layout.size = size;
    return part;
}

qsizetype bytesAfter(const QByteArray &bytes)
{
    return layoutOf(bytes).freeSpaceAtEnd();
}

#else // a Qt whose QByteArray layout was not verified: copies

QByteArray sharedPart(const QByteArray &whole, qsizetype at, qsizetype size)
{
    Q_ASSERT(at >= 0 && size >= 0 && at + size <= whole.size());
    return whole.sliced(at, size);
}

qsizetype bytesAfter(const QByteArray &)
{
    return 0;
}

#endif

QByteArray sharedPart(const QByteArray &whole, QByteArrayView part)
{
    return sharedPart(whole, part.data() - whole.constData(), part.size());
}

void removeFront(QByteArray &bytes, qsizetype count)
{
    if (count <= 0)
        return;
    if (count >= bytes.size())
        bytes = QByteArray();
    else if (bytes.isDetached())
        bytes.remove(0, count);
    else
        bytes = bytes.sliced(count);
}

void ownBytes(QByteArray &bytes)
{
    // Spare room up to their own size is left: a buffer grown by appending has that much,
    // and copying it would save little. capacity() is the whole buffer's, wherever in it
    // the bytes begin (0 for bytes not owned).
    if (bytes.capacity() > 2 * bytes.size())
        bytes = QByteArray(bytes.constData(), bytes.size());
}

} // namespace signalr
