#pragma once

#include "HubProtocol.h"

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
};

} // namespace signalr
