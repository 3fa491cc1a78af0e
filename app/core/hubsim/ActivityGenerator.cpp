#include "ActivityGenerator.h"

#include "EventPayloads.h"

#include <algorithm>
#include <cmath>

// Determinism note: every random draw goes through m_rng in a fixed order. Two draws are
// never arguments of the same call or operands of the same operator (their order would be
// unspecified in C++); they are taken into locals first.

namespace hubsim {

using eventhub::EventKind;

namespace {

const QString Online = QStringLiteral("Online");
const QString Degraded = QStringLiteral("Degraded");
const QString Offline = QStringLiteral("Offline");

// US equity and index options: 100 shares per contract, quoted in 0.05 ticks here.
constexpr double Multiplier = 100.0;
constexpr double Tick = 0.05;

// Shortest JSON for a price: 1.45, not 1.4500000000000002.
double round2(double value)
{
    return std::round(value * 100.0) / 100.0;
}

double toTick(double value)
{
    return round2(std::max(Tick, std::round(value / Tick) * Tick));
}

QDate normalizedTradeDate(QDate date)
{
    if (!date.isValid())
        date = ActivityGenerator::defaultTradeDate();
    while (date.dayOfWeek() > 5)
        date = date.addDays(1);
    return date;
}

// Closing a position trades every leg the other way.
QList<OptionLeg> closingLegs(const QList<OptionLeg> &legs)
{
    QList<OptionLeg> closing = legs;
    for (OptionLeg &leg : closing)
        leg.side = leg.side == QLatin1String("Buy") ? QStringLiteral("Sell") : QStringLiteral("Buy");
    return closing;
}

struct ErrorTemplate
{
    const char *severity;
    const char *code;
    // %1 is the strategy's underlying.
    const char *message;
    // A persistent error stays active until a later Error event resolves it.
    bool persistent;
};

const ErrorTemplate ErrorTemplates[] = {
    {"Warning", "QUOTE_STALE", "No %1 quote for 30 s; using the last mark", true},
    {"Warning", "SLIPPAGE_HIGH", "%1 fill slipped 0.15 from the limit", false},
    {"Warning", "ORDER_REPRICED", "%1 order re-priced after 60 s unfilled", false},
    {"Error", "BROKER_DISCONNECTED", "Broker session for %1 lost; reconnecting", true},
    {"Error", "ORDER_TIMEOUT", "%1 order not acknowledged within 10 s", false},
    {"Error", "CHAIN_INCOMPLETE", "%1 option chain incomplete; strikes missing", true},
    {"Critical", "MARGIN_EXCEEDED", "Maintenance margin exceeded while trading %1", true},
    {"Critical", "DAILY_LOSS_LIMIT", "Daily loss limit reached on %1; new entries blocked", true},
};
constexpr int ErrorTemplateCount = int(sizeof(ErrorTemplates) / sizeof(ErrorTemplates[0]));

const QList<QString> VarsNames = {
    QStringLiteral("DeltaTargets"),
    QStringLiteral("ProfitTarget"),
    QStringLiteral("StopLoss"),
    QStringLiteral("WingWidth"),
};

const QList<QString> AdjustmentActions = {
    QStringLiteral("RollUntested"),
    QStringLiteral("RollTested"),
    QStringLiteral("ReduceSize"),
};

// At most this many errors stay active at once: a sim whose error list only grows is not
// a plausible desk.
constexpr int MaxActiveErrors = 6;

} // namespace

QDate ActivityGenerator::defaultTradeDate()
{
    return QDate(2026, 11, 25);
}

ActivityGenerator::ActivityGenerator(const StrategyCatalog &catalog, quint32 seed)
    : ActivityGenerator(catalog, Options{seed, QDate(), 0})
{}

ActivityGenerator::ActivityGenerator(const StrategyCatalog &catalog, const Options &options)
    : m_seed(options.seed)
    , m_tradeDate(normalizedTradeDate(options.tradeDate))
    , m_rng(options.seed)
    , m_lastId(options.idBase)
{
    for (const Strategy &strategy : catalog.accessibleStrategies()) {
        Book book;
        book.strategy = strategy;
        book.spec = underlyingSpec(strategy.underlying);
        book.spot = round2(book.spec.referencePrice * uniform(0.98, 1.02));
        m_books.push_back(std::move(book));
        m_agentStatus.insert(strategy.agentName, Online);
    }
    // The built-in catalog always has accessible strategies; the stories need one.
    Q_ASSERT(!m_books.empty());
}

// ---- Randomness --------------------------------------------------------------------------

double ActivityGenerator::uniform(double low, double high)
{
    return low + (high - low) * m_rng.generateDouble();
}

int ActivityGenerator::between(int low, int high)
{
    return low + int(m_rng.bounded(quint32(high - low + 1)));
}

bool ActivityGenerator::chance(double probability)
{
    return m_rng.generateDouble() < probability;
}

QString ActivityGenerator::newId(const char *prefix)
{
    return QStringLiteral("%1-%2").arg(QLatin1String(prefix)).arg(++m_lastId);
}

// ---- Market model ------------------------------------------------------------------------

QList<double> ActivityGenerator::legMarks(const Book &book) const
{
    QList<double> marks;
    for (const OptionLeg &leg : book.legs)
        marks.append(modelLegPrice(leg, book.spec, book.spot, m_tradeDate));
    return marks;
}

double ActivityGenerator::netPrice(const Book &book, const QList<double> &marks, bool *credit) const
{
    double net = 0.0;
    for (int i = 0; i < book.legs.size(); ++i) {
        const double sign = book.legs.at(i).side == QLatin1String("Sell") ? 1.0 : -1.0;
        net += sign * book.legs.at(i).quantity * marks.value(i);
    }
    if (credit)
        *credit = net >= 0.0;
    return toTick(std::abs(net));
}

double ActivityGenerator::unrealizedPnl(const Book &book, double mark) const
{
    const double perUnit = book.credit ? book.openPrice - mark : mark - book.openPrice;
    return round2(perUnit * book.units * Multiplier);
}

void ActivityGenerator::moveMarket(Book &book)
{
    book.spot = round2(book.spot * (1.0 + uniform(-0.004, 0.004)));
}

// ---- Stories -----------------------------------------------------------------------------

void ActivityGenerator::push(Book &book, EventKind kind, const QJsonObject &payload)
{
    book.pending.push_back(GeneratedEvent{kind, payload});
}

void ActivityGenerator::planChapter(Book &book)
{
    if (!book.open) {
        planEntry(book);
        return;
    }
    if (book.marksLeft > 0) {
        --book.marksLeft;
        if (book.adjustmentsLeft > 0 && chance(0.3)) {
            --book.adjustmentsLeft;
            planAdjustment(book);
        } else {
            planMark(book);
        }
        return;
    }
    planExit(book);
}

void ActivityGenerator::planEntry(Book &book)
{
    const Strategy &strategy = book.strategy;
    moveMarket(book);
    book.legs = buildLegs(strategy.shape, book.spec, book.spot, m_tradeDate);
    book.units = between(1, 5);

    const QString signalId = newId("SIG");
    push(book, EventKind::EntrySignal, signalPayload(book, EventKind::EntrySignal, signalId, true));

    payloads::PreparationFields prep;
    prep.jobId = newId("JOB");
    prep.signalId = signalId;
    if (chance(0.15)) {
        prep.reason = failureReason(EventKind::PositionEntryPreparationFailed, book);
        push(book, EventKind::PositionEntryPreparationFailed, payloads::preparationFailed(strategy, prep));
        push(book, EventKind::EntrySignal, signalPayload(book, EventKind::EntrySignal, signalId, false));
        return;
    }

    const QList<double> marks = legMarks(book);
    bool credit = true;
    prep.limitPrice = netPrice(book, marks, &credit);
    prep.legs = book.legs;
    prep.orderId = newId("ORD");
    prep.quantity = book.units;
    push(book, EventKind::PositionEntryPreparationCompleted, payloads::preparationCompleted(strategy, prep));

    double fill = 0.0;
    if (!planOrder(book, prep.orderId, book.legs, prep.limitPrice, true, fill)) {
        payloads::ErrorFields rejected;
        rejected.errorId = newId("ERR");
        rejected.severity = QStringLiteral("Warning");
        rejected.code = QStringLiteral("ORDER_REJECTED");
        rejected.message = QStringLiteral("Order %1 rejected by the broker: limit outside the market").arg(prep.orderId);
        rejected.isActive = false;
        push(book, EventKind::Error, payloads::error(strategy, rejected));
        push(book, EventKind::EntrySignal, signalPayload(book, EventKind::EntrySignal, signalId, false));
        return;
    }

    book.open = true;
    book.positionId = newId("POS");
    book.credit = credit;
    book.openPrice = fill;
    book.legOpenPrices = marks;
    book.realizedPnl = 0.0;
    push(book, EventKind::PositionUpdate, positionPayload(book, marks));
    for (int i = 0; i < book.legs.size(); ++i)
        push(book, EventKind::LegUpdate, legPayload(book, i, marks, false));
    push(book, EventKind::EntrySignal, signalPayload(book, EventKind::EntrySignal, signalId, false));
    book.marksLeft = between(3, 8);
    book.adjustmentsLeft = between(0, 2);
}

bool ActivityGenerator::planOrder(Book &book, const QString &orderId, const QList<OptionLeg> &legs, double limit, bool mayReject,
                                  double &avgFill)
{
    payloads::OrderFields order;
    order.orderId = orderId;
    order.legs = legs;
    order.quantity = book.units;
    order.limitPrice = limit;
    order.status = QStringLiteral("Working");
    push(book, EventKind::OrderUpdate, payloads::orderUpdate(book.strategy, order));

    if (mayReject && chance(0.04)) {
        order.status = QStringLiteral("Rejected");
        push(book, EventKind::OrderUpdate, payloads::orderUpdate(book.strategy, order));
        return false;
    }

    // Now and then the fill comes a tick better than the limit.
    avgFill = chance(0.3) ? toTick(limit + Tick) : limit;
    order.avgFillPrice = avgFill;
    if (book.units > 1 && chance(0.5)) {
        order.status = QStringLiteral("PartiallyFilled");
        order.filledQuantity = between(1, book.units - 1);
        push(book, EventKind::OrderUpdate, payloads::orderUpdate(book.strategy, order));
    }
    order.status = QStringLiteral("Filled");
    order.filledQuantity = book.units;
    push(book, EventKind::OrderUpdate, payloads::orderUpdate(book.strategy, order));
    return true;
}

void ActivityGenerator::planMark(Book &book)
{
    moveMarket(book);
    const QList<double> marks = legMarks(book);
    push(book, EventKind::PositionUpdate, positionPayload(book, marks));
    if (chance(0.5)) {
        const int legIndex = between(0, int(book.legs.size()) - 1);
        push(book, EventKind::LegUpdate, legPayload(book, legIndex, marks, false));
    }
}

void ActivityGenerator::planAdjustment(Book &book)
{
    const Strategy &strategy = book.strategy;
    moveMarket(book);
    const QString signalId = newId("SIG");
    push(book, EventKind::AdjustmentSignal, signalPayload(book, EventKind::AdjustmentSignal, signalId, true));

    payloads::PreparationFields prep;
    prep.jobId = newId("JOB");
    prep.signalId = signalId;
    prep.positionId = book.positionId;
    prep.varsName = pick(VarsNames);
    if (chance(0.2)) {
        prep.reason = failureReason(EventKind::PositionAdjustmentPreparationFailed, book);
        push(book, EventKind::PositionAdjustmentPreparationFailed, payloads::preparationFailed(strategy, prep));
        push(book, EventKind::AdjustmentSignal, signalPayload(book, EventKind::AdjustmentSignal, signalId, false));
        return;
    }

    // The adjustment rolls the first short leg two strikes further out.
    int legIndex = 0;
    for (int i = 0; i < book.legs.size(); ++i) {
        if (book.legs.at(i).side == QLatin1String("Sell")) {
            legIndex = i;
            break;
        }
    }
    const OptionLeg oldLeg = book.legs.at(legIndex);
    const OptionLeg newLeg = rolledLeg(oldLeg, book.spec, 2);
    const QList<OptionLeg> rollLegs = {closingLegs({oldLeg}).constFirst(), newLeg};
    const double oldMark = modelLegPrice(oldLeg, book.spec, book.spot, m_tradeDate);
    const double newMark = modelLegPrice(newLeg, book.spec, book.spot, m_tradeDate);
    prep.legs = rollLegs;
    prep.orderId = newId("ORD");
    prep.limitPrice = toTick(std::abs(oldMark - newMark));
    prep.quantity = book.units;
    push(book, EventKind::PositionAdjustmentPreparationCompleted, payloads::preparationCompleted(strategy, prep));

    payloads::VarsFields vars;
    vars.jobId = newId("JOB");
    vars.signalId = signalId;
    vars.positionId = book.positionId;
    vars.varsName = prep.varsName;
    QJsonObject newValues;
    varsPair(book, vars.varsName, vars.oldValues, newValues);
    push(book, EventKind::AutoUpdateVarsAdjustmentStarted, payloads::varsAdjustment(strategy, vars));
    if (chance(0.2)) {
        vars.reason = failureReason(EventKind::AutoUpdateVarsAdjustmentFailed, book);
        vars.durationMs = between(200, 30000);
        push(book, EventKind::AutoUpdateVarsAdjustmentFailed, payloads::varsAdjustment(strategy, vars));
        push(book, EventKind::AdjustmentSignal, signalPayload(book, EventKind::AdjustmentSignal, signalId, false));
        return;
    }
    vars.newValues = newValues;
    vars.durationMs = between(150, 4000);
    push(book, EventKind::AutoUpdateVarsAdjustmentCompleted, payloads::varsAdjustment(strategy, vars));

    double fill = 0.0;
    planOrder(book, prep.orderId, rollLegs, prep.limitPrice, false, fill);
    const QList<double> before = legMarks(book);
    push(book, EventKind::LegUpdate, legPayload(book, legIndex, before, true));
    book.legs[legIndex] = newLeg;
    book.legOpenPrices[legIndex] = newMark;
    const QList<double> after = legMarks(book);
    push(book, EventKind::LegUpdate, legPayload(book, legIndex, after, false));
    push(book, EventKind::AdjustmentSignal, signalPayload(book, EventKind::AdjustmentSignal, signalId, false));
}

void ActivityGenerator::planExit(Book &book)
{
    const Strategy &strategy = book.strategy;
    moveMarket(book);
    const QString signalId = newId("SIG");
    push(book, EventKind::ExitSignal, signalPayload(book, EventKind::ExitSignal, signalId, true));

    // A failed exit preparation is retried: a position must not be left open because of
    // one bad quote.
    for (int attempt = 0; attempt < 2 && chance(0.15); ++attempt) {
        payloads::PreparationFields failed;
        failed.jobId = newId("JOB");
        failed.signalId = signalId;
        failed.positionId = book.positionId;
        failed.reason = failureReason(EventKind::PositionExitPreparationFailed, book);
        push(book, EventKind::PositionExitPreparationFailed, payloads::preparationFailed(strategy, failed));
    }

    const QList<double> marks = legMarks(book);
    payloads::PreparationFields prep;
    prep.jobId = newId("JOB");
    prep.signalId = signalId;
    prep.positionId = book.positionId;
    prep.legs = closingLegs(book.legs);
    prep.orderId = newId("ORD");
    prep.limitPrice = netPrice(book, marks);
    prep.quantity = book.units;
    push(book, EventKind::PositionExitPreparationCompleted, payloads::preparationCompleted(strategy, prep));

    double fill = 0.0;
    planOrder(book, prep.orderId, prep.legs, prep.limitPrice, false, fill);
    book.realizedPnl += unrealizedPnl(book, fill);

    payloads::PositionFields closed;
    closed.positionId = book.positionId;
    closed.status = QStringLiteral("Closed");
    closed.quantity = 0;
    closed.avgOpenPrice = book.openPrice;
    closed.markPrice = fill;
    closed.realizedPnl = round2(book.realizedPnl);
    push(book, EventKind::PositionUpdate, payloads::positionUpdate(strategy, closed));
    for (int i = 0; i < book.legs.size(); ++i)
        push(book, EventKind::LegUpdate, legPayload(book, i, marks, true));
    push(book, EventKind::ExitSignal, signalPayload(book, EventKind::ExitSignal, signalId, false));
    book.open = false;
}

// ---- Events outside the stories ----------------------------------------------------------

GeneratedEvent ActivityGenerator::next()
{
    const double roll = m_rng.generateDouble();
    if (roll < 0.02)
        return agentEvent();
    if (roll < 0.045)
        return errorEvent();
    return storyEvent();
}

GeneratedEvent ActivityGenerator::storyEvent()
{
    QList<int> candidates;
    for (int i = 0; i < int(m_books.size()); ++i) {
        if (m_agentStatus.value(m_books[i].strategy.agentName) != Offline)
            candidates.append(i);
    }
    // Every agent offline: the next thing that happens is one coming back.
    if (candidates.isEmpty())
        return agentEventFor(between(0, int(m_books.size()) - 1));

    Book &book = m_books[pick(candidates)];
    if (book.pending.empty())
        planChapter(book);
    GeneratedEvent event = std::move(book.pending.front());
    book.pending.pop_front();
    return event;
}

GeneratedEvent ActivityGenerator::agentEvent()
{
    return agentEventFor(between(0, int(m_books.size()) - 1));
}

GeneratedEvent ActivityGenerator::agentEventFor(int bookIndex)
{
    const Strategy &strategy = m_books[bookIndex].strategy;
    const QString previous = m_agentStatus.value(strategy.agentName, Online);
    payloads::AgentFields fields;
    fields.previousStatus = previous;
    if (previous == Online)
        fields.status = chance(0.6) ? Degraded : Offline;
    else if (previous == Degraded)
        fields.status = chance(0.7) ? Online : Offline;
    else
        fields.status = Online;

    if (fields.status == Online) {
        fields.message = chance(0.5) ? QStringLiteral("Heartbeat restored") : QStringLiteral("Agent connected (v3.14.2)");
    } else if (fields.status == Degraded) {
        const double latency = uniform(2.0, 9.0);
        fields.message = QStringLiteral("Heartbeat latency %1 s").arg(latency, 0, 'f', 1);
    } else {
        const int seconds = between(30, 120);
        fields.message = QStringLiteral("Heartbeat missed for %1 s").arg(seconds);
    }
    m_agentStatus.insert(strategy.agentName, fields.status);
    return {EventKind::AgentStatusChange, payloads::agentStatusChange(strategy, fields)};
}

GeneratedEvent ActivityGenerator::errorEvent()
{
    if (!m_activeErrors.isEmpty() && (m_activeErrors.size() >= MaxActiveErrors || chance(0.45))) {
        const ActiveError active = m_activeErrors.takeAt(between(0, int(m_activeErrors.size()) - 1));
        payloads::ErrorFields resolved;
        resolved.errorId = active.errorId;
        resolved.severity = active.severity;
        resolved.code = active.code;
        resolved.message = QStringLiteral("Resolved: %1").arg(active.message);
        resolved.isActive = false;
        return {EventKind::Error, payloads::error(m_books[active.bookIndex].strategy, resolved)};
    }

    const int bookIndex = between(0, int(m_books.size()) - 1);
    const ErrorTemplate &t = ErrorTemplates[between(0, ErrorTemplateCount - 1)];
    const Strategy &strategy = m_books[bookIndex].strategy;
    payloads::ErrorFields fields;
    fields.errorId = newId("ERR");
    fields.severity = QString::fromLatin1(t.severity);
    fields.code = QString::fromLatin1(t.code);
    fields.message = QString::fromLatin1(t.message).arg(strategy.underlying);
    fields.isActive = t.persistent;
    if (t.persistent)
        m_activeErrors.append({bookIndex, fields.errorId, fields.severity, fields.code, fields.message});
    return {EventKind::Error, payloads::error(strategy, fields)};
}

// ---- Flood helpers -----------------------------------------------------------------------

GeneratedEvent ActivityGenerator::nextOrderUpdate()
{
    return nextOfKind(EventKind::OrderUpdate);
}

QList<KindWeight> ActivityGenerator::defaultFloodMix()
{
    return {{EventKind::OrderUpdate, 60}, {EventKind::PositionUpdate, 20}, {EventKind::LegUpdate, 20}};
}

GeneratedEvent ActivityGenerator::nextFromMix(const QList<KindWeight> &mix)
{
    int total = 0;
    for (const KindWeight &entry : mix)
        total += std::max(0, entry.weight);
    if (total == 0)
        return nextFromMix(defaultFloodMix());
    int roll = between(0, total - 1);
    for (const KindWeight &entry : mix) {
        roll -= std::max(0, entry.weight);
        if (roll < 0)
            return nextOfKind(entry.kind);
    }
    return nextOfKind(mix.constLast().kind);
}

GeneratedEvent ActivityGenerator::nextOfKind(EventKind kind)
{
    // A scratch book: a fresh position on a random strategy, so that the story books are
    // left exactly as they were.
    const Book &source = m_books[between(0, int(m_books.size()) - 1)];
    Book book;
    book.strategy = source.strategy;
    book.spec = source.spec;
    book.spot = source.spot;
    book.legs = buildLegs(book.strategy.shape, book.spec, book.spot, m_tradeDate);
    book.units = between(1, 5);
    book.positionId = newId("POS");
    book.open = true;
    const QList<double> marks = legMarks(book);
    book.legOpenPrices = marks;
    const double drift = uniform(-0.2, 0.2);
    book.openPrice = toTick(netPrice(book, marks, &book.credit) * (1.0 + drift));
    const Strategy &strategy = book.strategy;

    switch (kind) {
    case EventKind::EntrySignal:
    case EventKind::ExitSignal:
    case EventKind::AdjustmentSignal: {
        const QString signalId = newId("SIG");
        const bool active = chance(0.5);
        return {kind, signalPayload(book, kind, signalId, active)};
    }
    case EventKind::OrderUpdate: {
        payloads::OrderFields order;
        order.orderId = newId("ORD");
        order.legs = book.legs;
        order.quantity = book.units;
        order.limitPrice = netPrice(book, marks);
        const int stage = between(0, 2);
        if (stage == 0) {
            order.status = QStringLiteral("Working");
        } else if (stage == 1 && book.units > 1) {
            order.status = QStringLiteral("PartiallyFilled");
            order.filledQuantity = between(1, book.units - 1);
            order.avgFillPrice = order.limitPrice;
        } else {
            order.status = QStringLiteral("Filled");
            order.filledQuantity = book.units;
            order.avgFillPrice = order.limitPrice;
        }
        return {kind, payloads::orderUpdate(strategy, order)};
    }
    case EventKind::PositionUpdate: return {kind, positionPayload(book, marks)};
    case EventKind::LegUpdate: {
        const int legIndex = between(0, int(book.legs.size()) - 1);
        return {kind, legPayload(book, legIndex, marks, false)};
    }
    case EventKind::AgentStatusChange: {
        // Standalone: a random transition that leaves the story agents' state alone.
        static const QList<QString> statuses = {Online, Degraded, Offline};
        payloads::AgentFields fields;
        fields.previousStatus = pick(statuses);
        fields.status = statuses.at((statuses.indexOf(fields.previousStatus) + between(1, 2)) % 3);
        fields.message = QStringLiteral("Agent is %1").arg(fields.status.toLower());
        return {kind, payloads::agentStatusChange(strategy, fields)};
    }
    case EventKind::Error: {
        // Never active: a flood must not pile up errors that nothing resolves.
        const ErrorTemplate &t = ErrorTemplates[between(0, ErrorTemplateCount - 1)];
        payloads::ErrorFields fields;
        fields.errorId = newId("ERR");
        fields.severity = QString::fromLatin1(t.severity);
        fields.code = QString::fromLatin1(t.code);
        fields.message = QString::fromLatin1(t.message).arg(strategy.underlying);
        fields.isActive = false;
        return {kind, payloads::error(strategy, fields)};
    }
    case EventKind::PositionEntryPreparationCompleted:
    case EventKind::PositionExitPreparationCompleted:
    case EventKind::PositionAdjustmentPreparationCompleted: {
        payloads::PreparationFields prep;
        prep.jobId = newId("JOB");
        prep.signalId = newId("SIG");
        if (kind != EventKind::PositionEntryPreparationCompleted)
            prep.positionId = book.positionId;
        prep.legs = kind == EventKind::PositionExitPreparationCompleted ? closingLegs(book.legs) : book.legs;
        prep.orderId = newId("ORD");
        prep.limitPrice = netPrice(book, marks);
        prep.quantity = book.units;
        if (kind == EventKind::PositionAdjustmentPreparationCompleted)
            prep.varsName = pick(VarsNames);
        return {kind, payloads::preparationCompleted(strategy, prep)};
    }
    case EventKind::PositionEntryPreparationFailed:
    case EventKind::PositionExitPreparationFailed:
    case EventKind::PositionAdjustmentPreparationFailed: {
        payloads::PreparationFields prep;
        prep.jobId = newId("JOB");
        prep.signalId = newId("SIG");
        if (kind != EventKind::PositionEntryPreparationFailed)
            prep.positionId = book.positionId;
        prep.reason = failureReason(kind, book);
        return {kind, payloads::preparationFailed(strategy, prep)};
    }
    case EventKind::AutoUpdateVarsAdjustmentStarted:
    case EventKind::AutoUpdateVarsAdjustmentCompleted:
    case EventKind::AutoUpdateVarsAdjustmentFailed: {
        payloads::VarsFields vars;
        vars.jobId = newId("JOB");
        vars.signalId = newId("SIG");
        vars.positionId = book.positionId;
        vars.varsName = pick(VarsNames);
        QJsonObject newValues;
        varsPair(book, vars.varsName, vars.oldValues, newValues);
        if (kind == EventKind::AutoUpdateVarsAdjustmentCompleted) {
            vars.newValues = newValues;
            vars.durationMs = between(150, 4000);
        } else if (kind == EventKind::AutoUpdateVarsAdjustmentFailed) {
            vars.reason = failureReason(kind, book);
            vars.durationMs = between(200, 30000);
        }
        return {kind, payloads::varsAdjustment(strategy, vars)};
    }
    case EventKind::Unknown: break;
    }
    return {};
}

// ---- Payload helpers ---------------------------------------------------------------------

QJsonObject ActivityGenerator::signalPayload(const Book &book, EventKind kind, const QString &signalId, bool active)
{
    payloads::SignalFields fields;
    fields.signalId = signalId;
    fields.isActive = active;
    fields.underlying = book.strategy.underlying;
    fields.underlyingPrice = book.spot;
    if (kind != EventKind::EntrySignal)
        fields.positionId = book.positionId;
    // The clearing event only says the signal is over; the trigger was told when it fired.
    if (active) {
        fields.trigger = triggerFor(kind);
        if (kind == EventKind::AdjustmentSignal)
            fields.action = pick(AdjustmentActions);
    }
    return payloads::signal(book.strategy, fields);
}

QJsonObject ActivityGenerator::positionPayload(const Book &book, const QList<double> &marks)
{
    payloads::PositionFields fields;
    fields.positionId = book.positionId;
    fields.status = QStringLiteral("Open");
    fields.quantity = book.units;
    fields.avgOpenPrice = book.openPrice;
    fields.markPrice = netPrice(book, marks);
    fields.unrealizedPnl = unrealizedPnl(book, fields.markPrice);
    fields.realizedPnl = round2(book.realizedPnl);
    return payloads::positionUpdate(book.strategy, fields);
}

QJsonObject ActivityGenerator::legPayload(const Book &book, int legIndex, const QList<double> &marks, bool closed)
{
    payloads::LegFields fields;
    fields.positionId = book.positionId;
    fields.leg = book.legs.at(legIndex);
    fields.quantity = closed ? 0 : fields.leg.quantity * book.units;
    fields.markPrice = toTick(marks.value(legIndex));
    fields.avgPrice = toTick(book.legOpenPrices.value(legIndex, fields.markPrice));
    fields.delta = std::round(modelDelta(fields.leg, book.spec, book.spot) * 1000.0) / 1000.0;
    return payloads::legUpdate(book.strategy, fields);
}

void ActivityGenerator::varsPair(const Book &book, const QString &varsName, QJsonObject &oldValues, QJsonObject &newValues)
{
    if (varsName == QLatin1String("DeltaTargets")) {
        const double putDelta = round2(uniform(0.10, 0.20));
        const double callDelta = round2(uniform(0.10, 0.20));
        oldValues = {{QStringLiteral("ShortPutDelta"), putDelta}, {QStringLiteral("ShortCallDelta"), callDelta}};
        newValues = {{QStringLiteral("ShortPutDelta"), round2(putDelta - 0.03)},
                     {QStringLiteral("ShortCallDelta"), round2(callDelta - 0.03)}};
    } else if (varsName == QLatin1String("ProfitTarget")) {
        const int target = 50 + 10 * between(0, 2);
        oldValues = {{QStringLiteral("ProfitTargetPct"), target}};
        newValues = {{QStringLiteral("ProfitTargetPct"), target - 15}};
    } else if (varsName == QLatin1String("StopLoss")) {
        const int stop = 150 + 50 * between(0, 3);
        oldValues = {{QStringLiteral("StopLossPct"), stop}};
        newValues = {{QStringLiteral("StopLossPct"), stop - 50}};
    } else {
        const int steps = between(6, 12);
        oldValues = {{QStringLiteral("WingWidth"), steps * book.spec.strikeStep}};
        newValues = {{QStringLiteral("WingWidth"), (steps + 2) * book.spec.strikeStep}};
    }
}

QString ActivityGenerator::triggerFor(EventKind signalKind)
{
    switch (signalKind) {
    case EventKind::EntrySignal: {
        const int variant = between(0, 2);
        if (variant == 0) {
            const int hour = between(10, 14);
            const int minute = between(0, 5) * 10;
            return QStringLiteral("Scheduled entry %1:%2 ET").arg(hour).arg(minute, 2, 10, QLatin1Char('0'));
        }
        if (variant == 1)
            return QStringLiteral("IV rank %1 above 30").arg(between(31, 80));
        return QStringLiteral("VIX %1 inside the entry band").arg(uniform(13.0, 22.0), 0, 'f', 1);
    }
    case EventKind::AdjustmentSignal: {
        const int variant = between(0, 1);
        if (variant == 0)
            return QStringLiteral("Short strike delta %1 above 0.30").arg(uniform(0.31, 0.45), 0, 'f', 2);
        return QStringLiteral("Underlying within %1% of the short strike").arg(uniform(0.2, 1.0), 0, 'f', 1);
    }
    case EventKind::ExitSignal: {
        const int variant = between(0, 3);
        if (variant == 0)
            return QStringLiteral("Profit target %1% reached").arg(50 + 10 * between(0, 2));
        if (variant == 1)
            return QStringLiteral("Stop loss %1% hit").arg(150 + 50 * between(0, 2));
        if (variant == 2)
            return QStringLiteral("Time exit 15:45 ET");
        return QStringLiteral("Days to expiration below %1").arg(between(1, 21));
    }
    default: return QString();
    }
}

QString ActivityGenerator::failureReason(EventKind failedKind, const Book &book)
{
    const QString symbol = book.legs.isEmpty() ? book.strategy.underlying : book.legs.constFirst().symbol;
    const int variant = between(0, 2);
    switch (failedKind) {
    case EventKind::PositionEntryPreparationFailed:
        if (variant == 0) {
            const int needed = between(8, 30) * 500;
            const int available = between(2, 15) * 500;
            return QStringLiteral("Insufficient buying power: needs $%1, has $%2").arg(needed).arg(available);
        }
        if (variant == 1)
            return QStringLiteral("No quote for %1").arg(symbol);
        return QStringLiteral("Bid/ask spread %1 wider than the 0.20 maximum").arg(uniform(0.25, 0.9), 0, 'f', 2);
    case EventKind::PositionExitPreparationFailed:
        if (variant == 0)
            return QStringLiteral("Position locked by a pending order");
        if (variant == 1)
            return QStringLiteral("Stale quote for %1").arg(symbol);
        return QStringLiteral("Broker rejected the closing order preview");
    case EventKind::PositionAdjustmentPreparationFailed:
        if (variant == 0)
            return QStringLiteral("Roll credit %1 below the 0.25 minimum").arg(uniform(0.0, 0.2), 0, 'f', 2);
        if (variant == 1)
            return QStringLiteral("No strike with delta at or below 0.20 on %1").arg(book.strategy.underlying);
        return QStringLiteral("Adjustment limit reached for this position");
    case EventKind::AutoUpdateVarsAdjustmentFailed:
        if (variant == 0)
            return QStringLiteral("Validation failed: value outside the allowed range");
        if (variant == 1)
            return QStringLiteral("Vars locked by a running job");
        return QStringLiteral("Agent did not acknowledge within 30 s");
    default: return QStringLiteral("Unknown failure");
    }
}

} // namespace hubsim
