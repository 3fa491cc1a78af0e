#pragma once

#include "HubProtocol.h"

namespace signalr {

// The MessagePack hub protocol, version 1 ("messagepack" in the handshake): each message
// is a MessagePack array whose first item is the message type, framed by a VarInt length
// and sent in binary WebSocket messages.
class MessagePackHubProtocol final : public HubProtocol
{
public:
    QString name() const override { return QStringLiteral("messagepack"); }
    int version() const override { return 1; }
    TransferFormat transferFormat() const override { return TransferFormat::Binary; }

    std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const override;
    bool decode(const QByteArray &record, HubMessage &message, QString &error) const override;
    QByteArray encode(const HubMessage &message) const override;

    // The Completion's result kinds.
    enum ResultKind { ErrorResult = 1, VoidResult = 2, NonVoidResult = 3 };
};

} // namespace signalr
