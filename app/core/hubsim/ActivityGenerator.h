#pragma once

#include "OptionStructures.h"
#include "StrategyCatalog.h"
#include "eventhub/EventKind.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QRandomGenerator>

#include <deque>
#include <vector>

namespace hubsim {

// One synthetic event before the log stamps it: the payload has no EventId, EventSeqId or
// EventTime yet.
struct GeneratedEvent
{
    eventhub::EventKind kind = eventhub::EventKind::Unknown;
    QJsonObject payload;
};

struct KindWeight
{
    eventhub::EventKind kind;
    int weight;
};

// Deterministic synthetic activity for the simulator: the same seed gives the same
// sequence of kinds and payloads, so a test or a bug report can replay a run.
//
// next() tells a story per strategy (entry signal, preparation, order fills, position and
// leg updates, adjustments with vars automation, exit) interleaved across strategies, with
// agent status changes and errors (raised, later resolved) mixed in. A strategy whose
// agent is offline makes no progress until the agent is back.
//
// The flood helpers (nextOrderUpdate, nextOfKind, nextFromMix) make standalone events of a
// chosen kind without advancing any story, for load tests with a fixed kind mix.
class ActivityGenerator
{
public:
    struct Options
    {
        quint32 seed = 1;
        // The simulated trading day: option expirations are counted from it. Kept out of
        // the system clock so that a seed alone decides the output. Invalid means
        // defaultTradeDate(); a weekend moves to the next Monday.
        QDate tradeDate;
        // Generated ids (SIG-, ORD-, JOB-, POS-, ERR-) count up from idBase + 1. A simulator
        // resuming a durable log passes something larger than before (its latest
        // EventSeqId) so that ids never repeat across runs.
        qint64 idBase = 0;
    };

    static QDate defaultTradeDate();

    // Events are generated for the strategies the catalog's default user may access.
    explicit ActivityGenerator(const StrategyCatalog &catalog, const Options &options);
    explicit ActivityGenerator(const StrategyCatalog &catalog, quint32 seed = 1);

    quint32 seed() const { return m_seed; }
    QDate tradeDate() const { return m_tradeDate; }

    // The next event of the interleaved stories.
    GeneratedEvent next();

    // Flood helpers: a standalone plausible event, no story state advanced.
    GeneratedEvent nextOrderUpdate();
    GeneratedEvent nextOfKind(eventhub::EventKind kind);
    // A kind drawn by weight from `mix`, then nextOfKind(); an empty mix means
    // defaultFloodMix().
    GeneratedEvent nextFromMix(const QList<KindWeight> &mix);
    // Order updates 60%, position updates 20%, leg updates 20%: a busy trading session.
    static QList<KindWeight> defaultFloodMix();

private:
    // One strategy's story state.
    struct Book
    {
        Strategy strategy;
        UnderlyingSpec spec;
        double spot = 0.0;
        bool open = false;
        QString positionId;
        QList<OptionLeg> legs;
        QList<double> legOpenPrices;
        int units = 0;
        // Net price per unit at open; `credit` says which way P&L counts.
        double openPrice = 0.0;
        bool credit = true;
        double realizedPnl = 0.0;
        int marksLeft = 0;
        int adjustmentsLeft = 0;
        // The planned events of the chapter being told.
        std::deque<GeneratedEvent> pending;
    };

    struct ActiveError
    {
        int bookIndex;
        QString errorId;
        QString severity;
        QString code;
        QString message;
    };

    // Randomness.
    double uniform(double low, double high);
    int between(int low, int high);
    bool chance(double probability);
    template<typename T>
    const T &pick(const QList<T> &items)
    {
        return items.at(between(0, int(items.size()) - 1));
    }
    QString newId(const char *prefix);

    // Market model.
    QList<double> legMarks(const Book &book) const;
    double netPrice(const Book &book, const QList<double> &marks, bool *credit = nullptr) const;
    double unrealizedPnl(const Book &book, double mark) const;
    void moveMarket(Book &book);

    // Story chapters: each plans a run of events into the book's pending queue.
    void planChapter(Book &book);
    void planEntry(Book &book);
    void planMark(Book &book);
    void planAdjustment(Book &book);
    void planExit(Book &book);
    // Working, maybe PartiallyFilled, then Filled (or Rejected when `mayReject`); returns
    // false on rejection. `avgFill` receives the fill price.
    bool planOrder(Book &book, const QString &orderId, const QList<OptionLeg> &legs, double limit, bool mayReject,
                   double &avgFill);
    void push(Book &book, eventhub::EventKind kind, const QJsonObject &payload);

    // Events outside the stories.
    GeneratedEvent storyEvent();
    GeneratedEvent agentEvent();
    GeneratedEvent errorEvent();
    GeneratedEvent agentEventFor(int bookIndex);

    // Payload helpers shared by the stories and the flood helpers.
    QJsonObject signalPayload(const Book &book, eventhub::EventKind kind, const QString &signalId, bool active);
    QJsonObject positionPayload(const Book &book, const QList<double> &marks);
    QJsonObject legPayload(const Book &book, int legIndex, const QList<double> &marks, bool closed);
    void varsPair(const Book &book, const QString &varsName, QJsonObject &oldValues, QJsonObject &newValues);
    // Plausible texts with numbers drawn from the generator, so they vary but replay.
    QString triggerFor(eventhub::EventKind signalKind);
    QString failureReason(eventhub::EventKind failedKind, const Book &book);

    quint32 m_seed;
    QDate m_tradeDate;
    QRandomGenerator m_rng;
    qint64 m_lastId;
    std::vector<Book> m_books;
    // Agent name to "Online", "Degraded" or "Offline"; a QMap, never a QHash, so that
    // iteration order cannot vary between runs.
    QMap<QString, QString> m_agentStatus;
    QList<ActiveError> m_activeErrors;
};

} // namespace hubsim
