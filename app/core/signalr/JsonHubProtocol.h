#pragma once

#include "HubProtocol.h"

namespace simdjson::dom {
class element;
}

namespace signalr {

// The JSON hub protocol, version 1: UTF-8 JSON objects separated by 0x1E.
class JsonHubProtocol final : public HubProtocol
{
public:
    QString name() const override { return QStringLiteral("json"); }
    int version() const override { return 1; }
    TransferFormat transferFormat() const override { return TransferFormat::Text; }

    std::unique_ptr<RecordFraming> createFraming(qint64 maxRecordSize) const override;
    bool decode(const QByteArray &record, HubMessage &message, QString &error) const override;
    QByteArray encode(const HubMessage &message) const override;

    // The DOM of an argument of the message this thread decoded last, while that message is
    // the last: a consumer handed the argument as the message is dispatched (decode, then
    // dispatch, before the next decode) reads it without parsing its text again, which
    // was a quarter of a live event's cost. Null for any other text: parse it.
    static const simdjson::dom::element *argumentDom(const QByteArray &argumentText);
};

} // namespace signalr
