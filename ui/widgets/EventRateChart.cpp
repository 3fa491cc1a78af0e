#include "EventRateChart.h"

#include "models/EventRateMeter.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QLineSeries>
#include <QValueAxis>

namespace ui {

namespace {

struct CategoryStyle
{
    const char *name;
    QColor color;
};

// In EventCategory order: Signal, Execution, Agent, Error, Preparation, VarsAutomation, Other.
const std::array<CategoryStyle, EventRateMeter::CategoryCount> &categoryStyles()
{
    static const std::array<CategoryStyle, EventRateMeter::CategoryCount> styles = {{
        {"Signals", QColor(0x15, 0x65, 0xc0)},
        {"Execution", QColor(0x4c, 0xa3, 0x6b)},
        {"Agents", QColor(0x8e, 0x6c, 0xc0)},
        {"Errors", QColor(0xd0, 0x3b, 0x3b)},
        {"Preparation", QColor(0xe6, 0x9b, 0x22)},
        {"Vars", QColor(0x1b, 0xa3, 0xb0)},
        {"Other", QColor(0x90, 0x90, 0x90)},
    }};
    return styles;
}

} // namespace

EventRateChart::EventRateChart(const EventRateMeter &meter, QWidget *parent)
    : QChartView(parent)
    , m_meter(meter)
    , m_axisX(new QValueAxis)
    , m_axisY(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignRight);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    m_axisX->setRange(-EventRateMeter::WindowSeconds, 0);
    m_axisX->setTickCount(7);
    m_axisX->setLabelFormat(QStringLiteral("%d s"));
    m_axisX->setLabelsFont(small);
    m_axisY->setRange(0, 5);
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setLabelsFont(small);
    m_axisY->setTitleText(tr("ev/s"));
    m_axisY->setTitleFont(small);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);

    // Stacked areas: each category's area lies on the previous category's upper line.
    QLineSeries *lower = nullptr;
    for (const CategoryStyle &style : categoryStyles()) {
        auto *upper = new QLineSeries(chart);
        auto *area = new QAreaSeries(upper, lower);
        area->setName(tr(style.name));
        QColor fill = style.color;
        fill.setAlpha(190);
        area->setBrush(fill);
        area->setPen(QPen(style.color.darker(120), 1));
        chart->addSeries(area);
        area->attachAxis(m_axisX);
        area->attachAxis(m_axisY);
        m_upper.append(upper);
        lower = upper;
    }
    // setChart() releases the default chart QChartView made without deleting it (as Qt's
    // documentation warns): delete it here (found by LeakSanitizer).
    QChart *const defaultChart = this->chart();
    setChart(chart);
    delete defaultChart;
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &EventRateChart::refresh);
    m_tick.start();
    refresh();
}

void EventRateChart::refresh()
{
    const QList<EventRateMeter::Counts> window = m_meter.window(QDateTime::currentMSecsSinceEpoch());
    QList<QList<QPointF>> points(m_upper.size());
    int peak = 0;
    for (qsizetype second = 0; second < window.size(); ++second) {
        const qreal x = second - window.size() + 1;
        int stacked = 0;
        for (qsizetype category = 0; category < m_upper.size(); ++category) {
            stacked += window.at(second)[std::size_t(category)];
            points[category].append(QPointF(x, stacked));
        }
        peak = qMax(peak, stacked);
    }
    for (qsizetype category = 0; category < m_upper.size(); ++category)
        m_upper[category]->replace(points.at(category));
    // Round the scale up to a readable step, never below 5 ev/s.
    int top = 5;
    while (top < peak)
        top = top < 20 ? top + 5 : top * 2;
    m_axisY->setRange(0, top);
}

} // namespace ui
