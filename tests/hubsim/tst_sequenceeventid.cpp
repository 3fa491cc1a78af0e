// The simulator's EventIds made from EventSeqIds (SequenceEventId.h): unique, GUID-shaped,
// and spread like a real hub's random ids, not counting up.
#include "hubsim/SequenceEventId.h"

#include <QSet>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <vector>

using namespace hubsim;

class TestSequenceEventId : public QObject
{
    Q_OBJECT

private slots:
    void everyEventSeqIdHasItsOwnId()
    {
        // Two million EventSeqIds, and the highest the 48 bits hold: no two ids the same.
        std::vector<quint64> bits;
        bits.reserve(2'000'002);
        for (quint64 seqId = 0; seqId <= 2'000'000; ++seqId)
            bits.push_back(scatteredIdBits(seqId));
        bits.push_back(scatteredIdBits((quint64(1) << 48) - 1));
        std::sort(bits.begin(), bits.end());
        QVERIFY(std::adjacent_find(bits.begin(), bits.end()) == bits.end());
        QVERIFY(bits.back() < (quint64(1) << 48));
    }

    void idsAreSpreadLikeRandomOnes()
    {
        // Of consecutive EventSeqIds, about half the ids sort below the one before (ids that
        // count up: none), and they reach all over the range.
        int downs = 0;
        quint64 lowest = ~quint64(0);
        quint64 highest = 0;
        for (quint64 seqId = 1; seqId <= 10000; ++seqId) {
            const quint64 bits = scatteredIdBits(seqId);
            downs += bits < scatteredIdBits(seqId - 1);
            lowest = std::min(lowest, bits);
            highest = std::max(highest, bits);
        }
        QVERIFY2(downs > 4500 && downs < 5500, qPrintable(QString::number(downs)));
        QVERIFY(lowest < (quint64(1) << 40));
        QVERIFY(highest > (quint64(1) << 48) - (quint64(1) << 40));
    }

    void idsAreGuidShaped()
    {
        const QString id = sequenceEventId(123456);
        QCOMPARE(id.size(), 36);
        QVERIFY(!QUuid::fromString(id).isNull());
        QVERIFY(id.startsWith(QLatin1String("00000000-0000-4000-8000-")));
        QCOMPARE(sequenceEventId(123456), id); // the same in every run
        QVERIFY(sequenceEventId(123457) != id);
    }
};

QTEST_GUILESS_MAIN(TestSequenceEventId)
#include "tst_sequenceeventid.moc"
