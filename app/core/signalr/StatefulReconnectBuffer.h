#pragma once

#include "HubMessage.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

namespace signalr {

// The bookkeeping of stateful reconnect (HubProtocol.md, "Stateful Reconnect"), for one
// logical connection across its transports, as Microsoft's JS and .NET clients do it:
// - Sent: every trackable message (invocations, stream items, completions, cancels) gets
//   the next sequence id, from 1, and its encoded bytes stay buffered until the peer's Ack
//   covers it.
// - Received: trackable messages are numbered in arrival order; one at or below the
//   highest id already processed is a replay and is dropped. An Ack for the highest id is
//   due one interval after a message arrives (coalesced, never more often).
// - After a new transport opens: we send Sequence with the id of our oldest unacknowledged
//   message (or the next id when none is left), then those messages again; the peer does
//   the same and its Sequence realigns our receive counter. Until it arrives, nothing else
//   from the peer is processed.
class StatefulReconnectBuffer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatefulReconnectBuffer)

public:
    StatefulReconnectBuffer(qint64 bufferSize, int ackIntervalMs, QObject *parent = nullptr);

    static bool isTrackable(HubMessage::Type type);

    // --- what we send
    // Records a message just encoded for sending (untracked types are ignored).
    void recordSent(HubMessage::Type type, const QByteArray &encoded);
    // Records `count` trackable messages encoded back to back and sent as one (a server
    // coalescing callbacks). They are kept and resent together: an Ack that covers only
    // some of them frees none, and the Sequence before a replay names the first of them
    // (the peer drops the ones it already has by counting).
    void recordSentBatch(qint64 count, const QByteArray &encoded);
    // The peer's Ack: it has processed every message up to `sequenceId`.
    void acknowledge(qint64 sequenceId);
    // The Sequence to send after a new transport opens, and what to send after it.
    qint64 resendFromSequenceId() const;
    QList<QByteArray> unacknowledged() const;
    qint64 bufferedBytes() const { return m_bufferedBytes; }
    // Over the limit the official clients hold their callers back until Acks free space;
    // our callers never block, so this only tells (the messages are kept: none is lost).
    bool isOverLimit() const { return m_bufferedBytes >= m_bufferSize; }

    // --- what we receive
    // Takes in a message from the peer: an Ack or a Sequence is handled here, a replayed
    // duplicate (or anything before the peer's Sequence after a resume) dropped. True when
    // `message` goes on to the application; false with `error` set when a Sequence claims
    // messages never received (the connection cannot go on).
    bool admit(const HubMessage &message, QString &error);
    // Whether to process a message from the peer (false: a replayed duplicate, or anything
    // but Sequence while waiting for one).
    bool shouldProcess(const HubMessage &message);
    // The bytes of a message admitted for processing. Once half a buffer's worth came since
    // the last Ack, the next goes at once instead of at the timer: a peer that stops writing
    // at its limit (ASP.NET Core's MessageBuffer, 100,000 bytes, the same as ours by
    // default) would otherwise send a flood at a buffer per Ack interval (100 KB/s).
    void noteReceivedBytes(qint64 bytes);
    // The peer's Sequence. Returns false with `error` set when it claims messages we never
    // received.
    bool resetSequence(qint64 sequenceId, QString &error);
    // The transport was lost: stop acknowledging and wait for the peer's Sequence.
    void transportLost();
    // The new transport is open and our Sequence and replay are sent.
    void transportResumed();
    qint64 latestReceivedSequenceId() const { return m_latestReceived; }

signals:
    // Time to send an Ack for this id (only while a transport is up).
    void ackDue(qint64 sequenceId);

private:
    struct Sent
    {
        qint64 firstId;
        qint64 lastId;
        QByteArray bytes;
    };

    const qint64 m_bufferSize;
    QList<Sent> m_sent;
    qint64 m_sentCount = 0;
    qint64 m_bufferedBytes = 0;

    qint64 m_nextReceiving = 1;
    qint64 m_latestReceived = 0;
    qint64 m_receivedSinceAck = 0;
    bool m_waitingForSequence = false;
    bool m_reconnecting = false;
    QTimer m_ackTimer;
};

} // namespace signalr
