#include "widgets/IsiHistogramPlot.h"

#include "engine/analysis/SpikeStats.h"
#include "widgets/PlotStyle.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
constexpr int kTargetBins = 25;
}

IsiHistogramPlot::IsiHistogramPlot(QWidget* parent)
    : PlotView(parent)
{
    QChart* chart = this->chart();
    m_upper = new QLineSeries(chart);
    m_area = new QAreaSeries(m_upper);
    m_area->setParent(chart);
    setAxisTitles(tr("ISI (ms)"), tr("ISIs (n)"));
    addSeries({});  // the axes; the area series is not an XY series and is attached below
    chart->addSeries(m_area);
    m_area->attachAxis(m_x);
    m_area->attachAxis(m_y);
    styleSeries();
    setIntervals({});
}

void IsiHistogramPlot::styleSeries()
{
    QColor fill = palette::skyBlue;
    fill.setAlpha(200);
    m_area->setBrush(fill);
    QPen pen(palette::blue);
    pen.setWidthF(0.6 * PlotStyle::lineWidth());
    m_area->setPen(pen);
}

QString IsiHistogramPlot::summary() const
{
    if (m_isis.empty())
        return tr("no intervals yet");
    // The index and the CV need two intervals: with fewer, "0" would read as a measurement.
    if (m_isis.size() < 2)
        return tr("1 interval");
    // Rounded before printing so a regular train reads "0.00", never "-0.00".
    const auto two = [](double x) { return std::round(x * 100) / 100 + 0.0; };
    return tr("adaptation index %1 · ISI CV %2 · %3 intervals")
        .arg(two(m_adaptation), 0, 'f', 2)
        .arg(two(m_cv), 0, 'f', 2)
        .arg(m_isis.size());
}

void IsiHistogramPlot::setIntervals(const std::vector<double>& isis)
{
    m_isis = isis;
    m_adaptation = neuroai::adaptationIndex(
        std::vector<double>(isis.begin(), isis.begin() + std::ptrdiff_t(std::min<std::size_t>(isis.size(), kAdaptationIntervals))));
    m_cv = coefficientOfVariation(isis);
    const double longest = isis.empty() ? 0.0 : *std::max_element(isis.begin(), isis.end());
    const double upper = niceCeiling(std::max(longest * 1.02, 10.0));
    m_binMs = niceStep(upper / kTargetBins);
    const int bins = std::max(1, int(std::ceil(upper / m_binMs - 1e-9)));
    const IsiHistogram histogram = isiHistogram(isis, m_binMs, bins);

    m_bins.clear();
    QList<QPointF> outline;
    outline.reserve(2 * bins + 2);
    outline.append({0.0, 0.0});
    double top = 0;
    for (int k = 0; k < bins; ++k) {
        const double count = histogram.counts[std::size_t(k)];
        m_bins.append({(k + 0.5) * m_binMs, count});
        outline.append({k * m_binMs, count});
        outline.append({(k + 1) * m_binMs, count});
        top = std::max(top, count);
    }
    outline.append({bins * m_binMs, 0.0});
    m_upper->replace(outline);
    PlotStyle::setNiceRange(m_x, 0, bins * m_binMs, 5);
    PlotStyle::setNiceRange(m_y, 0, top > 0 ? std::max(niceCeiling(top * 1.1), 1.0) : 1.0, 4);
    m_area->setName(summary());
}

}  // namespace neuroai::widgets
