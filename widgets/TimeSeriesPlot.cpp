#include "widgets/TimeSeriesPlot.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace neuroai::widgets {

TimeSeriesPlot::TimeSeriesPlot(QWidget* parent)
    : PlotView(parent)
{
    QChart* chart = this->chart();
    m_trace = new QLineSeries(chart);
    m_trace->setName(tr("membrane potential"));
    m_threshold = new QLineSeries(chart);
    m_threshold->setName(tr("threshold"));
    m_spikes = new QScatterSeries(chart);
    m_spikes->setName(tr("spike"));
    m_spikes->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_spikes->setColor(palette::vermillion);
    m_spikes->setBorderColor(palette::vermillion);
    styleSeries();

    setAxisTitles(tr("Time t (ms)"), tr("Value"));
    addSeries({m_threshold, m_trace, m_spikes});
    excludeFromPins(m_threshold);
    excludeFromPins(m_spikes);
    PlotStyle::setNiceRange(m_x, 0, 500);
    PlotStyle::setNiceRange(m_y, -90, -40, 5);
    m_threshold->setVisible(false);
}

void TimeSeriesPlot::styleSeries()
{
    QPen tracePen(palette::blue);
    tracePen.setWidthF(PlotStyle::lineWidth());
    m_trace->setPen(tracePen);
    QPen thresholdPen(palette::muted);
    thresholdPen.setStyle(Qt::DashLine);
    thresholdPen.setWidthF(0.65 * PlotStyle::lineWidth());
    m_threshold->setPen(thresholdPen);
    m_spikes->setMarkerSize(9.0 * PlotStyle::presentationScale());
}

void TimeSeriesPlot::setTraceName(const QString& name) { m_trace->setName(name); }

void TimeSeriesPlot::setYRange(double low, double high)
{
    if (!(high > low))
        return;
    PlotStyle::setNiceRange(m_y, low, high, 5);
    placeSpikes();
}

void TimeSeriesPlot::setThreshold(std::optional<double> value, const QString& label)
{
    m_thresholdValue = value;
    if (!label.isEmpty())
        m_threshold->setName(label);
    m_threshold->setVisible(value.has_value());
    placeThreshold();
}

void TimeSeriesPlot::placeThreshold()
{
    if (m_thresholdValue)
        m_threshold->replace(QList<QPointF>{{m_x->min(), *m_thresholdValue}, {m_x->max(), *m_thresholdValue}});
}

void TimeSeriesPlot::placeSpikes()
{
    // Markers sit just below the top edge so they never hide the trace.
    const double y = m_y->max() - 0.06 * (m_y->max() - m_y->min());
    QList<QPointF> points;
    points.reserve(qsizetype(m_spikeTimes.size()));
    for (const double t : m_spikeTimes)
        if (t >= m_x->min() && t <= m_x->max())
            points.append({t, y});
    m_spikes->replace(points);
}

void TimeSeriesPlot::showFrame(const Frame& frame, int channel)
{
    const double window = frame.timeMs - frame.windowStartMs;
    const double start = std::max(0.0, frame.windowStartMs);
    if (m_x->min() != start || m_x->max() != start + window)
        PlotStyle::setNiceRange(m_x, start, start + window, 6);
    if (start != m_windowStart) {
        m_windowStart = start;
        placePins();
    }
    QList<QPointF> points;
    if (channel >= 0 && channel < int(frame.traces.size())) {
        const auto& source = frame.traces[std::size_t(channel)].points;
        points.reserve(qsizetype(source.size()));
        for (const PlotPoint& p : source)
            points.append({p.x, p.y});
    }
    m_trace->replace(points);
    // Spike markers are decimated to the pixel grid like the trace: at most one per pixel column (they all sit on
    // one row). A strongly driven cell fires thousands of spikes per simulated ms; one scatter point per spike
    // would make every repaint O(spikes) on the GUI thread.
    m_spikeTimes.clear();
    const double x0 = m_x->min(), x1 = m_x->max();
    const int columns = plotColumns();
    const double columnsPerMs = x1 > x0 ? double(columns) / (x1 - x0) : 0.0;
    std::vector<bool> taken(std::size_t(columns) + 1, false);
    const bool allNeurons = frame.traces.size() == 1;
    for (std::size_t i = 0; i < frame.spikeTimes.size(); ++i) {
        if (!allNeurons && i < frame.spikeNeurons.size() && frame.spikeNeurons[i] != channel)
            continue;
        const double t = frame.spikeTimes[i];
        if (!(t >= x0 && t <= x1))
            continue;
        const auto column = std::size_t(std::min(double(columns), (t - x0) * columnsPerMs));
        if (taken[column])
            continue;
        taken[column] = true;
        m_spikeTimes.push_back(t);
    }
    placeSpikes();
    placeThreshold();
}

void TimeSeriesPlot::clear()
{
    m_trace->clear();
    m_spikes->clear();
    m_spikeTimes.clear();
}

int TimeSeriesPlot::plotColumns() const
{
    const int width = int(chart()->plotArea().width());
    return std::max(width > 0 ? width : viewport()->width(), 16);
}

void TimeSeriesPlot::resizeEvent(QResizeEvent* event)
{
    PlotView::resizeEvent(event);
    const int columns = plotColumns();
    if (columns != m_lastColumns) {
        m_lastColumns = columns;
        emit plotColumnsChanged(columns);
    }
}

}  // namespace neuroai::widgets
