// libFuzzer target: arbitrary bytes as what a hub sends after the WebSocket opens, run
// through the client's real code: the handshake response (TextRecordFraming +
// HandshakeProtocol), the hand-over of the bytes that follow it to the message framing,
// JsonHubProtocol::decode, and the Event Hub parsing of what was decoded (eventFromCallback
// for invocations, EventPage::parse / SubscriptionResult::parse for results).
//
// Besides crashes and sanitizer reports it checks the properties "never lose or duplicate
// an event" rests on, and aborts when one fails:
//  - framing: whatever the chunking, the records handed out are exactly the 0x1E-separated
//    pieces of the stream, in order; a size-limit error only when a piece is over the limit;
//  - decode: a decoded message re-encodes to something that decodes to the same encoding;
//    decode is exactly as strict about JSON as simdjson's DOM parser, and every argument,
//    item or result it cuts out is itself JSON to that parser;
//  - events: a parsed event has an EventId and a non-negative EventSeqId, and survives its
//    history envelope (toEnvelope -> eventFromEnvelope) unchanged;
//  - history pages: every envelope of a page is either an event or a malformed entry.
//
// Seeds: corpus/hub_records/ (see make_corpus.py). Run: scripts/ci/15-fuzz.sh.

#include "HubFuzzChecks.h"
#include "signalr/HandshakeProtocol.h"
#include "signalr/JsonHubProtocol.h"
#include "signalr/TextRecordFraming.h"

#include <simdjson.h>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using fuzz::DefaultLimit;

// Small enough for the fuzzer to reach, so that the limit's error paths run too.
constexpr qint64 SmallLimit = 256;

// The reference framing: the stream split at every 0x1E. The last piece is the unfinished
// record (possibly empty).
QList<QByteArray> referencePieces(const QByteArray &stream)
{
    QList<QByteArray> pieces = stream.split(signalr::TextRecordFraming::Separator);
    return pieces;
}

// The chunk sizes a WebSocket might have delivered: decided by the bytes themselves, so
// that the fuzzer explores chunkings along with contents.
qsizetype chunkSizeAt(const QByteArray &stream, qsizetype position)
{
    return 1 + static_cast<unsigned char>(stream.at(position)) % 23;
}

// Feeds the stream in chunks, as HubSession does: a handshake framing until the first
// record, then the rest of its bytes to a new framing for the messages. Checks that the
// records come out exactly as the reference split, and that an error has a reason.
void checkFramingChunked(const QByteArray &stream, const QList<QByteArray> &pieces)
{
    signalr::TextRecordFraming handshake(SmallLimit);
    std::unique_ptr<signalr::RecordFraming> messages;
    QList<QByteArray> records;
    bool failed = false;

    qsizetype position = 0;
    while (position < stream.size() && !failed) {
        const QByteArray chunk = stream.mid(position, chunkSizeAt(stream, position));
        position += chunk.size();
        QByteArray record;
        if (!messages) {
            if (!handshake.append(chunk)) {
                failed = true;
                break;
            }
            if (!handshake.nextRecord(record)) {
                failed = !handshake.errorString().isEmpty();
                continue;
            }
            records.append(record);
            messages = signalr::JsonHubProtocol().createFraming(SmallLimit);
            if (!messages->append(handshake.takeRemainder())) {
                failed = true;
                break;
            }
        } else if (!messages->append(chunk)) {
            failed = true;
            break;
        }
        while (messages->nextRecord(record))
            records.append(record);
        failed = !messages->errorString().isEmpty();
    }

    // Never more records than the stream holds, never a different or reordered one.
    FUZZ_CHECK(records.size() < pieces.size(), "more records than separators");
    for (qsizetype i = 0; i < records.size(); ++i)
        FUZZ_CHECK(records.at(i) == pieces.at(i), "a record differs from the stream's");

    if (failed) {
        // Only a piece over the limit may stop the framing.
        bool oversized = false;
        for (qsizetype i = records.size(); i < pieces.size(); ++i)
            oversized = oversized || pieces.at(i).size() > SmallLimit;
        FUZZ_CHECK(oversized, "the framing failed without a record over the limit");
        return;
    }
    // No error: every complete record came out, and the unfinished one is kept whole.
    FUZZ_CHECK(records.size() == pieces.size() - 1, "a complete record was not handed out");
    const QByteArray &partial = pieces.last();
    if (messages) {
        FUZZ_CHECK(messages->hasPartialRecord() == !partial.isEmpty(), "partial record lost");
        FUZZ_CHECK(messages->takeRemainder() == partial, "remainder differs from the stream's");
    } else {
        FUZZ_CHECK(handshake.hasPartialRecord() == !partial.isEmpty(), "partial handshake lost");
        FUZZ_CHECK(handshake.takeRemainder() == partial, "handshake remainder differs");
    }
}

bool domAccepts(const QByteArray &text)
{
    simdjson::dom::element root;
    return !fuzz::referenceDom(text, root);
}

void checkJsonStrictness(const QByteArray &record, bool decoded, const signalr::HubMessage &message, const QString &error)
{
    const bool isJson = domAccepts(record);
    if (decoded) {
        FUZZ_CHECK(isJson, "decode accepted a record that is not JSON");
        for (const signalr::RawJson &argument : message.arguments)
            FUZZ_CHECK(domAccepts(argument.text()), "an argument's text is not one JSON value");
        FUZZ_CHECK(message.result.isAbsent() || domAccepts(message.result.text()), "a result's text is not one JSON value");
        return;
    }
    if (error.startsWith(QLatin1String("A message is not valid JSON")))
        FUZZ_CHECK(!isJson, "decode refused JSON as not valid JSON");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QList<QByteArray> pieces = referencePieces(stream);

    if (!stream.isEmpty())
        checkFramingChunked(stream, pieces);

    // All at once, as when one WebSocket message carries the whole stream, with the real
    // limit: the records are the reference pieces, then each goes through the client.
    signalr::TextRecordFraming framing(DefaultLimit);
    FUZZ_CHECK(framing.append(stream), "framing refused a stream under its limit");
    QByteArray record;
    QList<QByteArray> records;
    while (framing.nextRecord(record))
        records.append(record);
    FUZZ_CHECK(records.size() == pieces.size() - 1, "records lost or duplicated (one append)");

    const signalr::JsonHubProtocol protocol;
    for (qsizetype i = 0; i < records.size(); ++i) {
        FUZZ_CHECK(records.at(i) == pieces.at(i), "a record differs from the stream's (one append)");
        QString error;
        if (i == 0) {
            // HubSession would stop at a refused handshake; going on reaches more code.
            (void)signalr::HandshakeProtocol::parseResponse(records.at(i), error);
            signalr::HandshakeProtocol::Request request;
            (void)signalr::HandshakeProtocol::parseRequest(records.at(i), request, error);
            continue;
        }
        signalr::HubMessage message;
        const bool decoded = protocol.decode(records.at(i), message, error);
        checkJsonStrictness(records.at(i), decoded, message, error);
        if (!decoded)
            continue; // HubSession would close the connection on a non-empty error
        // Handled first, as HubSession dispatches a message right after decoding it: the
        // re-encoding check decodes again.
        fuzz::handleMessage(message);
        fuzz::checkReencodes(protocol, message);
    }
    return 0;
}
