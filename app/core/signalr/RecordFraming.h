#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace signalr {

// Cuts a byte stream into the protocol's records, whatever the WebSocket message
// boundaries were: several records may share one message, one record may span several.
// Holds at most `maxRecordSize` bytes of an unfinished record; beyond that it fails
// instead of buffering without bound.
class RecordFraming
{
public:
    virtual ~RecordFraming() = default;

    // Adds received bytes. Returns false (and sets errorString()) when the unfinished
    // record has grown beyond the limit; the framing is unusable afterwards.
    virtual bool append(const QByteArray &bytes) = 0;
    // Takes the next complete record, without its framing. The record is a part of the
    // framing's buffer, shared (SharedBytes.h), not copied: the hot path of every received
    // message, whose decoded arguments may share it in turn.
    virtual bool nextRecord(QByteArray &record) = 0;
    // Takes every byte not yet handed out as a record (to pass it on to another framing,
    // as after the handshake).
    virtual QByteArray takeRemainder() = 0;
    virtual bool hasPartialRecord() const = 0;

    QString errorString() const { return m_errorString; }

protected:
    QString m_errorString;
};

} // namespace signalr
