#pragma once

#include <QByteArray>
#include <QString>

namespace signalr {

// The handshake that opens every hub connection: the client names its protocol, the
// server answers with an empty object or an error. Always JSON records ending in 0x1E,
// whatever the hub protocol.
namespace HandshakeProtocol {

QByteArray writeRequest(const QString &protocolName, int version);

struct Request
{
    QString protocol;
    int version = 0;
};
// Parses a request record (server side). Returns false with `error` set when malformed.
bool parseRequest(const QByteArray &record, Request &request, QString &error);

// Parses a response record (client side). Returns false with `error` set to the server's
// own error text, or to a description of what was malformed.
bool parseResponse(const QByteArray &record, QString &error);

QByteArray writeResponse(const QString &error = {});

} // namespace HandshakeProtocol
} // namespace signalr
