#include "ServerSentEventsParser.h"

namespace signalr {

ServerSentEventsParser::ServerSentEventsParser(qint64 maxEventSize)
    : m_maxEventSize(maxEventSize)
{}

bool ServerSentEventsParser::append(QByteArrayView bytes, QList<QByteArray> &events)
{
    if (!m_error.isEmpty())
        return false;
    const char *position = bytes.data();
    const char *const end = position + bytes.size();
    if (m_afterCarriageReturn && position != end && *position == '\n')
        ++position;
    m_afterCarriageReturn = false;
    while (position != end) {
        const char *lineEnd = position;
        while (lineEnd != end && *lineEnd != '\n' && *lineEnd != '\r')
            ++lineEnd;
        m_line.append(position, lineEnd - position);
        if (m_line.size() + m_data.size() > m_maxEventSize) {
            m_error = QStringLiteral("The server sent an event larger than the limit of %1 bytes.").arg(m_maxEventSize);
            return false;
        }
        if (lineEnd == end)
            break; // the rest of the line comes with the next piece
        position = lineEnd + 1;
        if (*lineEnd == '\r') {
            if (position == end)
                m_afterCarriageReturn = true;
            else if (*position == '\n')
                ++position;
        }
        processLine(events);
    }
    return true;
}

void ServerSentEventsParser::processLine(QList<QByteArray> &events)
{
    const QByteArray line = std::exchange(m_line, QByteArray());
    if (line.isEmpty()) {
        if (m_dataLines > 0)
            events.append(std::exchange(m_data, QByteArray()));
        m_dataLines = 0;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon == 0)
        return; // a comment (ASP.NET Core opens the stream with one)
    const QByteArrayView field = colon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(colon);
    if (field != "data")
        return; // event, id, retry: SignalR's events are unnamed, and it reconnects itself
    QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(line).sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (m_dataLines++ > 0)
        m_data.append('\n');
    m_data.append(value);
}

} // namespace signalr
