#include "SyntheticHistory.h"

#include "EventLog.h"
#include "SequenceEventId.h"

#include <QDateTime>

namespace hubsim {

SyntheticHistory::SyntheticHistory(qint64 firstTimeMs, qint64 stepMs, quint32 seed)
    : m_generator(m_catalog, seed)
    , m_firstTimeMs(firstTimeMs)
    , m_stepMs(stepMs)
{}

QList<eventhub::Event> SyntheticHistory::next(int count)
{
    QList<eventhub::Event> events;
    events.reserve(count);
    for (int i = 0; i < count; ++i) {
        const GeneratedEvent generated = m_generator.next();
        QJsonObject payload = generated.payload;
        ++m_seq;
        payload.insert(QLatin1String("EventId"), sequenceEventId(m_seq));
        payload.insert(QLatin1String("EventSeqId"), m_seq);
        payload.insert(QLatin1String("EventTime"), EventLog::formatEventTime(QDateTime::fromMSecsSinceEpoch(
                                                       m_firstTimeMs + (m_seq - 1) * m_stepMs, Qt::UTC)));
        eventhub::Event event;
        QString problem;
        if (eventhub::parseEvent(eventhub::kindName(generated.kind), payload, event, problem))
            events.append(std::move(event));
    }
    return events;
}

} // namespace hubsim
