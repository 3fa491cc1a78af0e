#pragma once

#include <QSortFilterProxyModel>

namespace ui {

// Free-text filter and value sorting over any of the monitor's models: matches the
// lower-case SearchTextRole of a row (every payload value, not just visible columns) and
// sorts by UnderlyingDataRole. Several words must all match, in any order.
class EventFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventFilterProxy)

public:
    explicit EventFilterProxy(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    // Only this strategy's rows (StrategyIdRole); -1 = every strategy's.
    void setStrategyFilter(qint64 strategyId);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_words;
    qint64 m_strategyId = -1;
};

} // namespace ui
