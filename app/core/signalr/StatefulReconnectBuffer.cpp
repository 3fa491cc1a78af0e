#include "StatefulReconnectBuffer.h"

namespace signalr {

StatefulReconnectBuffer::StatefulReconnectBuffer(qint64 bufferSize, int ackIntervalMs, QObject *parent)
    : QObject(parent)
    , m_bufferSize(bufferSize)
{
    m_ackTimer.setSingleShot(true);
    m_ackTimer.setInterval(ackIntervalMs);
    connect(&m_ackTimer, &QTimer::timeout, this, [this] {
        if (m_reconnecting)
            return;
        m_receivedSinceAck = 0;
        emit ackDue(m_latestReceived);
    });
}

bool StatefulReconnectBuffer::isTrackable(HubMessage::Type type)
{
    switch (type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamItem:
    case HubMessage::Type::Completion:
    case HubMessage::Type::StreamInvocation:
    case HubMessage::Type::CancelInvocation: return true;
    case HubMessage::Type::Ping:
    case HubMessage::Type::Close:
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence: return false;
    }
    return false;
}

void StatefulReconnectBuffer::recordSent(HubMessage::Type type, const QByteArray &encoded)
{
    if (isTrackable(type))
        recordSentBatch(1, encoded);
}

void StatefulReconnectBuffer::recordSentBatch(qint64 count, const QByteArray &encoded)
{
    if (count <= 0)
        return;
    m_sent.append(Sent{m_sentCount + 1, m_sentCount + count, encoded});
    m_sentCount += count;
    m_bufferedBytes += encoded.size();
}

void StatefulReconnectBuffer::acknowledge(qint64 sequenceId)
{
    while (!m_sent.isEmpty() && m_sent.constFirst().lastId <= sequenceId) {
        m_bufferedBytes -= m_sent.constFirst().bytes.size();
        m_sent.removeFirst();
    }
}

qint64 StatefulReconnectBuffer::resendFromSequenceId() const
{
    // The oldest unacknowledged id, as both official clients send it (one version of the
    // spec says "the next id"; the replayed messages would then carry the wrong ids).
    return m_sent.isEmpty() ? m_sentCount + 1 : m_sent.constFirst().firstId;
}

QList<QByteArray> StatefulReconnectBuffer::unacknowledged() const
{
    QList<QByteArray> messages;
    messages.reserve(m_sent.size());
    for (const Sent &sent : m_sent)
        messages.append(sent.bytes);
    return messages;
}

bool StatefulReconnectBuffer::shouldProcess(const HubMessage &message)
{
    if (m_waitingForSequence) {
        // Whatever the old transport still delivered before the peer's Sequence is stale.
        return message.type == HubMessage::Type::Sequence;
    }
    if (!isTrackable(message.type))
        return true;
    const qint64 id = m_nextReceiving++;
    if (id <= m_latestReceived) {
        // A replay of something already processed. When it is the last one we had, the
        // peer evidently missed our Ack: send one again soon.
        if (id == m_latestReceived && !m_ackTimer.isActive())
            m_ackTimer.start();
        return false;
    }
    m_latestReceived = id;
    if (!m_ackTimer.isActive())
        m_ackTimer.start();
    return true;
}

bool StatefulReconnectBuffer::admit(const HubMessage &message, QString &error)
{
    if (!shouldProcess(message))
        return false;
    if (message.type == HubMessage::Type::Ack) {
        acknowledge(message.sequenceId);
        return false;
    }
    if (message.type == HubMessage::Type::Sequence) {
        resetSequence(message.sequenceId, error);
        return false;
    }
    return true;
}

void StatefulReconnectBuffer::noteReceivedBytes(qint64 bytes)
{
    m_receivedSinceAck += bytes;
    if (m_reconnecting || m_receivedSinceAck < m_bufferSize / 2)
        return;
    m_ackTimer.stop();
    m_receivedSinceAck = 0;
    emit ackDue(m_latestReceived);
}

bool StatefulReconnectBuffer::resetSequence(qint64 sequenceId, QString &error)
{
    m_waitingForSequence = false;
    if (sequenceId > m_nextReceiving) {
        error = QStringLiteral("The server's Sequence %1 is beyond the %2 messages received.")
                    .arg(sequenceId)
                    .arg(m_nextReceiving - 1);
        return false;
    }
    m_nextReceiving = sequenceId;
    return true;
}

void StatefulReconnectBuffer::transportLost()
{
    m_reconnecting = true;
    m_waitingForSequence = true;
    m_ackTimer.stop();
}

void StatefulReconnectBuffer::transportResumed()
{
    // Acks resume with the next message; a replay of our last processed message restarts
    // the timer too (see shouldProcess), so the peer learns what we already have.
    m_reconnecting = false;
}

} // namespace signalr
