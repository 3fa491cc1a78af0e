#pragma once

#include "signalr/JsonHubProtocol.h"

namespace hubsim {

// The JSON hub protocol as a stock ASP.NET Core hub writes it: property names camelCase
// (JsonNamingPolicy.CamelCase, the framework's default) in every argument and result the
// simulator sends, nested objects included. What it reads is left alone: the simulator
// binds arguments ignoring case either way, as ASP.NET Core does.
class CamelCaseJsonProtocol final : public signalr::HubProtocol
{
public:
    QString name() const override { return m_json.name(); }
    int version() const override { return m_json.version(); }
    TransferFormat transferFormat() const override { return m_json.transferFormat(); }
    std::unique_ptr<signalr::RecordFraming> createFraming(qint64 maxRecordSize) const override
    {
        return m_json.createFraming(maxRecordSize);
    }
    bool decode(const QByteArray &record, signalr::HubMessage &message, QString &error) const override
    {
        return m_json.decode(record, message, error);
    }
    QByteArray encode(const signalr::HubMessage &message) const override;

private:
    signalr::JsonHubProtocol m_json;
};

} // namespace hubsim
