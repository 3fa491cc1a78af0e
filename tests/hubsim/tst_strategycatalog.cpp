#include "hubsim/StrategyCatalog.h"

#include <QSet>
#include <QTest>

using hubsim::StrategyCatalog;

class TestStrategyCatalog : public QObject
{
    Q_OBJECT

private slots:
    void userOwnsTenNamedStrategies()
    {
        const StrategyCatalog catalog;
        const QList<qint64> ids = catalog.accessibleIds();
        QCOMPARE(ids.size(), 10);
        QSet<QString> names;
        QSet<QString> agents;
        for (qint64 id = 101; id <= 110; ++id) {
            QVERIFY(catalog.exists(id));
            QVERIFY(catalog.isAccessible(id));
            const hubsim::Strategy *strategy = catalog.find(id);
            QVERIFY(strategy);
            QVERIFY(!strategy->name.isEmpty());
            QVERIFY(!strategy->agentName.isEmpty());
            QVERIFY(!strategy->underlying.isEmpty());
            names.insert(strategy->name);
            agents.insert(strategy->agentName);
        }
        QCOMPARE(names.size(), 10);
        // Agents are shared, so an agent outage touches several strategies.
        QVERIFY(agents.size() < 10);
        QCOMPARE(catalog.find(101)->name, QStringLiteral("SPX 0DTE Iron Condor"));
        QCOMPARE(catalog.find(110)->name, QStringLiteral("VIX Call Spread Hedge"));
    }

    void restrictedIdsExistButAreNotAccessible()
    {
        const StrategyCatalog catalog;
        for (qint64 id = 900; id <= 999; ++id) {
            QVERIFY(catalog.exists(id));
            QVERIFY(!catalog.isAccessible(id));
        }
        QVERIFY(catalog.isAccessibleBy(900, QStringLiteral("other-desk")));
        QVERIFY(!catalog.exists(1));
        QVERIFY(!catalog.exists(899));
        QVERIFY(!catalog.exists(1000));
        QVERIFY(!catalog.isAccessible(1));
        QVERIFY(!catalog.find(1));
    }

    void partitionSplitsForSubscribe()
    {
        const StrategyCatalog catalog;
        QList<qint64> ok;
        QList<qint64> failed;
        catalog.partition({101, 950, 7, 102, 101}, ok, failed);
        QCOMPARE(ok, (QList<qint64>{101, 102}));
        QCOMPARE(failed, (QList<qint64>{950, 7}));
        catalog.partition({}, ok, failed);
        QVERIFY(ok.isEmpty());
        QVERIFY(failed.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrategyCatalog)
#include "tst_strategycatalog.moc"
