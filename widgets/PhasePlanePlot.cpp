#include "widgets/PhasePlanePlot.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainterPath>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

QString axisTitleWithUnit(const QString& label, const QString& unit)
{
    return QStringLiteral("%1 (%2)").arg(label, unit.isEmpty() ? QStringLiteral("dimensionless") : unit);
}

PhasePlanePlot::PhasePlanePlot(QWidget* parent)
    : PlotView(parent)
{
    QChart* chart = this->chart();
    m_xNullcline = new QLineSeries(chart);
    m_xNullcline->setName(tr("x-nullcline"));
    m_yNullcline = new QLineSeries(chart);
    m_yNullcline->setName(tr("y-nullcline"));
    m_cutoff = new QLineSeries(chart);
    m_cutoff->setName(tr("cut-off"));
    m_reset = new QLineSeries(chart);
    m_reset->setName(tr("reset"));
    m_trajectory = new QLineSeries(chart);
    m_trajectory->setName(tr("trajectory"));
    m_stable = new QScatterSeries(chart);
    m_stable->setName(tr("stable"));
    m_stable->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_unstable = new QScatterSeries(chart);
    m_unstable->setName(tr("unstable"));
    m_unstable->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_saddle = new QScatterSeries(chart);
    m_saddle->setName(tr("saddle"));
    m_saddle->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_state = new QScatterSeries(chart);
    m_state->setName(tr("now"));
    m_state->setMarkerShape(QScatterSeries::MarkerShapeCircle);

    m_cutoffLabel = new QGraphicsSimpleTextItem(tr("cut-off"), chart);
    m_resetLabel = new QGraphicsSimpleTextItem(tr("reset"), chart);
    for (QGraphicsSimpleTextItem* label : {m_cutoffLabel, m_resetLabel})
        label->setZValue(4.5);  // above the series: the lines they name run through them
    m_field = new QGraphicsPathItem(chart);
    m_field->setZValue(2.5);  // above the grid, below axes and series (Qt Charts stacks them at 2, 3, 4)
    styleSeries();

    setAxisTitles(tr("x (unit)"), tr("y (unit)"));
    addSeries({m_cutoff, m_reset, m_trajectory, m_xNullcline, m_yNullcline, m_stable, m_unstable, m_saddle, m_state});
    for (int i = 1; i < kMaxSegments; ++i) {
        auto* segment = new QLineSeries(chart);
        segment->setPen(m_trajectory->pen());
        chart->addSeries(segment);
        segment->attachAxis(m_x);
        segment->attachAxis(m_y);
        m_extraSegments.append(segment);
    }

    for (QScatterSeries* points : {m_stable, m_unstable, m_saddle}) {
        connect(points, &QScatterSeries::hovered, this, [this](const QPointF& point, bool state) {
            if (!state) {
                QToolTip::hideText();
                return;
            }
            const PhasePlaneFixedPoint* nearest = nullptr;
            double best = 1e300;
            for (const PhasePlaneFixedPoint& fp : m_data.fixedPoints) {
                const double dist = std::hypot((fp.position.x() - point.x()) / (m_data.xMax - m_data.xMin),
                                               (fp.position.y() - point.y()) / (m_data.yMax - m_data.yMin));
                if (dist < best) {
                    best = dist;
                    nearest = &fp;
                }
            }
            if (nearest)
                QToolTip::showText(QCursor::pos(), tr("%1 at (%2, %3)")
                                                       .arg(nearest->kind)
                                                       .arg(nearest->position.x(), 0, 'g', 4)
                                                       .arg(nearest->position.y(), 0, 'g', 4));
        });
    }
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        if (!this->chart()->legend()->isAttachedToChart())
            placeLegend();  // places the field too: it keeps clear of the legend
        else
            placeField();
    });
    connect(m_x, &QValueAxis::rangeChanged, this, [this] { placeField(); });
    connect(m_y, &QValueAxis::rangeChanged, this, [this] { placeField(); });
    updateLegend();
}

void PhasePlanePlot::resizeEvent(QResizeEvent* event)
{
    PlotView::resizeEvent(event);
    placeLegend();
}

