// libFuzzer target: arbitrary bytes as what a hub speaking the MessagePack hub protocol
// sends after the WebSocket opens: the JSON handshake response (TextRecordFraming), then
// VarInt-framed records (BinaryRecordFraming, handed the bytes that followed the
// handshake), MessagePackHubProtocol::decode, and the Event Hub parsing of what was
// decoded (HubFuzzChecks.h).
//
// Checks, besides crashes and sanitizer reports:
//  - framing: whatever the chunking, the records handed out are exactly those of a
//    reference reading of the VarInt prefixes, in order; an error exactly when the
//    reference meets a malformed prefix or a record over the limit; otherwise the
//    unfinished record is kept whole;
//  - decode / events / history pages: as in fuzz_hub_records (HubFuzzChecks.h).
//
// Seeds: corpus/msgpack_records/ (see make_corpus.py). Run: scripts/ci/15-fuzz.sh.

#include "HubFuzzChecks.h"
#include "signalr/BinaryRecordFraming.h"
#include "signalr/HandshakeProtocol.h"
#include "signalr/MessagePackHubProtocol.h"
#include "signalr/TextRecordFraming.h"

#include <QByteArray>
#include <QList>

#include <cstdint>

namespace {

// Small enough for the fuzzer to reach, so that the limit's error paths run too.
constexpr qint64 SmallLimit = 256;

// The reference framing, written from the protocol's description: a VarInt length (7 bits
// a byte, least significant first, at most 5 bytes, at most 2^31 - 1), then that many bytes.
struct Reference
{
    QList<QByteArray> records;
    bool failed = false;  // a malformed prefix or a record over the limit
    QByteArray remainder; // the unfinished record when !failed
};

Reference referenceRecords(const QByteArray &stream, qint64 limit)
{
    Reference reference;
    qsizetype position = 0;
    while (position < stream.size()) {
        quint64 length = 0;
        int used = 0;
        bool complete = false;
        for (; used < signalr::BinaryRecordFraming::MaxLengthBytes && position + used < stream.size(); ++used) {
            const quint8 byte = static_cast<quint8>(stream.at(position + used));
            length |= quint64(byte & 0x7f) << (7 * used);
            if (!(byte & 0x80)) {
                ++used;
                complete = true;
                break;
            }
        }
        if (!complete) {
            // Five bytes all announcing a sixth: malformed; fewer: still arriving.
            reference.failed = used == signalr::BinaryRecordFraming::MaxLengthBytes;
            break;
        }
        if (length > 0x7fffffff || static_cast<qint64>(length) > limit) {
            reference.failed = true;
            break;
        }
        if (stream.size() - position - used < static_cast<qsizetype>(length))
            break;
        reference.records.append(stream.mid(position + used, static_cast<qsizetype>(length)));
        position += used + static_cast<qsizetype>(length);
    }
    if (!reference.failed)
        reference.remainder = stream.mid(position);
    return reference;
}

qsizetype chunkSizeAt(const QByteArray &stream, qsizetype position)
{
    return 1 + static_cast<unsigned char>(stream.at(position)) % 23;
}

// The records of `stream` through a BinaryRecordFraming fed `chunked` or all at once.
void checkFraming(const QByteArray &stream, qint64 limit, bool chunked)
{
    const Reference reference = referenceRecords(stream, limit);
    signalr::BinaryRecordFraming framing(limit);
    QList<QByteArray> records;
    bool failed = false;
    qsizetype position = 0;
    while (position < stream.size() && !failed) {
        const qsizetype size = chunked ? chunkSizeAt(stream, position) : stream.size();
        const QByteArray chunk = stream.mid(position, size);
        position += chunk.size();
        if (!framing.append(chunk)) {
            failed = true;
            break;
        }
        QByteArray record;
        while (framing.nextRecord(record))
            records.append(record);
        failed = !framing.errorString().isEmpty();
    }
    FUZZ_CHECK(records.size() <= reference.records.size(), "more records than the stream holds");
    for (qsizetype i = 0; i < records.size(); ++i)
        FUZZ_CHECK(records.at(i) == reference.records.at(i), "a record differs from the stream's");
    FUZZ_CHECK(failed == reference.failed,
               failed ? "the framing failed on a good stream" : "the framing accepted a bad prefix or size");
    if (failed)
        return;
    FUZZ_CHECK(records.size() == reference.records.size(), "a complete record was not handed out");
    FUZZ_CHECK(framing.hasPartialRecord() == !reference.remainder.isEmpty(), "partial record lost");
    FUZZ_CHECK(framing.takeRemainder() == reference.remainder, "remainder differs from the stream's");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    // The handshake response is a JSON record whatever the protocol; the bytes after it
    // are the binary framing's (HubSession::processHandshake).
    signalr::TextRecordFraming handshake(fuzz::DefaultLimit);
    FUZZ_CHECK(handshake.append(stream), "handshake framing refused a stream under its limit");
    QByteArray handshakeRecord;
    if (handshake.nextRecord(handshakeRecord)) {
        QString error;
        (void)signalr::HandshakeProtocol::parseResponse(handshakeRecord, error);
    }
    const QByteArray binary = handshake.takeRemainder();
    FUZZ_CHECK(stream.endsWith(binary), "the handshake framing's remainder is not the stream's tail");

    if (!binary.isEmpty()) {
        checkFraming(binary, SmallLimit, true);
        checkFraming(binary, SmallLimit, false);
    }

    // With the real limit, all at once: each record through the client.
    const signalr::MessagePackHubProtocol protocol;
    const std::unique_ptr<signalr::RecordFraming> framing = protocol.createFraming(fuzz::DefaultLimit);
    if (!framing->append(binary))
        return 0;
    QByteArray record;
    while (framing->nextRecord(record)) {
        signalr::HubMessage message;
        QString error;
        if (!protocol.decode(record, message, error))
            continue; // HubSession would close the connection on a non-empty error
        fuzz::checkReencodes(protocol, message);
        fuzz::handleMessage(message);
    }
    return 0;
}
