#pragma once

#include "eventhub/Event.h"
#include "hubsim/SyntheticHistory.h"
#include "store/EventStore.h"

#include <QDateTime>
#include <QObject>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <memory>

// The fixture of tests over a local store: events of the simulator's stories (every kind,
// ten strategies, 500 ms apart, the first a day ago) in a store in a temporary folder, and
// the events themselves, to count what a query should find. m_history makes more.
class SyntheticStoreFixture : public QObject
{
protected:
    // `count` events in one append, one transaction. False, with `error`, when the store
    // cannot be opened or written.
    bool fillStore(int count, QString &error)
    {
        m_path = m_directory.filePath(QStringLiteral("events.sqlite"));
        m_store = std::make_unique<store::EventStore>();
        if (!m_store->open(m_path, error))
            return false;
        m_history = std::make_unique<hubsim::SyntheticHistory>(QDateTime::currentMSecsSinceEpoch() - 86400000LL, 500);
        m_events = m_history->next(count);
        m_store->append(m_events, m_history->lastSeqId(), 0);
        if (!m_store->flush()) {
            error = QStringLiteral("the events were not written");
            return false;
        }
        return true;
    }

    qint64 expectedCount(const std::function<bool(const eventhub::Event &)> &matches) const
    {
        return std::count_if(m_events.begin(), m_events.end(), matches);
    }

    QTemporaryDir m_directory;
    QString m_path;
    std::unique_ptr<store::EventStore> m_store;
    QList<eventhub::Event> m_events;
    std::unique_ptr<hubsim::SyntheticHistory> m_history;
};
