// Unit tests of stateful reconnect's bookkeeping: sequence ids, Acks, the Sequence sent
// after a reconnect, duplicate suppression and the coalesced Ack timer.
#include "signalr/StatefulReconnectBuffer.h"

#include <QSignalSpy>
#include <QTest>

using signalr::HubMessage;
using signalr::StatefulReconnectBuffer;

namespace {

HubMessage ofType(HubMessage::Type type, qint64 sequenceId = 0)
{
    HubMessage message;
    message.type = type;
    message.sequenceId = sequenceId;
    return message;
}

const HubMessage invocation = ofType(HubMessage::Type::Invocation);
const HubMessage ping = ofType(HubMessage::Type::Ping);

} // namespace

class TestStatefulReconnectBuffer : public QObject
{
    Q_OBJECT

private slots:
    void onlyInvocationMessagesAreTracked()
    {
        for (auto type : {HubMessage::Type::Invocation, HubMessage::Type::StreamItem, HubMessage::Type::Completion,
                          HubMessage::Type::StreamInvocation, HubMessage::Type::CancelInvocation})
            QVERIFY(StatefulReconnectBuffer::isTrackable(type));
        for (auto type : {HubMessage::Type::Ping, HubMessage::Type::Close, HubMessage::Type::Ack, HubMessage::Type::Sequence})
            QVERIFY(!StatefulReconnectBuffer::isTrackable(type));
    }

    void sentMessagesStayUntilAcknowledged()
    {
        StatefulReconnectBuffer buffer(100000, 1000);
        QCOMPARE(buffer.resendFromSequenceId(), 1);
        buffer.recordSent(HubMessage::Type::Invocation, "one");
        buffer.recordSent(HubMessage::Type::Ping, "ping");
        buffer.recordSent(HubMessage::Type::Completion, "two");
        buffer.recordSent(HubMessage::Type::Invocation, "three");
        QCOMPARE(buffer.unacknowledged(), (QList<QByteArray>{"one", "two", "three"}));
        QCOMPARE(buffer.bufferedBytes(), 11);
        // The Sequence after a reconnect names the oldest unacknowledged id.
        QCOMPARE(buffer.resendFromSequenceId(), 1);
        buffer.acknowledge(2);
        QCOMPARE(buffer.unacknowledged(), QList<QByteArray>{"three"});
        QCOMPARE(buffer.resendFromSequenceId(), 3);
        QCOMPARE(buffer.bufferedBytes(), 5);
        // An old Ack changes nothing; one covering everything empties the buffer, and the
        // Sequence then names the next id.
        buffer.acknowledge(1);
        QCOMPARE(buffer.unacknowledged().size(), 1);
        buffer.acknowledge(3);
        QVERIFY(buffer.unacknowledged().isEmpty());
        QCOMPARE(buffer.resendFromSequenceId(), 4);
        QCOMPARE(buffer.bufferedBytes(), 0);
    }

    void aBatchIsResentWholeUntilAnAckCoversItsLastMessage()
    {
        StatefulReconnectBuffer buffer(100000, 1000);
        buffer.recordSent(HubMessage::Type::Invocation, "one");
        buffer.recordSentBatch(3, "two+three+four");
        buffer.recordSent(HubMessage::Type::Completion, "five");
        buffer.acknowledge(3);
        // 2 and 3 are acknowledged but travel with 4: the replay starts at 2.
        QCOMPARE(buffer.resendFromSequenceId(), 2);
        QCOMPARE(buffer.unacknowledged(), (QList<QByteArray>{"two+three+four", "five"}));
        buffer.acknowledge(4);
        QCOMPARE(buffer.resendFromSequenceId(), 5);
        QCOMPARE(buffer.unacknowledged(), QList<QByteArray>{"five"});
        buffer.recordSentBatch(0, "nothing");
        QCOMPARE(buffer.unacknowledged().size(), 1);
        buffer.acknowledge(5);
        QCOMPARE(buffer.resendFromSequenceId(), 6);
    }

    void overTheLimitMessagesAreKept()
    {
        StatefulReconnectBuffer buffer(10, 1000);
        buffer.recordSent(HubMessage::Type::Invocation, QByteArray(8, 'a'));
        QVERIFY(!buffer.isOverLimit());
        buffer.recordSent(HubMessage::Type::Invocation, QByteArray(8, 'b'));
        QVERIFY(buffer.isOverLimit());
        QCOMPARE(buffer.unacknowledged().size(), 2);
        buffer.acknowledge(1);
        QVERIFY(!buffer.isOverLimit());
    }

