#pragma once

#include <QList>
#include <QMap>
#include <QString>

namespace hubsim {

// The option structure a strategy trades; the generator builds its legs from it.
enum class StrategyShape {
    IronCondor,
    PutCreditSpread,
    BrokenWingButterfly,
    Calendar,
    Strangle,
    JadeLizard,
    CallDiagonal,
    IronFly,
    PutLadder,
    CallSpread,
};

struct Strategy
{
    qint64 id = 0;
    QString name;
    // The automation agent that runs the strategy; several strategies may share one.
    QString agentName;
    QString underlying;
    StrategyShape shape = StrategyShape::IronCondor;
    // The user who may see the strategy's events and subscribe to it.
    QString owner;
};

// The strategies the simulator knows. The simulated user owns ten; the ids 900..999 exist
// but belong to someone else, so that SubscribeToStrategies can answer with
// FailedStrategies for ids that are real but forbidden as well as for ids that do not exist.
class StrategyCatalog
{
public:
    // The user the simulator serves unless told otherwise.
    static QString defaultUser();

    // The built-in catalog: 101..110 owned by defaultUser(), 900..999 by another user.
    StrategyCatalog();

    bool exists(qint64 id) const;
    // Whether defaultUser() may access the strategy.
    bool isAccessible(qint64 id) const;
    bool isAccessibleBy(qint64 id, const QString &user) const;

    // nullptr when the id does not exist.
    const Strategy *find(qint64 id) const;

    // The strategies defaultUser() may access, by ascending id.
    QList<Strategy> accessibleStrategies() const;
    QList<qint64> accessibleIds() const;

    // The SubscribeToStrategies split: ids the user may access go to `successful`, all
    // others (forbidden or unknown) to `failed`; order kept, duplicates dropped.
    void partition(const QList<qint64> &ids, QList<qint64> &successful, QList<qint64> &failed) const;

private:
    void add(const Strategy &strategy);

    // Ordered by id so that every listing is deterministic.
    QMap<qint64, Strategy> m_strategies;
};

} // namespace hubsim
