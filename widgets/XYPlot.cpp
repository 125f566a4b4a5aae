#include "widgets/XYPlot.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>

namespace neuroai::widgets {

XYPlot::XYPlot(bool logX, QWidget* parent, bool logY)
    : PlotView(parent)
{
    QChart* chart = this->chart();
    if (logY) {
        m_logY = new QLogValueAxis(chart);
        m_logY->setBase(10);
        m_logY->setLabelFormat(QStringLiteral("%g"));
        m_logY->setMinorTickCount(8);
        chart->addAxis(m_logY, Qt::AlignLeft);
    } else {
        PlotStyle::styleAxis(m_y, QStringLiteral("y"));
        chart->addAxis(m_y, Qt::AlignLeft);
    }
    if (logX) {
        // QLogValueAxis is not a QValueAxis, so PlotStyle::styleAxis cannot take it: styled in styleSeries().
        m_logX = new QLogValueAxis(chart);
        m_logX->setBase(10);
        m_logX->setLabelFormat(QStringLiteral("%g"));
        m_logX->setMinorTickCount(8);
        chart->addAxis(m_logX, Qt::AlignBottom);
    } else {
        PlotStyle::styleAxis(m_x, QStringLiteral("x"));
        chart->addAxis(m_x, Qt::AlignBottom);
    }
    styleSeries();
}

QAbstractAxis* XYPlot::horizontalAxis() const
{
    return m_logX ? static_cast<QAbstractAxis*>(m_logX) : static_cast<QAbstractAxis*>(m_x);
}

QAbstractAxis* XYPlot::verticalAxis() const
{
    return m_logY ? static_cast<QAbstractAxis*>(m_logY) : static_cast<QAbstractAxis*>(m_y);
}

void XYPlot::setAxisTitles(const QString& x, const QString& y)
{
    PlotView::setAxisTitles(x, y);
    if (m_logX)
        m_logX->setTitleText(x);
    if (m_logY)
        m_logY->setTitleText(y);
}

QXYSeries* XYPlot::addSeries(const QString& name, Style style, const QColor& colour)
{
    QXYSeries* series = nullptr;
    if (style == Style::Markers || style == Style::Diamond) {
        auto* scatter = new QScatterSeries(chart());
        scatter->setMarkerShape(style == Style::Diamond ? QScatterSeries::MarkerShapeRotatedRectangle
                                                        : QScatterSeries::MarkerShapeCircle);
        series = scatter;
    } else {
        series = new QLineSeries(chart());
    }
    series->setName(name);
    chart()->addSeries(series);
    series->attachAxis(horizontalAxis());
    series->attachAxis(verticalAxis());
    m_entries.push_back({series, style, colour});
    if (name.isEmpty())
        setInLegend(series, false);
    styleSeries();
    return series;
}

void XYPlot::setPoints(QXYSeries* series, const QList<QPointF>& points) { series->replace(points); }

void XYPlot::setInLegend(QXYSeries* series, bool shown)
{
    for (QLegendMarker* marker : chart()->legend()->markers(series))
        marker->setVisible(shown);
    // Qt Charts 6.4 does not lay the legend out again when a marker is shown: the entry stayed invisible (or kept an
    // empty place) until something else invalidated the legend. (isVisible() cannot tell whether anything changed:
    // it is false for every marker of a plot not yet shown.)
    if (QGraphicsLayout* layout = chart()->legend()->layout())
        layout->invalidate();
}

void XYPlot::setSeriesColour(QXYSeries* series, const QColor& colour)
{
    for (Entry& e : m_entries)
        if (e.series == series && e.colour != colour) {
            e.colour = colour;
            styleSeries();
            return;
        }
}

void XYPlot::setXRange(double low, double high)
{
    if (!(high > low))
        return;
    if (m_logX)
        m_logX->setRange(low, high);
    else
        PlotStyle::setNiceRange(m_x, low, high, 5);
}

double XYPlot::niceTop(double value)
{
    if (!(value > 0))
        return 1.0;
    const double step = widgets::niceStep(value / 5.0);
    return std::ceil(value * (1 + 1e-9) / step) * step;
}

void XYPlot::setYRange(double low, double high)
{
    if (m_logY) {
        if (high > low && low > 0)
            m_logY->setRange(low, high);
        return;
    }
    PlotStyle::setNiceRange(m_y, low, high, 5);
}

void XYPlot::styleSeries()
{
    for (QLogValueAxis* axis : {m_logX, m_logY}) {
        if (!axis)
            continue;
        axis->setTitleFont(PlotStyle::axisTitleFont());
        axis->setTitleBrush(widgets::palette::black);
        axis->setLabelsFont(PlotStyle::labelFont());
        axis->setLabelsColor(widgets::palette::black);
        axis->setGridLineColor(widgets::palette::grid);
        axis->setMinorGridLineColor(QColor(242, 242, 242));
        QPen line(widgets::palette::muted);
        line.setWidthF(1.0);
        axis->setLinePen(line);
    }
    const double scale = PlotStyle::presentationScale();
    for (const Entry& e : m_entries) {
        if (auto* scatter = qobject_cast<QScatterSeries*>(e.series)) {
            // Measured dots are see-through with a solid rim, so a curve they sit on (the analytic law, drawn
            // under them) stays visible; the operating-point diamond is opaque.
            QColor fill = e.colour;
            if (e.style == Style::Markers)
                fill.setAlpha(90);
            scatter->setColor(fill);
            scatter->setBorderColor(e.style == Style::Diamond ? widgets::palette::black : e.colour.darker(140));
            scatter->setMarkerSize((e.style == Style::Diamond ? 12.0 : 7.0) * scale);
            continue;
        }
        QPen pen(e.colour);
        pen.setWidthF(e.style == Style::Bars ? 6.0 * scale : PlotStyle::lineWidth());
        if (e.style == Style::Dashed)
            pen.setStyle(Qt::DashLine);
        if (e.style == Style::Bars)
            pen.setCapStyle(Qt::FlatCap);
        e.series->setPen(pen);
    }
}

}  // namespace neuroai::widgets
