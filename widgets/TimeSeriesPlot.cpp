#include "widgets/TimeSeriesPlot.h"

#include "widgets/PlotStyle.h"

#include <QAction>
#include <QChart>
#include <QGraphicsObject>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

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
    // A spike at the newest time sits on the plot area's right edge. Qt Charts' scatter item clips its markers to the
    // plot area, which cut that triangle in half; its clipping is switched off (a marker reaches at most half its
    // width past the edge, into the margin). The item is found by class name: Qt Charts does not expose it.
    for (QGraphicsItem* item : chart->childItems())
        if (const QGraphicsObject* object = item->toGraphicsObject();
            object && QByteArray(object->metaObject()->className()).endsWith("ScatterChartItem"))
            item->setFlag(QGraphicsItem::ItemClipsChildrenToShape, false);
    PlotStyle::setNiceRange(m_x, 0, 500);
    PlotStyle::setNiceRange(m_y, -90, -40, 5);
    m_threshold->setVisible(false);

    m_resetView = new QAction(tr("Reset view (double-click)"), this);
    m_resetView->setToolTip(tr("Back to the live time window, which follows the simulation"));
    m_resetView->setEnabled(false);
    connect(m_resetView, &QAction::triggered, this, &TimeSeriesPlot::resetView);
    addAction(m_resetView);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void TimeSeriesPlot::showTimeRange(double low, double high)
{
    PlotStyle::setNiceRange(m_x, low, high, 6);  // the exact range, with a tick step that suits it
    placeSpikes();
    placeThreshold();
}

void TimeSeriesPlot::setView(double low, double high, bool notify)
{
    if (!(high > low) || !std::isfinite(low) || !std::isfinite(high))
        return;
    // Not narrower than a thousandth of the live window (nor 1 µs): below that the axis labels repeat.
    const double minimum = std::max(1e-3, 1e-3 * (m_live.second - m_live.first));
    if (high - low < minimum) {
        const double centre = 0.5 * (low + high);
        low = centre - 0.5 * minimum;
        high = centre + 0.5 * minimum;
    }
    m_view = std::pair{low, high};
    m_resetView->setEnabled(true);
    showTimeRange(low, high);
    if (notify)
        emit timeViewChanged(low, high, true);
}

void TimeSeriesPlot::zoomTime(double factor, double centreMs)
{
    if (!(factor > 0))
        return;
    const double low = m_x->min(), high = m_x->max();
    setView(centreMs + (low - centreMs) * factor, centreMs + (high - centreMs) * factor, true);
}

void TimeSeriesPlot::panTime(double deltaMs) { setView(m_x->min() + deltaMs, m_x->max() + deltaMs, true); }

void TimeSeriesPlot::setTimeView(double lowMs, double highMs) { setView(lowMs, highMs, false); }

void TimeSeriesPlot::resetView()
{
    const bool was = m_view.has_value();
    m_view.reset();
    m_resetView->setEnabled(false);
    showTimeRange(m_live.first, m_live.second);
    if (was)
        emit timeViewChanged(m_x->min(), m_x->max(), false);
}

void TimeSeriesPlot::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    const QRectF area = chart()->plotArea();
    const QPointF at = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    if (steps == 0 || !area.contains(at)) {
        PlotView::wheelEvent(event);
        return;
    }
    const double t = chart()->mapToValue(at, m_trace).x();
    zoomTime(std::pow(0.8, steps), t);  // one notch forward shows 80 % of the span
    event->accept();
}

void TimeSeriesPlot::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton &&
        chart()->plotArea().contains(chart()->mapFromScene(mapToScene(event->position().toPoint())))) {
        m_dragFrom = event->position();
        m_dragRange = {m_x->min(), m_x->max()};
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    PlotView::mousePressEvent(event);
}

void TimeSeriesPlot::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragFrom && chart()->plotArea().width() > 0) {
        const double msPerPixel = (m_dragRange.second - m_dragRange.first) / chart()->plotArea().width();
        const double shift = -(event->position().x() - m_dragFrom->x()) * msPerPixel;
        if (shift != 0)
            setView(m_dragRange.first + shift, m_dragRange.second + shift, true);
        event->accept();
        return;
    }
    PlotView::mouseMoveEvent(event);
}

