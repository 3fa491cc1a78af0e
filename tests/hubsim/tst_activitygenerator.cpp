#include "hubsim/ActivityGenerator.h"
#include "hubsim/EventLog.h"
#include "hubsim/StrategyCatalog.h"

#include "eventhub/Event.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <numeric>

using eventhub::Event;
using eventhub::EventKind;
using hubsim::ActivityGenerator;
using hubsim::GeneratedEvent;

namespace {

const QDateTime BaseTime(QDate(2026, 11, 25), QTime(14, 30), Qt::UTC);

int compactSize(const QJsonObject &object)
{
    return int(QJsonDocument(object).toJson(QJsonDocument::Compact).size());
}

QStringList missingKeys(const QJsonObject &payload, const QStringList &keys)
{
    QStringList missing;
    for (const QString &key : keys) {
        if (!payload.contains(key))
            missing.append(key);
    }
    return missing;
}

// The fields the simulator promises per kind (docs/events.md).
QStringList requiredKeys(EventKind kind)
{
    switch (kind) {
    case EventKind::EntrySignal: return {"SignalId", "IsActive", "Underlying", "UnderlyingPrice"};
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: return {"SignalId", "IsActive", "Underlying", "PositionId"};
    case EventKind::OrderUpdate: return {"OrderId", "Status", "Quantity", "FilledQuantity", "LimitPrice", "AvgFillPrice", "Legs"};
    case EventKind::PositionUpdate:
        return {"PositionId", "Status", "Quantity", "AvgOpenPrice", "MarkPrice", "UnrealizedPnl", "RealizedPnl"};
    case EventKind::LegUpdate:
        return {"PositionId", "Symbol", "Right", "Strike", "Expiration", "Side", "Quantity", "AvgPrice", "MarkPrice", "Delta"};
    case EventKind::AgentStatusChange: return {"AgentName", "Status", "PreviousStatus", "Message"};
    case EventKind::Error: return {"ErrorId", "Severity", "Code", "Message", "IsActive"};
    case EventKind::PositionEntryPreparationCompleted:
        return {"JobId", "SignalId", "Underlying", "Expiration", "Legs", "OrderId", "LimitPrice", "Quantity"};
    case EventKind::PositionExitPreparationCompleted:
        return {"JobId", "SignalId", "PositionId", "Legs", "OrderId", "LimitPrice", "Quantity"};
    case EventKind::PositionAdjustmentPreparationCompleted:
        return {"JobId", "SignalId", "PositionId", "Legs", "OrderId", "VarsName"};
    case EventKind::PositionEntryPreparationFailed: return {"JobId", "SignalId", "Reason"};
    case EventKind::PositionExitPreparationFailed:
    case EventKind::PositionAdjustmentPreparationFailed: return {"JobId", "SignalId", "PositionId", "Reason"};
    case EventKind::AutoUpdateVarsAdjustmentStarted: return {"JobId", "VarsName", "OldValues"};
    case EventKind::AutoUpdateVarsAdjustmentCompleted: return {"JobId", "VarsName", "OldValues", "NewValues", "DurationMs"};
    case EventKind::AutoUpdateVarsAdjustmentFailed: return {"JobId", "VarsName", "Reason"};
    case EventKind::Unknown: break;
    }
    return {};
}

} // namespace

