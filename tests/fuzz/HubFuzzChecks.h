#pragma once

#include <algorithm>
#include <string_view>

// What every hub-protocol fuzz target checks on the messages it decoded (see
// fuzz_hub_records.cpp and fuzz_msgpack_records.cpp): the Event Hub parsing of them, and
// that the protocol reads back what it writes. A failed check aborts, which libFuzzer
// reports like a crash.

#include "eventhub/Event.h"
#include "eventhub/HubResults.h"
#include "signalr/HubProtocol.h"

#include <QByteArray>
#include <QJsonDocument>

#include <simdjson.h>

#include <memory>

#include <cstdio>
#include <cstdlib>

namespace fuzz {

#define FUZZ_CHECK(condition, what)                                                                                              \
    do {                                                                                                                         \
        if (!(condition)) {                                                                                                      \
            std::fprintf(stderr, "fuzz: check failed: %s (%s:%d): %s\n", #condition, __FILE__, __LINE__, what);                  \
            std::abort();                                                                                                        \
        }                                                                                                                        \
    } while (false)

// What HubSession uses by default (HubConnectionOptions::maxMessageSize).
constexpr qint64 DefaultLimit = 16 * 1024 * 1024;

inline void checkEventSurvivesEnvelope(const eventhub::Event &event)
{
    FUZZ_CHECK(!event.eventId().isEmpty(), "an event without an EventId was accepted");
    FUZZ_CHECK(event.seqId >= 0, "an event with a negative EventSeqId was accepted");

    // The payload text the client keeps must be JSON to Qt as well, which shows it in the
    // details view. One known difference is allowed: a number too small for a double
    // (1e-1300) is JSON (RFC 8259 leaves the range to implementations); simdjson reads it
    // as 0, Qt refuses the whole document as an "illegal number".
    QJsonParseError qtError;
    const bool qtReadsIt = QJsonDocument::fromJson(event.payloadJson(), &qtError).isObject();
    FUZZ_CHECK(qtReadsIt || qtError.error == QJsonParseError::IllegalNumber, "an accepted payload is not a JSON object to Qt");

    eventhub::Event again;
    QString error;
    const bool ok = eventhub::eventFromEnvelope(eventhub::envelopeJson(event), again, error);
    FUZZ_CHECK(ok, qPrintable(QStringLiteral("envelope of %1 not parsed: %2").arg(event.kindName, error)));
    FUZZ_CHECK(again.kind == event.kind, "kind changed through the envelope");
    FUZZ_CHECK(again.kindName == event.kindName, "kind name changed through the envelope");
    FUZZ_CHECK(again.eventId() == event.eventId(), "EventId changed through the envelope");
    FUZZ_CHECK(again.seqId == event.seqId, "EventSeqId changed through the envelope");
    FUZZ_CHECK(again.timeMs == event.timeMs, "EventTime changed through the envelope");
    FUZZ_CHECK(again.strategyId == event.strategyId, "StrategyId changed through the envelope");
    FUZZ_CHECK(again.strategyName == event.strategyName, "StrategyName changed through the envelope");
    FUZZ_CHECK(again.payload() == event.payload(), "payload changed through the envelope");
}

// simdjson's DOM of `text`, parsed here rather than through the client's code: the
// checks' reference for what JSON is and holds. Valid until the next call.
inline simdjson::error_code referenceDom(QByteArrayView text, simdjson::dom::element &root)
{
    static simdjson::dom::parser parser;
    const simdjson::padded_string padded(text.constData(), size_t(text.size()));
    return parser.parse(padded).get(root);
}

// How many envelopes a page holds: the elements of its Events lists (the client reads each
// list when the key repeats). Counted with simdjson's DOM, not Qt, which refuses a page
// holding a number too small for a double (see above) that the client reads.
inline qsizetype envelopesInPage(QByteArrayView text)
{
    simdjson::dom::element root;
    simdjson::dom::object page;
    if (referenceDom(text, root) || root.get_object().get(page))
        return 0;
    qsizetype envelopes = 0;
    for (const simdjson::dom::key_value_pair member : page) {
        simdjson::dom::array events;
        // Property names are matched ignoring case, as System.Text.Json's
        // PropertyNameCaseInsensitive does (a camelCase hub sends "events").
        const std::string_view key = member.key;
        const bool isEvents = key.size() == 6 && std::equal(key.begin(), key.end(), "events", [](char a, char b) {
                                  return (a >= 'A' && a <= 'Z' ? char(a - 'A' + 'a') : a) == b;
                              });
        if (isEvents && !member.value.get_array().get(events))
            envelopes += qsizetype(events.size());
    }
    return envelopes;
}

// A completion's result or a stream item, read as each of the hub's result shapes.
inline void parseResult(const signalr::RawJson &result)
{
    const eventhub::EventPage page = eventhub::EventPage::parse(result);
    if (page.ok) {
        const qsizetype envelopes = envelopesInPage(result.text());
        FUZZ_CHECK(page.events.size() + page.malformed.size() == envelopes,
                   "a history envelope was neither an event nor reported malformed");
        for (const eventhub::Event &event : page.events)
            checkEventSurvivesEnvelope(event);
        (void)page.hasMore();
    }
    (void)eventhub::SubscriptionResult::parse(result.toValue());
}

inline void handleMessage(const signalr::HubMessage &message)
{
    using Type = signalr::HubMessage::Type;
    switch (message.type) {
    case Type::Invocation:
    case Type::StreamInvocation:
        // EventHubClient takes the single argument of a callback as the event; every
        // argument is tried here, and as a history envelope too.
        for (const signalr::RawJson &argument : message.arguments) {
            eventhub::Event event;
            QString error;
            const bool ok = eventhub::eventFromCallback(message.target, argument, event, error);
            if (ok)
                checkEventSurvivesEnvelope(event);
            else
                FUZZ_CHECK(!error.isEmpty(), "an event was refused without a reason");
            // The argument is read from the record's DOM it carries (RawJson::parsed); its
            // text alone is parsed instead. Both must give the same event, or the same
            // refusal.
            const signalr::RawJson copy = signalr::RawJson::fromText(argument.text());
            eventhub::Event parsed;
            QString parsedError;
            FUZZ_CHECK(eventhub::eventFromCallback(message.target, copy, parsed, parsedError) == ok,
                       "the record's DOM and the argument's text disagree on an event");
            FUZZ_CHECK(parsedError == error, "the record's DOM and the argument's text give different errors");
            if (ok) {
                FUZZ_CHECK(parsed.eventId() == event.eventId() && parsed.seqId == event.seqId && parsed.timeMs == event.timeMs
                               && parsed.strategyId == event.strategyId && parsed.strategyName == event.strategyName
                               && parsed.kindName == event.kindName && parsed.payload() == event.payload(),
                           "the record's DOM and the argument's text give different events");
            }
            if (eventhub::eventFromEnvelope(argument.text(), event, error))
                checkEventSurvivesEnvelope(event);
            parseResult(argument);
        }
        break;
    case Type::Completion:
    case Type::StreamItem:
        if (!message.result.isAbsent())
            parseResult(message.result);
        break;
    default: break;
    }
}

// decode(encode(message)) must succeed and encode the same again: what the protocol
// writes, it reads back. The encoding must also be exactly one record of its framing.
inline void checkReencodes(const signalr::HubProtocol &protocol, const signalr::HubMessage &message)
{
    const QByteArray framed = protocol.encode(message);
    const std::unique_ptr<signalr::RecordFraming> framing = protocol.createFraming(DefaultLimit);
    QByteArray record;
    FUZZ_CHECK(framing->append(framed) && framing->nextRecord(record), "an encoded message is not a record");
    FUZZ_CHECK(!framing->hasPartialRecord(), "an encoded message is more than one record");
    signalr::HubMessage decoded;
    QString error;
    const bool ok = protocol.decode(record, decoded, error);
    FUZZ_CHECK(
        ok,
        qPrintable(
            QStringLiteral("re-encoded message not decoded: %1 (%2)").arg(error, QString::fromLatin1(record.left(200).toHex()))));
    FUZZ_CHECK(decoded.type == message.type, "type changed through encode/decode");
    FUZZ_CHECK(protocol.encode(decoded) == framed, "encode/decode is not stable");
}

} // namespace fuzz
