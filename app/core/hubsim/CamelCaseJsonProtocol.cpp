#include "CamelCaseJsonProtocol.h"

#include <QJsonArray>
#include <QJsonObject>

namespace hubsim {

namespace {

// JsonNamingPolicy.CamelCase for the contract's names: the first letter lower case
// ("EventSeqId" -> "eventSeqId"). Its acronym rule (a leading run of capitals) never
// applies to them.
QString camelCase(const QString &name)
{
    if (name.isEmpty() || !name.front().isUpper())
        return name;
    return name.front().toLower() + name.mid(1);
}

QJsonValue camelCased(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(camelCased(item));
        return array;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    QJsonObject renamed;
    for (auto it = object.begin(); it != object.end(); ++it)
        renamed.insert(camelCase(it.key()), camelCased(it.value()));
    return renamed;
}

signalr::RawJson camelCased(const signalr::RawJson &raw)
{
    return raw.isAbsent() ? raw : signalr::RawJson::fromValue(camelCased(raw.toValue()));
}

} // namespace

QByteArray CamelCaseJsonProtocol::encode(const signalr::HubMessage &message) const
{
    signalr::HubMessage renamed = message;
    for (signalr::RawJson &argument : renamed.arguments)
        argument = camelCased(argument);
    renamed.result = camelCased(renamed.result);
    return m_json.encode(renamed);
}

} // namespace hubsim
