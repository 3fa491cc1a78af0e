#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace signalr {

// Writes one JSON object member by member, for encoders whose values are partly JSON
// text already (RawJson), which a QJsonObject would have to parse first.
class JsonObjectWriter
{
public:
    void addString(QStringView key, QStringView value);
    void addString(const char *key, QStringView value) { addString(QString::fromLatin1(key), value); }
    void addNumber(const char *key, qint64 value);
    // `json` must be one JSON value.
    void addRaw(const char *key, const QByteArray &json);

    QByteArray finish();

private:
    void addKey(QStringView key);

    QByteArray m_text = "{";
};

// Appends `text` as a JSON string, quoted and escaped.
void appendJsonString(QByteArray &out, QStringView text);
// The same for UTF-8 text; invalid sequences become U+FFFD, as QString::fromUtf8 makes them.
void appendJsonStringUtf8(QByteArray &out, QByteArrayView utf8);
// Appends a number as JSON text: the shortest form that reads back the same, and null for
// NaN and the infinities, which JSON cannot write.
void appendJsonNumber(QByteArray &out, double number);
void appendJsonInteger(QByteArray &out, qint64 number);

} // namespace signalr
