#include "widgets/PlotStyle.h"

#include <QChart>
#include <QChartView>
#include <QXYSeries>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
double g_presentationScale = 1.0;

QFont scaledFont(double points, bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(points * PlotStyle::presentationScale());
    font.setBold(bold);
    return font;
}
}  // namespace

void PlotStyle::setPresentationScale(double scale) { g_presentationScale = std::clamp(scale, 0.5, 4.0); }
double PlotStyle::presentationScale() { return g_presentationScale; }

QFont PlotStyle::titleFont() { return scaledFont(10.5, true); }
QFont PlotStyle::axisTitleFont() { return scaledFont(9.5); }
QFont PlotStyle::labelFont() { return scaledFont(8.5); }

void PlotStyle::styleChart(QChart* chart)
{
    chart->setBackgroundBrush(Qt::white);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setMargins(QMargins(4, 4, 16, 4));
    chart->setTitleFont(titleFont());
    chart->setTitleBrush(palette::black);
    chart->setAnimationOptions(QChart::NoAnimation);
    QLegend* legend = chart->legend();
    legend->setFont(labelFont());
    legend->setAlignment(Qt::AlignTop);
    legend->setMarkerShape(QLegend::MarkerShapeFromSeries);
    legend->setBackgroundVisible(false);
    legend->setLabelColor(palette::black);
}

QChart* PlotStyle::createChart(QChartView* view)
{
    // The view's constructor made a default chart; setChart() releases it without deleting it.
    QChart* previous = view->chart();
    auto* chart = new QChart;
    styleChart(chart);
    view->setChart(chart);
    delete previous;
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    return chart;
}

void PlotStyle::addSeriesWithAxes(QChart* chart, std::initializer_list<QXYSeries*> series, QValueAxis* x,
                                  QValueAxis* y, const QString& xTitle, const QString& yTitle)
{
    for (QXYSeries* s : series)
        chart->addSeries(s);
    styleAxis(x, xTitle);
    styleAxis(y, yTitle);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QXYSeries* s : series) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

void PlotStyle::styleAxis(QValueAxis* axis, const QString& title)
{
    axis->setTitleText(title);
    axis->setTitleFont(axisTitleFont());
    axis->setTitleBrush(palette::black);
    axis->setLabelsFont(labelFont());
    axis->setLabelsColor(palette::black);
    axis->setGridLineColor(palette::grid);
    axis->setMinorGridLineVisible(false);
    QPen line(palette::muted);
    line.setWidthF(1.0);
    axis->setLinePen(line);
    axis->setLabelFormat(QStringLiteral("%.4g"));
}

void PlotStyle::setNiceRange(QValueAxis* axis, double low, double high, int targetTicks)
{
    if (!(high > low) || !std::isfinite(low) || !std::isfinite(high))
        return;
    const double step = niceStep((high - low) / std::max(targetTicks, 1));
    // Each change of range, interval or tick type makes Qt Charts lay the axis out again and measure every label
    // (a QTextDocument per label). A sliding time window changes only the range, so that is all it should touch:
    // the soak counted three layouts per live frame here, about a fifth of all the GUI's allocations.
    if (axis->tickType() == QValueAxis::TicksDynamic && axis->tickAnchor() == 0.0) {
        // Order the two changes so the layout in between never has more ticks than the old or the new one: a
        // larger step goes in before the range grows, a smaller one after the range has shrunk.
        if (step >= axis->tickInterval()) {
            axis->setTickInterval(step);
            axis->setRange(low, high);
        } else {
            axis->setRange(low, high);
            axis->setTickInterval(step);
        }
        return;
    }
    // First time (fixed ticks): dynamic ticks would lay out the new range with the *old* interval first, and a
    // jump from a range of 0.05 to one of 1000 would create 100 000 tick items.
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(low, high);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setTickType(QValueAxis::TicksDynamic);
}

double niceStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1.0;
    const double base = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * base >= raw * (1 - 1e-12))
            return m * base;
    return 10.0 * base;
}

double niceCeiling(double value)
{
    if (!(value > 0) || !std::isfinite(value))
        return 1.0;
    const double exponent = std::floor(std::log10(value));
    const double base = std::pow(10.0, exponent);
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * base >= value * (1 - 1e-12))
            return m * base;
    return 10.0 * base;
}

}  // namespace neuroai::widgets
