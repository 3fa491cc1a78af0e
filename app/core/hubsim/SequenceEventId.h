#pragma once

#include <QByteArray>
#include <QString>

namespace hubsim {

// EventIds the simulator makes from an EventSeqId. A real hub's EventIds are random GUIDs:
// in a store's EventId index each lands at a random place, where ids that count up always
// land at its end and flatter the store's write speed (random ids cost it about half as
// much again, docs/benchmarks.md). So these are spread as randomly, yet unique and the
// same in every run: the last 12 hex digits are a bijection of the EventSeqId's low 48 bits.
quint64 scatteredIdBits(quint64 seqId);

// "<prefix><12 hex digits>", the prefix being the first 24 characters of a GUID
// ("xxxxxxxx-xxxx-4xxx-8xxx-").
void appendSequenceEventId(QByteArray &out, QByteArrayView prefix, qint64 seqId);
QString sequenceEventId(qint64 seqId);

} // namespace hubsim
