#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace signalr::msgpack {

// Reads MessagePack from one complete record. Every read returns false (with error()
// set) on truncated or unexpected data; nothing reads past the end.
//
// Values become JSON text, the form hub messages carry their values in (RawJson), written
// straight from the MessagePack bytes: a QJsonValue tree on the way cost ten times the
// JSON protocol's CPU per event. A map keeps its keys' order (and any repeated key, as
// JSON text from a server would). bin becomes a base64 string
// (as the JSON protocol writes a .NET byte[]), the timestamp extension (-1, how .NET's
// MessagePack writes a DateTime) an ISO 8601 UTC string with 100 ns digits (as its JSON
// protocol writes one), other extensions the base64 of their data, integer map keys their
// decimal text, and integers beyond the range of qint64 doubles.
class Reader
{
public:
    explicit Reader(const QByteArray &data);

    bool atEnd() const { return m_position >= m_data.size(); }
    QString error() const { return m_error; }

    bool peekNil() const;
    bool readArrayHeader(quint32 &size);
    bool readMapHeader(quint32 &size);
    bool readInt(qint64 &value);
    bool readBool(bool &value);
    bool readString(QString &value);
    // A string or nil (then `value` is a null QString).
    bool readOptionalString(QString &value);
    // Appends one value, whatever its type, to `json` as JSON text.
    bool readJson(QByteArray &json);

private:
    bool fail(const QString &what);
    bool need(qsizetype bytes);
    quint64 readBigEndian(int bytes);
    bool readJson(QByteArray &json, int depth);
    bool readMapKey(QByteArray &json, int depth);
    bool readStringBytes(QByteArrayView &utf8);
    bool readBytes(qsizetype size, QByteArray &bytes);
    bool readExtension(qsizetype size, QByteArray &json);
    bool readContainerHeader(quint8 fixBase, quint8 code16, quint8 code32, const char *what, quint32 &size);

    const QByteArray &m_data;
    qsizetype m_position = 0;
    QString m_error;
};

} // namespace signalr::msgpack