void PhasePlanePlot::placeLegend()
{
    // Qt Charts drops legend texts that do not fit in one row. Wide plots keep the row above the plot; narrow ones
    // get the legend as a column inside the plot's lower right corner (on a translucent white card), where a
    // neuron's phase plane is usually empty: depolarised, with little recovery / adaptation.
    QLegend* legend = chart()->legend();
    // Only very small plots (narrower than at 1280×800, where the card fits the lower right corner) go without a
    // legend, which would hide the dynamics there: the tooltip names the curves instead.
    const bool tiny = width() < 260;
    legend->setVisible(!tiny);
    if (tiny) {
        placeField();
        return;
    }
    const bool narrow = width() < 600;
    if (!narrow) {
        if (!legend->isAttachedToChart()) {
            legend->attachToChart();
            legend->setBackgroundVisible(false);
            legend->setAlignment(Qt::AlignTop);
        }
        placeField();
        return;
    }
    if (legend->isAttachedToChart()) {
        legend->detachFromChart();
        legend->setAlignment(Qt::AlignRight);  // a detached legend lays out by its alignment: one column
        legend->setBackgroundVisible(true);
        legend->setBrush(QColor(255, 255, 255, 225));
        legend->setPen(QPen(palette::grid));
    }
    // The size from the visible entries (a detached legend's own size hint lags behind marker changes).
    const QFontMetricsF metrics(legend->font());
    int rows = 0;
    double text = 0;
    for (QLegendMarker* marker : legend->markers())
        if (marker->isVisible()) {
            ++rows;
            text = std::max(text, metrics.horizontalAdvance(marker->label()));
        }
    const QRectF area = chart()->plotArea();
    const double w = std::min(text + 4.0 * metrics.height() + 20, 0.8 * area.width());  // marker, spacing, margins
    const double h = std::min(rows * (metrics.height() + 10) + 14, area.height());
    const bool left = m_legendCorner == Qt::TopLeftCorner || m_legendCorner == Qt::BottomLeftCorner;
    const bool top = m_legendCorner == Qt::TopLeftCorner || m_legendCorner == Qt::TopRightCorner;
    legend->setGeometry(QRectF(left ? area.left() + 2 : area.right() - w - 2, top ? area.top() + 2 : area.bottom() - h - 2,
                               w, h));
    legend->update();
    placeField();
}

void PhasePlanePlot::styleSeries()
{
    const double w = PlotStyle::lineWidth();
    m_xNullcline->setPen(PlotStyle::pen(palette::vermillion, 1.25));
    m_yNullcline->setPen(PlotStyle::pen(palette::bluishGreen, 1.25, Qt::DashLine));
    m_cutoff->setPen(PlotStyle::pen(palette::muted, 0.65, Qt::DashLine));
    m_reset->setPen(PlotStyle::pen(palette::muted, 0.65, Qt::DotLine));
    m_trajectory->setPen(PlotStyle::pen(palette::blue, 0.8));
    for (QLineSeries* segment : m_extraSegments)
        segment->setPen(m_trajectory->pen());

    const double marker = 11.0 * PlotStyle::presentationScale();
    m_stable->setColor(palette::black);
    m_stable->setBorderColor(palette::black);
    m_stable->setMarkerSize(marker);
    m_unstable->setColor(Qt::white);
    m_unstable->setBorderColor(palette::black);
    m_unstable->setMarkerSize(marker);
    QPen unstablePen(palette::black);
    unstablePen.setWidthF(1.6 * PlotStyle::presentationScale());
    m_unstable->setPen(unstablePen);
    m_saddle->setColor(palette::reddishPurple);
    m_saddle->setBorderColor(palette::black);
    m_saddle->setMarkerSize(0.9 * marker);
    m_state->setColor(palette::orange);
    m_state->setBorderColor(palette::black);
    m_state->setMarkerSize(10.0 * PlotStyle::presentationScale());

    QPen fieldPen(QColor(160, 160, 160));
    fieldPen.setWidthF(std::max(1.0, 0.6 * w));
    fieldPen.setCapStyle(Qt::RoundCap);
    m_field->setPen(fieldPen);
    placeField();
}

