#pragma once

#include "StrategyCatalog.h"

#include <QDate>
#include <QList>
#include <QString>

namespace hubsim {

// How an underlying's options are quoted, enough to make symbols and strikes look real.
struct UnderlyingSpec
{
    QString underlying;
    // The option root in symbols (SPX options trade as the weekly root SPXW).
    QString optionRoot;
    // A typical price level; the generator walks around it.
    double referencePrice = 100.0;
    double strikeStep = 1.0;
};

// One option leg of a structure. `quantity` is the ratio per structure unit, always > 0;
// `side` says whether it is bought or sold.
struct OptionLeg
{
    QString symbol;
    QString right; // "Put" or "Call"
    double strike = 0.0;
    QDate expiration;
    int quantity = 1;
    QString side; // "Buy" or "Sell"
};

UnderlyingSpec underlyingSpec(const QString &underlying);

// A compact OCC-like symbol: root, yyMMdd, P/C, strike ("SPXW261125P5800").
QString optionSymbol(const QString &root, const QDate &expiration, const QString &right, double strike);

// The legs of `shape` placed around `spot` for a trade opened on `tradeDate`. Strikes sit
// on the underlying's strike grid; expirations skip weekends.
QList<OptionLeg> buildLegs(StrategyShape shape, const UnderlyingSpec &spec, double spot, const QDate &tradeDate);

// A leg's model price: enough structure (distance from the money, time to expiry) that
// net prices and P&L move plausibly with the underlying; not a pricing model.
double modelLegPrice(const OptionLeg &leg, const UnderlyingSpec &spec, double spot, const QDate &today);

// A leg's model delta per contract (calls 0..1, puts -1..0).
double modelDelta(const OptionLeg &leg, const UnderlyingSpec &spec, double spot);

// The same leg rolled `steps` strikes further out (away from the money), as an adjustment
// would.
OptionLeg rolledLeg(const OptionLeg &leg, const UnderlyingSpec &spec, int steps);

} // namespace hubsim
