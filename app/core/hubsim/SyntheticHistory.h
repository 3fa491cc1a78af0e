#pragma once

#include "ActivityGenerator.h"
#include "eventhub/Event.h"

#include <QList>

namespace hubsim {

// A long history made fast, for benchmarks and tests of big stores: the generator's
// interleaved stories (every kind, every strategy), numbered and timed as a log would,
// without the log (which would hold them all in memory).
class SyntheticHistory
{
public:
    // Events are `stepMs` apart, the first at `firstTimeMs`, with EventSeqId 1, 2, ...
    SyntheticHistory(qint64 firstTimeMs, qint64 stepMs, quint32 seed = 1);

    // The next `count` events.
    QList<eventhub::Event> next(int count);
    // Skips to after `seqId` (resuming a partly built store): the stories restart there.
    void skipTo(qint64 seqId) { m_seq = seqId; }
    qint64 lastSeqId() const { return m_seq; }

private:
    StrategyCatalog m_catalog;
    ActivityGenerator m_generator;
    qint64 m_firstTimeMs;
    qint64 m_stepMs;
    qint64 m_seq = 0;
};

} // namespace hubsim