class TestActivityGenerator : public QObject
{
    Q_OBJECT

private slots:
    void storiesProduceEveryKindWithValidCommonFields()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 42);
        hubsim::EventLog log;
        QHash<int, int> perKind;
        const int count = 20000;
        for (int i = 0; i < count; ++i) {
            const GeneratedEvent generated = generator.next();
            QVERIFY(generated.kind != EventKind::Unknown);
            // The generator leaves the common fields to the log.
            QVERIFY(!generated.payload.contains("EventId"));
            QVERIFY(!generated.payload.contains("EventSeqId"));
            QVERIFY(!generated.payload.contains("EventTime"));
            log.append(generated.kind, generated.payload, BaseTime.addMSecs(i * 250));
            ++perKind[int(generated.kind)];
        }
        for (EventKind kind : eventhub::allEventKinds())
            QVERIFY2(perKind.value(int(kind)) > 0, qPrintable(eventhub::kindName(kind)));

        QSet<QString> ids;
        for (qsizetype i = 0; i < log.size(); ++i) {
            const Event &stored = log.eventAt(i);
            Event parsed;
            QString error;
            QVERIFY2(eventhub::parseEvent(stored.kindName, stored.payload(), parsed, error), qPrintable(error));
            QCOMPARE(parsed.seqId, i + 1);
            QCOMPARE(parsed.timeMs, BaseTime.addMSecs(i * 250).toMSecsSinceEpoch());
            QVERIFY(catalog.isAccessible(parsed.strategyId));
            QCOMPARE(parsed.strategyName, catalog.find(parsed.strategyId)->name);
            ids.insert(parsed.eventId());

            Event fromEnvelope;
            QVERIFY2(eventhub::eventFromEnvelope(eventhub::toEnvelope(stored), fromEnvelope, error), qPrintable(error));
            QCOMPARE(fromEnvelope.kind, stored.kind);

            const QStringList missing = missingKeys(stored.payload(), requiredKeys(stored.kind));
            QVERIFY2(missing.isEmpty(), qPrintable(stored.kindName + QLatin1String(": ") + missing.join(',')));
        }
        QCOMPARE(ids.size(), count);
    }

    void valuesAreFromTheDocumentedSets()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 3);
        const QSet<QString> orderStatuses{"Working", "PartiallyFilled", "Filled", "Rejected"};
        const QSet<QString> agentStatuses{"Online", "Offline", "Degraded"};
        const QSet<QString> severities{"Warning", "Error", "Critical"};
        for (int i = 0; i < 10000; ++i) {
            const GeneratedEvent e = generator.next();
            const QJsonObject &p = e.payload;
            switch (e.kind) {
            case EventKind::OrderUpdate: {
                QVERIFY(orderStatuses.contains(p.value("Status").toString()));
                QVERIFY(p.value("FilledQuantity").toInt() <= p.value("Quantity").toInt());
                QVERIFY(p.value("Quantity").toInt() >= 1);
                QVERIFY(p.value("LimitPrice").toDouble() > 0);
                const QJsonArray legs = p.value("Legs").toArray();
                QVERIFY(!legs.isEmpty());
                for (const QJsonValue &leg : legs) {
                    QVERIFY(!leg.toObject().value("Symbol").toString().isEmpty());
                    const QString side = leg.toObject().value("Side").toString();
                    QVERIFY(side == "Buy" || side == "Sell");
                }
                break;
            }
            case EventKind::AgentStatusChange:
                QVERIFY(agentStatuses.contains(p.value("Status").toString()));
                QVERIFY(agentStatuses.contains(p.value("PreviousStatus").toString()));
                QVERIFY(p.value("Status") != p.value("PreviousStatus"));
                QCOMPARE(p.value("AgentName").toString(), catalog.find(p.value("StrategyId").toInteger())->agentName);
                break;
            case EventKind::Error:
                QVERIFY(severities.contains(p.value("Severity").toString()));
                QVERIFY(p.value("IsActive").isBool());
                QVERIFY(!p.value("Code").toString().isEmpty());
                break;
            case EventKind::PositionEntryPreparationCompleted:
                for (const QJsonValue &leg : p.value("Legs").toArray()) {
                    const QStringList missing =
                        missingKeys(leg.toObject(), {"Symbol", "Right", "Strike", "Quantity", "Side", "Expiration"});
                    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(',')));
                }
                break;
            default: break;
            }
        }
    }

    void storiesAreCoherent()
    {
        // Orders go Working -> [PartiallyFilled] -> Filled | Rejected; a signal fires once
        // and is cleared once, after everything it caused.
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 11);
        QHash<QString, QString> orderStatus;
        QHash<QString, bool> signalActive;
        int cleared = 0;
        for (int i = 0; i < 20000; ++i) {
            const GeneratedEvent e = generator.next();
            if (e.kind == EventKind::OrderUpdate) {
                const QString id = e.payload.value("OrderId").toString();
                const QString status = e.payload.value("Status").toString();
                const QString previous = orderStatus.value(id);
                if (previous.isEmpty())
                    QCOMPARE(status, QStringLiteral("Working"));
                else if (status == "PartiallyFilled")
                    QCOMPARE(previous, QStringLiteral("Working"));
                else
                    QVERIFY2(previous == "Working" || previous == "PartiallyFilled", qPrintable(id));
                orderStatus.insert(id, status);
            } else if (eventhub::categoryOf(e.kind) == eventhub::EventCategory::Signal) {
                const QString id = e.payload.value("SignalId").toString();
                const bool active = e.payload.value("IsActive").toBool();
                if (active) {
                    QVERIFY2(!signalActive.contains(id), qPrintable(id));
                } else {
                    QVERIFY2(signalActive.value(id, false), qPrintable(id));
                    ++cleared;
                }
                signalActive.insert(id, active);
            }
        }
        QVERIFY(cleared > 100);
        QVERIFY(orderStatus.size() > 500);
    }

    void offlineAgentsStallTheirStrategies()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 5);
        QHash<QString, QString> agentStatus;
        int offlineSeen = 0;
        for (int i = 0; i < 20000; ++i) {
            const GeneratedEvent e = generator.next();
            const QString agent = catalog.find(e.payload.value("StrategyId").toInteger())->agentName;
            if (e.kind == EventKind::AgentStatusChange) {
                QCOMPARE(e.payload.value("PreviousStatus").toString(), agentStatus.value(agent, "Online"));
                agentStatus.insert(agent, e.payload.value("Status").toString());
                offlineSeen += agentStatus.value(agent) == "Offline";
            } else if (e.kind != EventKind::Error) {
                QVERIFY2(agentStatus.value(agent) != "Offline", qPrintable(agent));
            }
        }
        QVERIFY(offlineSeen > 0);
    }

    void orderUpdatesAreAboutThreeHundredBytes()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 9);
        hubsim::EventLog log;
        QList<int> sizes;
        QList<int> wireSizes;
        for (int i = 0; i < 20000; ++i) {
            const GeneratedEvent e = (i % 2) ? generator.next() : generator.nextOrderUpdate();
            if (e.kind != EventKind::OrderUpdate)
                continue;
            sizes.append(compactSize(e.payload));
            wireSizes.append(compactSize(log.append(e.kind, e.payload, BaseTime).payload()));
        }
        QVERIFY(sizes.size() > 5000);
        const int low = *std::min_element(sizes.begin(), sizes.end());
        const int high = *std::max_element(sizes.begin(), sizes.end());
        const double mean = std::accumulate(sizes.begin(), sizes.end(), 0.0) / sizes.size();
        const double wireMean = std::accumulate(wireSizes.begin(), wireSizes.end(), 0.0) / wireSizes.size();
        qInfo("OrderUpdate payload without common fields: min %d, max %d, mean %.0f bytes; "
              "with them: min %d, max %d, mean %.0f",
              low, high, mean, *std::min_element(wireSizes.begin(), wireSizes.end()),
              *std::max_element(wireSizes.begin(), wireSizes.end()), wireMean);
        QVERIFY2(low >= 200, qPrintable(QString::number(low)));
        QVERIFY2(high <= 450, qPrintable(QString::number(high)));
        QVERIFY2(mean >= 250 && mean <= 350, qPrintable(QString::number(mean)));
    }

    void sameSeedSameEvents()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator a(catalog, 1234);
        ActivityGenerator b(catalog, 1234);
        ActivityGenerator c(catalog, 1235);
        int differences = 0;
        for (int i = 0; i < 5000; ++i) {
            const GeneratedEvent ea = i % 10 == 9 ? a.nextFromMix({}) : a.next();
            const GeneratedEvent eb = i % 10 == 9 ? b.nextFromMix({}) : b.next();
            const GeneratedEvent ec = c.next();
            QCOMPARE(ea.kind, eb.kind);
            QCOMPARE(ea.payload, eb.payload);
            differences += ea.payload != ec.payload;
        }
        QVERIFY(differences > 4000);
    }

    void idBaseKeepsIdsApartAcrossRuns()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator first(catalog, 1);
        ActivityGenerator::Options options;
        options.seed = 1;
        options.idBase = 1000000;
        ActivityGenerator resumed(catalog, options);
        const QString firstId = first.next().payload.value("SignalId").toString();
        const QString resumedId = resumed.next().payload.value("SignalId").toString();
        QCOMPARE(firstId, QStringLiteral("SIG-1"));
        QCOMPARE(resumedId, QStringLiteral("SIG-1000001"));
    }

    void tradeDateDrivesExpirations()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator::Options options;
        options.tradeDate = QDate(2027, 3, 6); // a Saturday: trading starts Monday
        ActivityGenerator generator(catalog, options);
        QCOMPARE(generator.tradeDate(), QDate(2027, 3, 8));
        for (int i = 0; i < 200; ++i) {
            const GeneratedEvent e = generator.nextOfKind(EventKind::LegUpdate);
            const QDate expiration = QDate::fromString(e.payload.value("Expiration").toString(), Qt::ISODate);
            QVERIFY(expiration.isValid());
            QVERIFY(expiration >= QDate(2027, 3, 8));
            QVERIFY(expiration.dayOfWeek() <= 5);
        }
    }

    void floodHelpersMakeTheRequestedKinds()
    {
        const hubsim::StrategyCatalog catalog;
        ActivityGenerator generator(catalog, 77);
        for (EventKind kind : eventhub::allEventKinds()) {
            const GeneratedEvent e = generator.nextOfKind(kind);
            QCOMPARE(e.kind, kind);
            QVERIFY(catalog.isAccessible(e.payload.value("StrategyId").toInteger()));
            QVERIFY(!e.payload.value("StrategyName").toString().isEmpty());
            const QStringList missing = missingKeys(e.payload, requiredKeys(kind));
            QVERIFY2(missing.isEmpty(), qPrintable(eventhub::kindName(kind) + QLatin1String(": ") + missing.join(',')));
        }
        QCOMPARE(generator.nextOrderUpdate().kind, EventKind::OrderUpdate);
        QCOMPARE(generator.nextOfKind(EventKind::Unknown).kind, EventKind::Unknown);

        QHash<int, int> counts;
        const int total = 10000;
        for (int i = 0; i < total; ++i)
            ++counts[int(generator.nextFromMix(ActivityGenerator::defaultFloodMix()).kind)];
        QCOMPARE(counts.size(), 3);
        QVERIFY(qAbs(counts.value(int(EventKind::OrderUpdate)) - 6000) < 300);
        QVERIFY(qAbs(counts.value(int(EventKind::PositionUpdate)) - 2000) < 250);
        QVERIFY(qAbs(counts.value(int(EventKind::LegUpdate)) - 2000) < 250);

        counts.clear();
        for (int i = 0; i < 1000; ++i)
            ++counts[int(generator.nextFromMix({{EventKind::Error, 1}, {EventKind::EntrySignal, 0}}).kind)];
        QCOMPARE(counts.value(int(EventKind::Error)), 1000);
    }
};

QTEST_GUILESS_MAIN(TestActivityGenerator)
#include "tst_activitygenerator.moc"