void TimeSeriesPlot::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragFrom) {
        m_dragFrom.reset();
        unsetCursor();
        event->accept();
        return;
    }
    PlotView::mouseReleaseEvent(event);
}

void TimeSeriesPlot::mouseDoubleClickEvent(QMouseEvent* event)
{
    resetView();
    event->accept();
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
    if (m_second) {
        QPen secondPen(palette::vermillion);
        secondPen.setWidthF(PlotStyle::lineWidth());
        m_second->setPen(secondPen);
    }
}

void TimeSeriesPlot::setTraceName(const QString& name) { m_trace->setName(name); }

void TimeSeriesPlot::setSecondChannel(int channel, const QString& name)
{
    m_secondChannel = channel;
    if (channel >= 0 && !m_second) {
        m_second = new QLineSeries(chart());
        chart()->addSeries(m_second);  // onto the axes the plot already has
        m_second->attachAxis(m_x);
        m_second->attachAxis(m_y);
        styleSeries();
    }
    if (m_second) {
        m_second->setName(name);
        m_second->setVisible(channel >= 0);
    }
}

void TimeSeriesPlot::setSpikeMarkersShown(bool shown)
{
    m_spikeMarkers = shown;
    m_spikes->setVisible(shown);
    if (!shown) {
        m_spikeTimes.clear();
        placeSpikes();
    }
}

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
    // The axis the engine decimated for: the sliding window, or early in a run [0, t rounded up to a tenth].
    const auto [start, end] = liveTimeView(frame.timeMs, frame.timeMs - frame.windowStartMs);
    m_live = {start, end};
    if (!m_view && (m_x->min() != start || m_x->max() != end))
        PlotStyle::setNiceRange(m_x, start, end, 6);
    if (start != m_windowStart) {
        m_windowStart = start;
        placePins();
    }
    const auto pointsOf = [&frame](int c) {
        QList<QPointF> points;
        if (c >= 0 && c < int(frame.traces.size())) {
            const auto& source = frame.traces[std::size_t(c)].points;
            points.reserve(qsizetype(source.size()));
            for (const PlotPoint& p : source)
                points.append({p.x, p.y});
        }
        return points;
    };
    m_trace->replace(pointsOf(channel));
    if (m_second)
        m_second->replace(pointsOf(m_secondChannel));
    m_spikeTimes.clear();
    if (!m_spikeMarkers) {
        placeSpikes();
        placeThreshold();
        return;
    }
    // Spike markers are decimated to the pixel grid like the trace: at most one per pixel column (they all sit on
    // one row). A strongly driven cell fires thousands of spikes per simulated ms; one scatter point per spike
    // would make every repaint O(spikes) on the GUI thread.
    const double x0 = m_x->min(), x1 = m_x->max();
    const int columns = plotColumns();
    const double columnsPerMs = x1 > x0 ? double(columns) / (x1 - x0) : 0.0;
    std::vector<bool> taken(std::size_t(columns) + 1, false);
    // Markers that touch merge into a solid band at high rates: a marker is kept only a marker's width (plus a
    // gap) after the previous one, so each stays a distinct triangle; the count is in the readouts, not here.
    const double spacing = std::max(1.0, 1.3 * m_spikes->markerSize());
    double lastKept = -1e300;
    const bool allNeurons = frame.traces.size() == 1;
    for (std::size_t i = 0; i < frame.spikeTimes.size(); ++i) {
        if (!allNeurons && i < frame.spikeNeurons.size() && frame.spikeNeurons[i] != channel)
            continue;
        const double t = frame.spikeTimes[i];
        if (!(t >= x0 && t <= x1))
            continue;
        const double px = (t - x0) * columnsPerMs;
        const auto column = std::size_t(std::min(double(columns), px));
        if (taken[column] || std::abs(px - lastKept) < spacing)
            continue;
        taken[column] = true;
        lastKept = px;
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
