#pragma once

#include "HubMessage.h"
#include "RecordFraming.h"

#include <memory>

namespace signalr {

// An encoding of hub messages (the protocol named in the handshake): how messages are
// framed in the byte stream and how one record becomes a HubMessage and back.
class HubProtocol
{
public:
    enum class TransferFormat { Text, Binary };

    virtual ~HubProtocol() = default;

    virtual QString name() const = 0;
    virtual int version() const = 0;
    virtual TransferFormat transferFormat() const = 0;

    virtual std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const = 0;

    // Decodes one record (without its framing). Returns false with `error` set when the
    // record is malformed. A record of an unknown message type decodes to false with an
    // empty `error`: the protocol says to ignore it. What the message keeps of the record
    // (arguments, results) may share its buffer (SharedBytes.h).
    virtual bool decode(const QByteArray &record, HubMessage &message, QString &error) const = 0;

    // Encodes a message with its framing, ready to be sent.
    virtual QByteArray encode(const HubMessage &message) const = 0;
};

} // namespace signalr
