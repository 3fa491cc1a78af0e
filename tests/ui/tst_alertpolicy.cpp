// Which events alert: new entry/exit signals and errors, per-kind switches, and each
// signal or error once, though the hub re-sends it on reconnect or clears it later.

#include "TestEvents.h"
#include "notify/AlertPolicy.h"

#include <QtTest>

using eventhub::EventKind;
using ui::Alert;

class TestAlertPolicy : public QObject
{
    Q_OBJECT

private:
    static qint64 nowFor(const eventhub::Event &event) { return event.timeMs + 1000; }

private slots:
    void newSignalsAndErrorsAlertOnce()
    {
        ui::AlertPolicy policy;
        const auto entry =
            makeEvent(EventKind::EntrySignal, 1, {{"SignalId", "SIG-1"}, {"IsActive", true}, {"Trigger", "VIX inside band"}});
        const qint64 now = nowFor(entry);
        QList<Alert> alerts = policy.evaluate({entry}, now);
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().type, Alert::Type::EntrySignal);
        QVERIFY(alerts.first().title.contains(QStringLiteral("SPX 0DTE Iron Condor")));
        QCOMPARE(alerts.first().message, QStringLiteral("VIX inside band"));

        // Re-sent on reconnect (same EventId), or the same signal under a new EventId.
        QVERIFY(policy.evaluate({entry}, now).isEmpty());
        QVERIFY(
            policy.evaluate({makeEvent(EventKind::EntrySignal, 2, {{"SignalId", "SIG-1"}, {"IsActive", true}})}, now).isEmpty());
        // Its clearing is not news; orders never alert.
        QVERIFY(
            policy.evaluate({makeEvent(EventKind::EntrySignal, 3, {{"SignalId", "SIG-1"}, {"IsActive", false}})}, now).isEmpty());
        QVERIFY(policy.evaluate({makeEvent(EventKind::OrderUpdate, 4)}, now).isEmpty());

        const auto error =
            makeEvent(EventKind::Error, 5,
                      {{"ErrorId", "ERR-1"}, {"Severity", "Critical"}, {"IsActive", true}, {"Message", "Daily loss limit"}});
        alerts = policy.evaluate({error, makeEvent(EventKind::ExitSignal, 6, {{"SignalId", "SIG-2"}, {"IsActive", true}})}, now);
        QCOMPARE(alerts.size(), 2);
        QCOMPARE(alerts.at(0).type, Alert::Type::Error);
        QCOMPARE(alerts.at(1).type, Alert::Type::ExitSignal);
        // The resolution of ERR-1 does not alert.
        QVERIFY(policy
                    .evaluate({makeEvent(EventKind::Error, 7,
                                         {{"ErrorId", "ERR-1"}, {"IsActive", false}, {"Message", "Resolved: ok"}})},
                              now)
                    .isEmpty());
    }

    void switchesAndStaleEvents()
    {
        ui::AlertPolicy policy;
        policy.setSwitches({false, true, false});
        const auto entry = makeEvent(EventKind::EntrySignal, 1, {{"SignalId", "SIG-1"}, {"IsActive", true}});
        const auto error = makeEvent(EventKind::Error, 2, {{"ErrorId", "ERR-1"}, {"Severity", "Error"}});
        const auto exit = makeEvent(EventKind::ExitSignal, 3, {{"SignalId", "SIG-2"}, {"IsActive", true}});
        const QList<Alert> alerts = policy.evaluate({entry, error, exit}, nowFor(exit));
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().type, Alert::Type::ExitSignal);

        // History (older than a few minutes) never alerts.
        const auto old = makeEvent(EventKind::ExitSignal, 4, {{"SignalId", "SIG-3"}, {"IsActive", true}});
        QVERIFY(policy.evaluate({old}, old.timeMs + ui::AlertPolicy::StaleAfterMs + 1).isEmpty());
    }
};

QTEST_MAIN(TestAlertPolicy)
#include "tst_alertpolicy.moc"