    void receivedMessagesAreNumberedAndAcknowledgedOnce()
    {
        StatefulReconnectBuffer buffer(100000, 50);
        QSignalSpy acks(&buffer, &StatefulReconnectBuffer::ackDue);
        QVERIFY(buffer.shouldProcess(invocation));
        QVERIFY(buffer.shouldProcess(ping));
        QVERIFY(buffer.shouldProcess(invocation));
        QVERIFY(buffer.shouldProcess(invocation));
        QCOMPARE(buffer.latestReceivedSequenceId(), 3);
        // One coalesced Ack for the highest id, one interval after the first message.
        QVERIFY(acks.wait(2000));
        QCOMPARE(acks.size(), 1);
        QCOMPARE(acks.at(0).at(0).toLongLong(), 3);
        QTest::qWait(150);
        QCOMPARE(acks.size(), 1);
    }

    // A peer that stops writing at its buffer's limit is acknowledged at half of it, at
    // once, not one timer interval later; the timer then starts afresh.
    void halfABufferReceivedIsAcknowledgedAtOnce()
    {
        StatefulReconnectBuffer buffer(1000, 60000);
        QSignalSpy acks(&buffer, &StatefulReconnectBuffer::ackDue);
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.noteReceivedBytes(300);
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.noteReceivedBytes(199);
        QCOMPARE(acks.size(), 0);
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.noteReceivedBytes(1);
        QCOMPARE(acks.size(), 1);
        QCOMPARE(acks.at(0).at(0).toLongLong(), 3);
        // Counted afresh from there; none while the transport is down.
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.noteReceivedBytes(499);
        QCOMPARE(acks.size(), 1);
        buffer.transportLost();
        buffer.noteReceivedBytes(1000);
        QCOMPARE(acks.size(), 1);
    }

    void afterAReconnectReplaysAreDropped()
    {
        StatefulReconnectBuffer buffer(100000, 50);
        QSignalSpy acks(&buffer, &StatefulReconnectBuffer::ackDue);
        for (int i = 0; i < 5; ++i)
            QVERIFY(buffer.shouldProcess(invocation));
        QVERIFY(acks.wait(2000));
        acks.clear();

        buffer.transportLost();
        // Anything but Sequence is stale until the peer's Sequence arrives.
        QVERIFY(!buffer.shouldProcess(invocation));
        QVERIFY(!buffer.shouldProcess(ping));
        QVERIFY(buffer.shouldProcess(ofType(HubMessage::Type::Sequence, 4)));
        QString error;
        QVERIFY(buffer.resetSequence(4, error));
        buffer.transportResumed();
        // The peer replays 4 and 5 (which we had) and then sends 6 (which we had not).
        QVERIFY(!buffer.shouldProcess(invocation));
        QVERIFY(!buffer.shouldProcess(invocation));
        QVERIFY(buffer.shouldProcess(invocation));
        QCOMPARE(buffer.latestReceivedSequenceId(), 6);
        QVERIFY(acks.wait(2000));
        QCOMPARE(acks.constLast().at(0).toLongLong(), 6);
    }

    void aReplayOfTheLastMessageRestartsTheAckTimer()
    {
        // The peer resends what we had already processed: it missed our Ack.
        StatefulReconnectBuffer buffer(100000, 50);
        QSignalSpy acks(&buffer, &StatefulReconnectBuffer::ackDue);
        QVERIFY(buffer.shouldProcess(invocation));
        QVERIFY(acks.wait(2000));
        buffer.transportLost();
        QString error;
        QVERIFY(buffer.shouldProcess(ofType(HubMessage::Type::Sequence, 1)));
        QVERIFY(buffer.resetSequence(1, error));
        buffer.transportResumed();
        QVERIFY(!buffer.shouldProcess(invocation));
        QVERIFY(acks.wait(2000));
        QCOMPARE(acks.size(), 2);
        QCOMPARE(acks.constLast().at(0).toLongLong(), 1);
    }

    void noAcksWhileReconnecting()
    {
        StatefulReconnectBuffer buffer(100000, 30);
        QSignalSpy acks(&buffer, &StatefulReconnectBuffer::ackDue);
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.transportLost();
        QTest::qWait(120);
        QCOMPARE(acks.size(), 0);
    }

    void aSequenceBeyondWhatArrivedIsAnError()
    {
        StatefulReconnectBuffer buffer(100000, 1000);
        QVERIFY(buffer.shouldProcess(invocation));
        buffer.transportLost();
        QString error;
        QVERIFY(buffer.resetSequence(2, error)); // the next one: fine
        QVERIFY(!buffer.resetSequence(3, error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestStatefulReconnectBuffer)
#include "tst_statefulreconnectbuffer.moc"
