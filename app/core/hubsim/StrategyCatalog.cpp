#include "StrategyCatalog.h"

#include <QSet>

namespace hubsim {

namespace {

const QString OtherUser = QStringLiteral("other-desk");

} // namespace

QString StrategyCatalog::defaultUser()
{
    return QStringLiteral("sim-user");
}

StrategyCatalog::StrategyCatalog()
{
    const QString user = defaultUser();
    // Agents are shared the way a real desk would run them: one machine per market hours
    // profile, so an agent going offline affects several strategies at once.
    const QString agentA = QStringLiteral("agent-nyc-01");
    const QString agentB = QStringLiteral("agent-nyc-02");
    const QString agentC = QStringLiteral("agent-chi-01");

    add({101, QStringLiteral("SPX 0DTE Iron Condor"), agentA, QStringLiteral("SPX"), StrategyShape::IronCondor, user});
    add({102, QStringLiteral("SPX Put Credit Spread 45DTE"), agentA, QStringLiteral("SPX"), StrategyShape::PutCreditSpread,
         user});
    add({103, QStringLiteral("RUT Broken Wing Butterfly"), agentB, QStringLiteral("RUT"), StrategyShape::BrokenWingButterfly,
         user});
    add({104, QStringLiteral("NDX Calendar"), agentB, QStringLiteral("NDX"), StrategyShape::Calendar, user});
    add({105, QStringLiteral("SPY Strangle Weekly"), agentC, QStringLiteral("SPY"), StrategyShape::Strangle, user});
    add({106, QStringLiteral("XSP Jade Lizard"), agentA, QStringLiteral("XSP"), StrategyShape::JadeLizard, user});
    add({107, QStringLiteral("QQQ Call Diagonal"), agentC, QStringLiteral("QQQ"), StrategyShape::CallDiagonal, user});
    add({108, QStringLiteral("IWM Δ-neutral Iron Fly"), agentB, QStringLiteral("IWM"), StrategyShape::IronFly, user});
    add({109, QStringLiteral("SPX Short Put Ladder"), agentA, QStringLiteral("SPX"), StrategyShape::PutLadder, user});
    add({110, QStringLiteral("VIX Call Spread Hedge"), agentC, QStringLiteral("VIX"), StrategyShape::CallSpread, user});

    // Someone else's strategies: they exist, so a subscribe to them is a permission
    // failure, not an unknown id. Their events are never generated for the user.
    for (qint64 id = 900; id <= 999; ++id) {
        add({id, QStringLiteral("Restricted Strategy %1").arg(id), QStringLiteral("agent-other-01"), QStringLiteral("SPX"),
             StrategyShape::IronCondor, OtherUser});
    }
}

void StrategyCatalog::add(const Strategy &strategy)
{
    m_strategies.insert(strategy.id, strategy);
}

bool StrategyCatalog::exists(qint64 id) const
{
    return m_strategies.contains(id);
}

bool StrategyCatalog::isAccessible(qint64 id) const
{
    return isAccessibleBy(id, defaultUser());
}

bool StrategyCatalog::isAccessibleBy(qint64 id, const QString &user) const
{
    const auto it = m_strategies.constFind(id);
    return it != m_strategies.constEnd() && it->owner == user;
}

const Strategy *StrategyCatalog::find(qint64 id) const
{
    const auto it = m_strategies.constFind(id);
    return it == m_strategies.constEnd() ? nullptr : &*it;
}

QList<Strategy> StrategyCatalog::accessibleStrategies() const
{
    QList<Strategy> result;
    for (const Strategy &strategy : m_strategies) {
        if (strategy.owner == defaultUser())
            result.append(strategy);
    }
    return result;
}

QList<qint64> StrategyCatalog::accessibleIds() const
{
    QList<qint64> result;
    for (const Strategy &strategy : accessibleStrategies())
        result.append(strategy.id);
    return result;
}

void StrategyCatalog::partition(const QList<qint64> &ids, QList<qint64> &successful, QList<qint64> &failed) const
{
    successful.clear();
    failed.clear();
    QSet<qint64> seen;
    for (qint64 id : ids) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        (isAccessible(id) ? successful : failed).append(id);
    }
}

} // namespace hubsim
