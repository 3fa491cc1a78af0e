#include "hubsim/ActiveState.h"
#include "hubsim/ActivityGenerator.h"
#include "hubsim/EventLog.h"
#include "hubsim/StrategyCatalog.h"

#include <QSet>
#include <QTest>

using eventhub::Event;
using eventhub::EventKind;
using hubsim::ActiveState;
using hubsim::EventLog;

namespace {

const QDateTime BaseTime(QDate(2026, 11, 25), QTime(14, 30), Qt::UTC);

QJsonObject signal(qint64 strategyId, const QString &signalId, bool active)
{
    return {{"StrategyId", strategyId}, {"StrategyName", "S"}, {"SignalId", signalId}, {"IsActive", active}};
}

QJsonObject error(qint64 strategyId, const QString &errorId, const QString &code, bool active)
{
    QJsonObject object{{"StrategyId", strategyId}, {"Code", code}, {"Severity", "Error"}, {"IsActive", active}};
    if (!errorId.isEmpty())
        object.insert("ErrorId", errorId);
    return object;
}

// Appends to the log and feeds the state, as the simulator does.
struct Fixture
{
    EventLog log;
    ActiveState state;

    const Event &add(EventKind kind, const QJsonObject &payload)
    {
        const Event &event = log.append(kind, payload, BaseTime);
        state.apply(event);
        return event;
    }

    QList<qint64> activeSeqs() const
    {
        QList<qint64> seqs;
        for (const Event &event : state.events())
            seqs.append(event.seqId);
        return seqs;
    }
};

} // namespace

class TestActiveState : public QObject
{
    Q_OBJECT

private slots:
    void signalsLiveUntilCleared()
    {
        Fixture f;
        f.add(EventKind::EntrySignal, signal(101, "SIG-1", true));          // 1
        f.add(EventKind::OrderUpdate, QJsonObject{{"StrategyId", 101}});    // 2: not state
        f.add(EventKind::AdjustmentSignal, signal(102, "SIG-2", true));     // 3
        QCOMPARE(f.activeSeqs(), (QList<qint64>{1, 3}));

        f.add(EventKind::EntrySignal, signal(101, "SIG-1", false));         // 4
        QCOMPARE(f.activeSeqs(), (QList<qint64>{3}));
        // A stale clear for another signal id leaves the active one alone.
        f.add(EventKind::AdjustmentSignal, signal(102, "SIG-0", false));    // 5
        QCOMPARE(f.activeSeqs(), (QList<qint64>{3}));
        // A newer signal of the same kind and strategy replaces the older one.
        f.add(EventKind::AdjustmentSignal, signal(102, "SIG-3", true));     // 6
        QCOMPARE(f.activeSeqs(), (QList<qint64>{6}));
        QCOMPARE(f.state.events().constFirst().payload().value("SignalId").toString(), QStringLiteral("SIG-3"));
    }

    void exitSupersedesEntryAndAdjustment()
    {
        Fixture f;
        f.add(EventKind::EntrySignal, signal(101, "A", true));              // 1
        f.add(EventKind::AdjustmentSignal, signal(101, "B", true));         // 2
        f.add(EventKind::EntrySignal, signal(102, "C", true));              // 3
        f.add(EventKind::ExitSignal, signal(101, "D", true));               // 4
        QCOMPARE(f.activeSeqs(), (QList<qint64>{3, 4}));
        // A new entry starts a new cycle: the old exit is over.
        f.add(EventKind::EntrySignal, signal(101, "E", true));              // 5
        QCOMPARE(f.activeSeqs(), (QList<qint64>{3, 5}));
    }

    void errorsLiveUntilResolved()
    {
        Fixture f;
        f.add(EventKind::Error, error(101, "ERR-1", "QUOTE_STALE", true));  // 1
        f.add(EventKind::Error, error(101, "ERR-2", "SLIPPAGE", false));    // 2: transient
        f.add(EventKind::Error, error(103, "", "MARGIN", true));            // 3
        f.add(EventKind::Error, error(104, "ERR-4", "QUOTE_STALE", true));  // 4
        QCOMPARE(f.activeSeqs(), (QList<qint64>{1, 3, 4}));
        f.add(EventKind::Error, error(101, "ERR-1", "QUOTE_STALE", false)); // 5
        f.add(EventKind::Error, error(103, "", "MARGIN", false));           // 6
        QCOMPARE(f.activeSeqs(), (QList<qint64>{4}));
    }

    void pushedEventsAreTheStoredOnes()
    {
        Fixture f;
        const Event &stored = f.add(EventKind::Error, error(101, "ERR-1", "X", true));
        const QList<Event> pushed = f.state.events();
        QCOMPARE(pushed.size(), 1);
        QCOMPARE(pushed.constFirst().eventId(), stored.eventId());
        QCOMPARE(pushed.constFirst().seqId, stored.seqId);
        QCOMPARE(pushed.constFirst().payload(), stored.payload());
    }

    void rebuildMatchesIncrementalOverALongRun()
    {
        const hubsim::StrategyCatalog catalog;
        hubsim::ActivityGenerator generator(catalog, 21);
        Fixture f;
        int maxSize = 0;
        for (int i = 0; i < 30000; ++i) {
            const hubsim::GeneratedEvent e = generator.next();
            f.add(e.kind, e.payload);
            maxSize = std::max(maxSize, f.state.size());
        }
        // Bounded: at most a signal per strategy at a time plus a handful of errors.
        QVERIFY2(maxSize <= 10 * 3 + 6, qPrintable(QString::number(maxSize)));

        const QList<Event> incremental = f.state.events();
        QVERIFY(!incremental.isEmpty());
        QSet<QString> signalIds;
        for (const Event &event : incremental) {
            QVERIFY(event.payload().value("IsActive").toBool());
            // No active signal was cleared later in the log.
            const QString signalId = event.payload().value("SignalId").toString();
            if (signalId.isEmpty())
                continue;
            signalIds.insert(signalId);
            for (qsizetype i = f.log.indexAfter(event.seqId); i < f.log.size(); ++i) {
                const Event &later = f.log.eventAt(i);
                if (later.kind == event.kind && later.payload().value("SignalId").toString() == signalId)
                    QVERIFY(later.payload().value("IsActive").toBool());
            }
        }

        ActiveState rebuilt;
        rebuilt.rebuild(f.log);
        const QList<Event> fromScratch = rebuilt.events();
        QCOMPARE(fromScratch.size(), incremental.size());
        for (int i = 0; i < incremental.size(); ++i)
            QCOMPARE(fromScratch.at(i).eventId(), incremental.at(i).eventId());

        rebuilt.clear();
        QCOMPARE(rebuilt.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestActiveState)
#include "tst_activestate.moc"