void PhasePlanePlot::setData(const PhasePlaneData& content)
{
    m_data = content;
    const PhasePlaneData& d = m_data;
    m_x->setTitleText(d.xTitle);
    m_y->setTitleText(d.yTitle);
    PlotStyle::setNiceRange(m_x, d.xMin, d.xMax, 6);
    PlotStyle::setNiceRange(m_y, d.yMin, d.yMax, 5);
    m_xNullcline->setName(d.xNullclineName);
    m_yNullcline->setName(d.yNullclineName);
    m_xNullcline->replace(d.xNullcline);
    m_yNullcline->replace(d.yNullcline);
    QList<QPointF> stable, unstable, saddle;
    for (const PhasePlaneFixedPoint& fp : d.fixedPoints)
        (fp.isSaddle() ? saddle : fp.stable ? stable : unstable).append(fp.position);
    m_stable->replace(stable);
    m_unstable->replace(unstable);
    m_saddle->replace(saddle);
    // The vertical lines reach a band beyond the range so they cross the whole plot.
    const double band = d.yMax - d.yMin;
    const auto vertical = [&](QLineSeries* s, std::optional<double> x) {
        if (x)
            s->replace(QList<QPointF>{{*x, d.yMin - band}, {*x, d.yMax + band}});
        else
            s->clear();
    };
    vertical(m_cutoff, d.spikeCutoff);
    vertical(m_reset, d.resetX);
    showSegments();  // the cut-off and reset decide where the trajectory breaks
    updateLegend();
    placeField();
}

QList<QList<QPointF>> PhasePlanePlot::splitAtResets(const QList<QPointF>& points, std::optional<double> cutoff,
                                                    std::optional<double> reset)
{
    // A reset moves x down to the reset value in one step; nothing else in these models does. The sample before it
    // may lie anywhere on the upstroke (the trajectory is decimated), so the test is "a large fall that lands near
    // the reset", not "a fall from the cut-off".
    const bool resets = cutoff && reset && std::isfinite(*cutoff) && std::isfinite(*reset) && *cutoff > *reset;
    const double span = resets ? *cutoff - *reset : 0;
    QList<QList<QPointF>> segments;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const bool jump = resets && i > 0 && points[i - 1].x() - points[i].x() > 0.2 * span &&
                          points[i].x() <= *reset + 0.2 * span;
        if (segments.isEmpty() || jump)
            segments.append(QList<QPointF>{});
        segments.last().append(points[i]);
    }
    return segments;
}

QList<QList<QPointF>> PhasePlanePlot::trajectorySegments() const
{
    QList<QList<QPointF>> segments;
    if (m_trajectory->count() > 0)
        segments.append(m_trajectory->points());
    for (QLineSeries* s : m_extraSegments)
        if (s->count() > 0)
            segments.append(s->points());
    return segments;
}

void PhasePlanePlot::setTrajectory(const QList<QPointF>& points)
{
    m_points = points;
    showSegments();
    if (points.isEmpty())
        m_state->clear();
    else
        m_state->replace(QList<QPointF>{points.last()});
    updateLegend();
}

void PhasePlanePlot::showSegments()
{
    QList<QList<QPointF>> segments = splitAtResets(m_points, m_data.spikeCutoff, m_data.resetX);
    // A fixed pool of series, made with the plot (series added later disturb the legend): the most recent
    // segments are drawn, older ones beyond the pool are left out (trajectory() keeps every point).
    if (segments.size() > m_extraSegments.size() + 1)
        segments = segments.mid(segments.size() - m_extraSegments.size() - 1);
    // The sample taken at the spike may already carry the reset's jump in y (AdEx adds b to w at the spike): that
    // jump belongs to the reset, which is not drawn, so a segment ends at the cut-off with the y it arrived with.
    if (m_data.spikeCutoff)
        for (QList<QPointF>& segment : segments)
            if (segment.size() >= 2 && segment.last().x() >= *m_data.spikeCutoff)
                segment.last().setY(segment[segment.size() - 2].y());
    m_trajectory->replace(segments.isEmpty() ? QList<QPointF>{} : segments.first());
    for (qsizetype i = 0; i < m_extraSegments.size(); ++i) {
        QLineSeries* s = m_extraSegments[i];
        if (i + 1 < segments.size())
            s->replace(segments[i + 1]);
        else if (s->count() > 0)
            s->clear();
    }
}

void PhasePlanePlot::clearTrajectory() { setTrajectory({}); }

void PhasePlanePlot::setTrajectoryName(const QString& name) { m_trajectory->setName(name); }

void PhasePlanePlot::setLegendCorner(Qt::Corner corner)
{
    m_legendCorner = corner;
    placeLegend();
}

