#include "widgets/PlotView.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QValueAxis>

namespace neuroai::widgets {

PlotView::PlotView(QWidget* parent)
    : QChartView(parent)
{
    PlotStyle::createChart(this);
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
}

}  // namespace neuroai::widgets
