#include "widgets/CurvePlot.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace neuroai::widgets {

CurvePlot::CurvePlot(QWidget* parent)
    : PlotView(parent)
{
    QChart* chart = this->chart();
    m_reference = new QLineSeries(chart);
    m_reference->setName(tr("analytic"));
    m_measured = new QScatterSeries(chart);
    m_measured->setName(tr("simulation"));
    m_measured->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    QColor measuredFill = palette::orange;
    measuredFill.setAlpha(90);  // see-through: the reference curve under the dots stays visible
    m_measured->setColor(measuredFill);
    m_measured->setBorderColor(palette::vermillion);
    m_operating = new QScatterSeries(chart);
    m_operating->setName(tr("current setting"));
    m_operating->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    m_operating->setColor(palette::blue);
    m_operating->setBorderColor(palette::black);
    m_cutShort = new QScatterSeries(chart);
    m_cutShort->setName(tr("cut short (budget)"));
    m_cutShort->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_cutShort->setColor(Qt::transparent);
    m_cutShort->setBorderColor(palette::black);
    m_cutShort->setVisible(false);
    styleSeries();

    setAxisTitles(QStringLiteral("x"), QStringLiteral("y"));
    addSeries({m_reference, m_measured, m_cutShort, m_operating});
    excludeFromPins(m_operating);
    excludeFromPins(m_cutShort);
    m_y->setRange(0, 1);
}

void CurvePlot::styleSeries()
{
    QPen referencePen(palette::black);
    referencePen.setWidthF(PlotStyle::lineWidth());
    m_reference->setPen(referencePen);
    m_measured->setMarkerSize(7.0 * PlotStyle::presentationScale());
    m_operating->setMarkerSize(12.0 * PlotStyle::presentationScale());
    m_cutShort->setMarkerSize(13.0 * PlotStyle::presentationScale());
}

void CurvePlot::setSeriesNames(const QString& measured, const QString& reference, const QString& operatingPoint)
{
    m_measured->setName(measured);
    m_reference->setName(reference);
    m_operating->setName(operatingPoint);
}

void CurvePlot::setXRange(double low, double high)
{
    // 2 % beyond the curve's range on each side, so the end dots (and an operating point at an end) are drawn
    // whole, not cut in half by the frame. rescaleY() reads what is inside [low, high] only.
    if (high > low) {
        const double pad = 0.02 * (high - low);
        PlotStyle::setNiceRange(m_x, low - pad, high + pad, 5);
    }
}

void CurvePlot::clearMeasured()
{
    m_measured->clear();
    m_cutShort->clear();
    m_cutShort->setVisible(false);
    rescaleY();
}

void CurvePlot::markCutShort(const QList<QPointF>& points)
{
    if (points.isEmpty())
        return;
    m_cutShort->append(points);
    m_cutShort->setVisible(true);
}

void CurvePlot::addMeasured(const QList<QPointF>& points)
{
    if (points.isEmpty())
        return;
    m_measured->append(points);
    rescaleY();
}

void CurvePlot::setReference(const QList<QPointF>& points)
{
    m_reference->replace(points);
    rescaleY();
}

void CurvePlot::setOperatingPoint(std::optional<QPointF> point)
{
    if (point)
        m_operating->replace(QList<QPointF>{*point});
    else
        m_operating->clear();
    rescaleY();
}

void CurvePlot::rescaleY()
{
    double top = 0;
    for (const QXYSeries* s : {static_cast<QXYSeries*>(m_reference), static_cast<QXYSeries*>(m_measured),
                               static_cast<QXYSeries*>(m_operating)})
        for (const QPointF& p : s->points())
            if (p.x() >= m_x->min() && p.x() <= m_x->max())
                top = std::max(top, p.y());
    for (const QXYSeries* s : pinSeries())  // a pinned run stays inside the plot too
        for (const QPointF& p : s->points())
            if (p.x() >= m_x->min() && p.x() <= m_x->max())
                top = std::max(top, p.y());
    const double ceiling = niceCeiling(top * 1.08);
    if (m_y->max() != ceiling || m_y->min() != 0)
        PlotStyle::setNiceRange(m_y, 0, ceiling, 5);
}

}  // namespace neuroai::widgets
