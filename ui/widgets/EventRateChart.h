#pragma once

#include <QChartView>
#include <QTimer>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace ui {

class EventRateMeter;

// Events per second over the last minute, stacked by category (signals, execution,
// agents, errors, preparation, vars, other), redrawn once a second.
class EventRateChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventRateChart)

public:
    explicit EventRateChart(const EventRateMeter &meter, QWidget *parent = nullptr);

    QSize sizeHint() const override { return {320, 190}; }

private:
    void refresh();

    const EventRateMeter &m_meter;
    QList<QLineSeries *> m_upper;
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    QTimer m_tick;
};

} // namespace ui
