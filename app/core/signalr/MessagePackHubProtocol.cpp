#include "MessagePackHubProtocol.h"

#include "BinaryRecordFraming.h"
#include "MessagePackReader.h"
#include "MessagePackWriter.h"

namespace signalr {

namespace {

constexpr int HighestKnownType = static_cast<int>(HubMessage::Type::Sequence);

bool readHeaders(msgpack::Reader &reader, HubMessage &message)
{
    quint32 count = 0;
    if (!reader.readMapHeader(count))
        return false;
    for (quint32 i = 0; i < count; ++i) {
        QString key;
        QString value;
        if (!reader.readString(key) || !reader.readString(value))
            return false;
        message.headers.insert(key, value);
    }
    return true;
}

void writeHeaders(msgpack::Writer &writer, const HubMessage &message)
{
    writer.writeMapHeader(quint32(message.headers.size()));
    for (auto it = message.headers.begin(); it != message.headers.end(); ++it) {
        writer.writeString(it.key());
        writer.writeString(it.value());
    }
}

// MessagePack values become JSON text, the form hub messages carry their values in.
bool readRaw(msgpack::Reader &reader, RawJson &raw)
{
    QByteArray json;
    if (!reader.readJson(json))
        return false;
    raw = RawJson::fromText(std::move(json));
    return true;
}

// The fields after the type. Items beyond the ones we know are ignored, as unknown JSON
// properties are: a newer server may append some.
bool readBody(msgpack::Reader &reader, quint32 count, HubMessage &message, QString &error)
{
    const auto atLeast = [&](quint32 items) {
        if (count >= items)
            return true;
        error = QStringLiteral("A message of type %1 has %2 items; it needs %3.").arg(int(message.type)).arg(count).arg(items);
        return false;
    };

    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation: {
        if (!atLeast(5) || !readHeaders(reader, message) || !reader.readOptionalString(message.invocationId)
            || !reader.readString(message.target))
            return false;
        if (message.type == HubMessage::Type::StreamInvocation && message.invocationId.isEmpty()) {
            error = QStringLiteral("A StreamInvocation has no invocation id.");
            return false;
        }
        quint32 argumentCount = 0;
        if (!reader.readArrayHeader(argumentCount))
            return false; // "Expected an array at byte N"
        for (quint32 i = 0; i < argumentCount; ++i) {
            RawJson argument;
            if (!readRaw(reader, argument))
                return false;
            message.arguments.append(std::move(argument));
        }
        return true;
    }
    case HubMessage::Type::StreamItem:
        return atLeast(4) && readHeaders(reader, message) && reader.readString(message.invocationId)
               && readRaw(reader, message.result);
    case HubMessage::Type::Completion: {
        qint64 kind = 0;
        if (!atLeast(4) || !readHeaders(reader, message) || !reader.readString(message.invocationId) || !reader.readInt(kind))
            return false;
        if (kind == MessagePackHubProtocol::ErrorResult) {
            if (!atLeast(5) || !reader.readString(message.error))
                return false;
            if (message.error.isEmpty())
                message.error = QStringLiteral("The server reported an error without a message.");
        } else if (kind == MessagePackHubProtocol::NonVoidResult) {
            if (!atLeast(5) || !readRaw(reader, message.result))
                return false;
        } else if (kind != MessagePackHubProtocol::VoidResult) {
            error = QStringLiteral("A Completion has the unknown result kind %1.").arg(kind);
            return false;
        }
        return true;
    }
    case HubMessage::Type::CancelInvocation:
        return atLeast(3) && readHeaders(reader, message) && reader.readString(message.invocationId);
    case HubMessage::Type::Ping: return true;
    case HubMessage::Type::Close:
        if (!atLeast(2) || !reader.readOptionalString(message.error))
            return false;
        if (count >= 3 && !reader.peekNil())
            return reader.readBool(message.allowReconnect);
        return true;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence: return atLeast(2) && reader.readInt(message.sequenceId);
    }
    return false;
}

} // namespace

std::unique_ptr<RecordFraming> MessagePackHubProtocol::createFraming(qint64 maxRecordSize) const
{
    return std::make_unique<BinaryRecordFraming>(maxRecordSize);
}

bool MessagePackHubProtocol::decode(const QByteArray &record, HubMessage &message, QString &error) const
{
    error.clear();
    msgpack::Reader reader(record);
    quint32 count = 0;
    qint64 type = 0;
    if (!reader.readArrayHeader(count) || count == 0 || !reader.readInt(type)) {
        error = QStringLiteral("A message is not a MessagePack array starting with its type%1")
                    .arg(reader.error().isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + reader.error());
        return false;
    }
    if (type < 1 || type > HighestKnownType)
        return false; // Unknown type: ignored, as the protocol asks for forward compatibility.

    message = HubMessage{};
    message.type = static_cast<HubMessage::Type>(type);
    if (readBody(reader, count, message, error))
        return true;
    if (error.isEmpty())
        error = QStringLiteral("A message of type %1 is malformed: %2").arg(type).arg(reader.error());
    return false;
}

QByteArray MessagePackHubProtocol::encode(const HubMessage &message) const
{
    msgpack::Writer writer;
    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation:
        // Five items without stream ids, as the official clients write it.
        writer.writeArrayHeader(5);
        writer.writeInt(int(message.type));
        writeHeaders(writer, message);
        if (message.invocationId.isEmpty())
            writer.writeNil();
        else
            writer.writeString(message.invocationId);
        writer.writeString(message.target);
        writer.writeArrayHeader(quint32(message.arguments.size()));
        for (const RawJson &argument : message.arguments)
            writer.writeValue(argument.toValue());
        break;
    case HubMessage::Type::StreamItem:
        writer.writeArrayHeader(4);
        writer.writeInt(int(message.type));
        writeHeaders(writer, message);
        writer.writeString(message.invocationId);
        writer.writeValue(message.result.toValue());
        break;
    case HubMessage::Type::Completion: {
        const bool isError = !message.error.isEmpty();
        const bool hasResult = !isError && !message.result.isAbsent();
        writer.writeArrayHeader(isError || hasResult ? 5 : 4);
        writer.writeInt(int(message.type));
        writeHeaders(writer, message);
        writer.writeString(message.invocationId);
        writer.writeInt(isError ? ErrorResult : hasResult ? NonVoidResult : VoidResult);
        if (isError)
            writer.writeString(message.error);
        else if (hasResult)
            writer.writeValue(message.result.toValue());
        break;
    }
    case HubMessage::Type::CancelInvocation:
        writer.writeArrayHeader(3);
        writer.writeInt(int(message.type));
        writeHeaders(writer, message);
        writer.writeString(message.invocationId);
        break;
    case HubMessage::Type::Ping:
        // Always exactly 0x91 0x06: a Ping has no headers.
        writer.writeArrayHeader(1);
        writer.writeInt(int(message.type));
        break;
    case HubMessage::Type::Close:
        writer.writeArrayHeader(3);
        writer.writeInt(int(message.type));
        writer.writeOptionalString(message.error.isEmpty() ? QString() : message.error);
        writer.writeBool(message.allowReconnect);
        break;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence:
        writer.writeArrayHeader(2);
        writer.writeInt(int(message.type));
        writer.writeInt(message.sequenceId);
        break;
    }
    return BinaryRecordFraming::frame(writer.take());
}

} // namespace signalr