void PhasePlanePlot::updateLegend()
{
    // Only what is drawn gets a legend entry: an "unstable fixed point" entry with no such point would mislead.
    for (QXYSeries* s : {static_cast<QXYSeries*>(m_xNullcline), static_cast<QXYSeries*>(m_yNullcline),
                         static_cast<QXYSeries*>(m_cutoff), static_cast<QXYSeries*>(m_reset),
                         static_cast<QXYSeries*>(m_trajectory), static_cast<QXYSeries*>(m_stable),
                         static_cast<QXYSeries*>(m_unstable), static_cast<QXYSeries*>(m_saddle),
                         static_cast<QXYSeries*>(m_state)}) {
        const bool shown = s->count() > 0;
        s->setVisible(shown);
        // Cut-off and reset are labelled on the plot, next to their lines, to keep the legend short.
        const bool inLegend = shown && s != m_cutoff && s != m_reset;
        for (QLegendMarker* marker : chart()->legend()->markers(s))
            marker->setVisible(inLegend);
    }
    for (QLineSeries* segment : m_extraSegments) {
        segment->setVisible(segment->count() > 0);
        for (QLegendMarker* marker : chart()->legend()->markers(segment))
            marker->setVisible(false);  // one legend entry ("trajectory") for all segments
    }
    if (!chart()->legend()->isAttachedToChart())
        placeLegend();
}

QList<QRectF> PhasePlanePlot::fieldExclusions() const
{
    QList<QRectF> areas;
    for (QGraphicsSimpleTextItem* label : {m_cutoffLabel, m_resetLabel})
        if (label->isVisible())
            areas.append(label->mapRectToParent(label->boundingRect()).adjusted(-3, -2, 3, 2));
    QLegend* legend = chart()->legend();
    if (!legend->isAttachedToChart() && legend->isVisible())
        areas.append(legend->geometry().adjusted(-3, -3, 3, 3));
    return areas;
}

void PhasePlanePlot::placeField()
{
    if (!m_field)
        return;
    const QRectF area = chart()->plotArea();

    // The names of the two vertical lines, at the top of the plot, just right of each line.
    const auto placeLabel = [&](QGraphicsSimpleTextItem* label, std::optional<double> x, bool leftOfLine) {
        label->setFont(PlotStyle::labelFont());
        label->setBrush(palette::muted);
        if (!x || !(area.width() > 0)) {
            label->setVisible(false);
            return;
        }
        const QPointF at = chart()->mapToPosition(QPointF(*x, m_y->max()), m_xNullcline);
        const double w = label->boundingRect().width();
        const double left = leftOfLine ? at.x() - w - 3 : at.x() + 3;
        label->setVisible(at.x() >= area.left() && at.x() <= area.right() && left >= area.left() - 1 &&
                          left + w <= area.right() + 1);
        label->setPos(left, area.top() + 2);
    };
    placeLabel(m_cutoffLabel, m_data.spikeCutoff, true);
    placeLabel(m_resetLabel, m_data.resetX, false);

    // Arrows stay clear of the labels and of a legend drawn on the plot: a shaft through text makes both unreadable.
    const QList<QRectF> keepClear = fieldExclusions();
    QPainterPath path;
    if (area.width() > 0 && area.height() > 0 && !m_data.arrows.isEmpty()) {
        // One grid cell in pixels, from the node spacing of the data's grid (the arrows' centres).
        const double cellPx = std::sqrt(area.width() * area.height() / double(m_data.arrows.size()));
        const double length = kArrowFraction * cellPx;
        for (const QLineF& arrow : m_data.arrows) {
            const QPointF a = chart()->mapToPosition(arrow.p1(), m_xNullcline);
            const QPointF b = chart()->mapToPosition(arrow.p2(), m_xNullcline);
            const QPointF centre = 0.5 * (a + b);
            const QLineF screen(a, b);
            if (!(screen.length() > 0) || !area.contains(centre))
                continue;
            const QPointF unit = (b - a) / screen.length();
            const QPointF tail = centre - 0.5 * length * unit;
            const QPointF tip = centre + 0.5 * length * unit;
            // A small open head, ±28° off the shaft.
            const QPointF normal(-unit.y(), unit.x());
            const double head = 0.32 * length;
            const QPointF wing1 = tip - head * (0.88 * unit + 0.47 * normal);
            const QPointF wing2 = tip - head * (0.88 * unit - 0.47 * normal);
            QRectF box = QRectF(tail, tip).normalized();
            box = box.united(QRectF(wing1, wing2).normalized());
            if (std::any_of(keepClear.begin(), keepClear.end(), [&](const QRectF& r) { return r.intersects(box); }))
                continue;
            path.moveTo(tail);
            path.lineTo(tip);
            path.moveTo(wing1);
            path.lineTo(tip);
            path.lineTo(wing2);
        }
    }
    m_field->setPath(path);
}

}  // namespace neuroai::widgets
