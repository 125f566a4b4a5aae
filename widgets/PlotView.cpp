#include "widgets/PlotView.h"

#include "widgets/ImagePlot.h"
#include "widgets/PlotStyle.h"

#include <QChart>
#include <QValueAxis>

namespace neuroai::widgets {

PlotView::PlotView(QWidget* parent)
    : QChartView(parent)
{
    QChart* chart = PlotStyle::createChart(this);
    m_x = new QValueAxis(chart);
    m_y = new QValueAxis(chart);
}

void PlotView::setTitle(const QString& title) { chart()->setTitle(title); }

void PlotView::setAxisTitles(const QString& x, const QString& y)
{
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}

void PlotView::addSeries(std::initializer_list<QXYSeries*> series)
{
    PlotStyle::addSeriesWithAxes(chart(), series, m_x, m_y, m_x->titleText(), m_y->titleText());
}

void PlotView::applyStyle()
{
    PlotStyle::styleChart(chart());
    for (QAbstractAxis* axis : chart()->axes())
        if (auto* value = qobject_cast<QValueAxis*>(axis))
            PlotStyle::styleAxis(value, value->titleText());
    styleSeries();
}

void PlotView::restyleAll(QWidget* root)
{
    for (PlotView* plot : root->findChildren<PlotView*>())
        plot->applyStyle();
    ImagePlot::restyleAll(root);  // the image plots read their fonts at paint time: they only need a repaint
}

}  // namespace neuroai::widgets
