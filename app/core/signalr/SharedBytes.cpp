#include "SharedBytes.h"

namespace signalr {

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

QByteArray sharedPart(const QByteArray &whole, QByteArrayView part)
{
    return sharedPart(whole, part.data() - whole.constData(), part.size());
}

qsizetype bytesAfter(const QByteArray &bytes)
{
    return layoutOf(bytes).freeSpaceAtEnd();
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
    // and copying it would save little.
    const QByteArray::DataPointer &layout = layoutOf(bytes);
    if (layout.freeSpaceAtBegin() + layout.freeSpaceAtEnd() > bytes.size())
        bytes = QByteArray(bytes.constData(), bytes.size());
}

} // namespace signalr
