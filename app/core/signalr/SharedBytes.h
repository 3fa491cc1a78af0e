#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

// Sharing writes through QByteArray::data_ptr(), which Qt does not document: where the data
// begins in its buffer and its size. It is compiled only for the Qt versions it was verified
// with, those where tst_sharedbytes passes; with any other, a part is a copy and no bytes
// after one are counted (bytesAfter is 0): slower, never wrong. To add a version, widen the
// range and run tst_sharedbytes on it (docs/portability.md).
#if QT_VERSION >= QT_VERSION_CHECK(6, 4, 0) && QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
#define MESOLIVE_SHARED_BYTES 1
#else
#define MESOLIVE_SHARED_BYTES 0
#endif

namespace signalr {

// Whether parts share their buffer with this Qt (MESOLIVE_SHARED_BYTES above).
inline constexpr bool partsShareBytes = MESOLIVE_SHARED_BYTES;

// Parts of a QByteArray that share its buffer instead of copying it (Qt 6.4's
// QByteArray::sliced() copies). A received WebSocket message is one buffer; its records,
// their arguments and the events read from them are parts of it, and sharing it saves an
// allocation and a copy for each event of a flood. QByteArray supports data that begins
// inside its buffer (it removes from the front that way): a part is a reference to the
// buffer with a start and a size of its own, copied on write like any QByteArray.
//
// A part keeps all of its buffer alive: what is kept for long gets bytes of its own
// (ownBytes), or one event could hold a whole 16 KB message.

// `size` bytes of `whole` from `at`. A copy when `whole` does not own its bytes
// (QByteArray::fromRawData), whose lifetime a part could not extend.
QByteArray sharedPart(const QByteArray &whole, qsizetype at, qsizetype size);
// The same for `part`, a view into the bytes of `whole`.
QByteArray sharedPart(const QByteArray &whole, QByteArrayView part);

// How many bytes of the buffer follow `bytes` (readable, though not theirs): simdjson
// needs some past the end of what it parses, and a part of a larger message has them.
qsizetype bytesAfter(const QByteArray &bytes);

// Removes the first `count` bytes: in place when no part shares the buffer, else by
// taking the rest alone into a new one (the parts keep the old; a copy of all of it, as
// QByteArray::remove makes of a shared buffer, is not needed).
void removeFront(QByteArray &bytes, qsizetype count);

// Gives `bytes` a buffer of their own when theirs is more than twice their size.
void ownBytes(QByteArray &bytes);

} // namespace signalr
