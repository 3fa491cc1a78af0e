#include "OptionStructures.h"

#include <algorithm>
#include <cmath>

namespace hubsim {

namespace {

const QString Put = QStringLiteral("Put");
const QString Call = QStringLiteral("Call");
const QString Buy = QStringLiteral("Buy");
const QString Sell = QStringLiteral("Sell");

// A leg relative to the at-the-money strike: `offset` strike steps away, expiring `dte`
// calendar days after the trade date.
struct LegTemplate
{
    bool isPut;
    int offset;
    int dte;
    int quantity;
    bool isBuy;
};

constexpr bool P = true;
constexpr bool C = false;
constexpr bool B = true;
constexpr bool S = false;

// Options do not expire on weekends: a date that falls on one moves back to Friday.
QDate onWeekday(QDate date)
{
    while (date.dayOfWeek() > 5)
        date = date.addDays(-1);
    return date;
}

QList<LegTemplate> templatesFor(StrategyShape shape)
{
    switch (shape) {
    case StrategyShape::IronCondor: return {{P, -12, 0, 1, B}, {P, -8, 0, 1, S}, {C, 8, 0, 1, S}, {C, 12, 0, 1, B}};
    case StrategyShape::PutCreditSpread: return {{P, -30, 45, 1, B}, {P, -20, 45, 1, S}};
    case StrategyShape::BrokenWingButterfly: return {{P, -4, 14, 1, B}, {P, -8, 14, 2, S}, {P, -14, 14, 1, B}};
    case StrategyShape::Calendar: return {{C, 0, 7, 1, S}, {C, 0, 35, 1, B}};
    case StrategyShape::Strangle: return {{P, -10, 7, 1, S}, {C, 10, 7, 1, S}};
    case StrategyShape::JadeLizard: return {{P, -6, 30, 1, S}, {C, 4, 30, 1, S}, {C, 7, 30, 1, B}};
    case StrategyShape::CallDiagonal: return {{C, 5, 7, 1, S}, {C, 2, 45, 1, B}};
    case StrategyShape::IronFly: return {{P, -8, 21, 1, B}, {P, 0, 21, 1, S}, {C, 0, 21, 1, S}, {C, 8, 21, 1, B}};
    case StrategyShape::PutLadder: return {{P, -4, 30, 1, B}, {P, -8, 30, 1, S}, {P, -12, 30, 1, S}};
    case StrategyShape::CallSpread: return {{C, 4, 30, 1, B}, {C, 9, 30, 1, S}};
    }
    return {};
}

} // namespace

UnderlyingSpec underlyingSpec(const QString &underlying)
{
    // Price levels of late 2026 are unknowable; these only need to look like an index.
    if (underlying == QLatin1String("SPX"))
        return {underlying, QStringLiteral("SPXW"), 5900.0, 5.0};
    if (underlying == QLatin1String("RUT"))
        return {underlying, QStringLiteral("RUTW"), 2300.0, 5.0};
    if (underlying == QLatin1String("NDX"))
        return {underlying, QStringLiteral("NDXP"), 20800.0, 25.0};
    if (underlying == QLatin1String("SPY"))
        return {underlying, underlying, 590.0, 1.0};
    if (underlying == QLatin1String("XSP"))
        return {underlying, underlying, 590.0, 1.0};
    if (underlying == QLatin1String("QQQ"))
        return {underlying, underlying, 505.0, 1.0};
    if (underlying == QLatin1String("IWM"))
        return {underlying, underlying, 230.0, 1.0};
    if (underlying == QLatin1String("VIX"))
        return {underlying, underlying, 16.0, 1.0};
    return {underlying, underlying, 100.0, 1.0};
}

QString optionSymbol(const QString &root, const QDate &expiration, const QString &right, double strike)
{
    return root + expiration.toString(QStringLiteral("yyMMdd")) + right.left(1) + QString::number(strike, 'g', 10);
}

QList<OptionLeg> buildLegs(StrategyShape shape, const UnderlyingSpec &spec, double spot, const QDate &tradeDate)
{
    const double atm = std::round(spot / spec.strikeStep) * spec.strikeStep;
    QList<OptionLeg> legs;
    for (const LegTemplate &t : templatesFor(shape)) {
        OptionLeg leg;
        leg.right = t.isPut ? Put : Call;
        leg.strike = atm + t.offset * spec.strikeStep;
        leg.expiration = onWeekday(tradeDate.addDays(t.dte));
        leg.quantity = t.quantity;
        leg.side = t.isBuy ? Buy : Sell;
        leg.symbol = optionSymbol(spec.optionRoot, leg.expiration, leg.right, leg.strike);
        legs.append(leg);
    }
    return legs;
}

double modelLegPrice(const OptionLeg &leg, const UnderlyingSpec &spec, double spot, const QDate &today)
{
    const double distance = std::abs(leg.strike - spot) / (10.0 * spec.strikeStep);
    const double days = std::max<qint64>(0, today.daysTo(leg.expiration)) + 1;
    const double price = 2.5 * spec.strikeStep * std::exp(-distance) * std::sqrt(days / 8.0);
    return std::max(0.05, price);
}

double modelDelta(const OptionLeg &leg, const UnderlyingSpec &spec, double spot)
{
    const double callDelta = 1.0 / (1.0 + std::exp(-(spot - leg.strike) / (4.0 * spec.strikeStep)));
    return leg.right == Put ? callDelta - 1.0 : callDelta;
}

OptionLeg rolledLeg(const OptionLeg &leg, const UnderlyingSpec &spec, int steps)
{
    OptionLeg rolled = leg;
    const double direction = leg.right == Put ? -1.0 : 1.0;
    rolled.strike = leg.strike + direction * steps * spec.strikeStep;
    rolled.symbol = optionSymbol(spec.optionRoot, rolled.expiration, rolled.right, rolled.strike);
    return rolled;
}

} // namespace hubsim
