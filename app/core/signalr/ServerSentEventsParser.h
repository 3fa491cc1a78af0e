#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace signalr {

// Reads a text/event-stream (the WHATWG "Server-sent events" format) as it arrives, in
// pieces cut anywhere: lines end with CRLF, LF or CR (a CRLF split between two pieces is
// one line end); an event is its `data` lines joined by LF, ended by a blank line; comments
// (`:` lines) and other fields (event, id, retry) are skipped, as SignalR sends unnamed
// events. An event's bytes are handed over only once it is whole, so that a character cut
// between two pieces is never decoded in halves. No decoding happens here at all.
class ServerSentEventsParser
{
public:
    // An event (or a line) larger than this is an error: a bound on memory.
    explicit ServerSentEventsParser(qint64 maxEventSize);

    // Reads `bytes` and appends the events they complete to `events`. False once an event
    // grew over the limit (errorString() says so); nothing more is read then.
    bool append(QByteArrayView bytes, QList<QByteArray> &events);
    QString errorString() const { return m_error; }

private:
    void processLine(QList<QByteArray> &events);

    const qint64 m_maxEventSize;
    QByteArray m_line;
    QByteArray m_data;
    // data lines seen in this event: "data:" alone still makes an (empty) event.
    int m_dataLines = 0;
    // The last piece ended with CR: an LF starting the next one belongs to it.
    bool m_afterCarriageReturn = false;
    QString m_error;
};

} // namespace signalr
