#include "widgets/PlotAlignment.h"

#include <QChart>
#include <QChartView>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

PlotAreaAligner::PlotAreaAligner(std::vector<QChartView*> views, QObject* parent)
    : QObject(parent)
{
    for (QChartView* view : views) {
        m_entries.push_back({view, view->chart()->margins(), view->chart()->margins()});
        connect(view->chart(), &QChart::plotAreaChanged, this, [this] {
            if (m_pending)
                return;
            m_pending = true;  // one pass after the layouts settle, not one per chart
            QTimer::singleShot(0, this, [this] {
                m_pending = false;
                align();
            });
        });
    }
}

void PlotAreaAligner::align()
{
    // A chart's "natural" edges are where its plot area would be without our extra margins; the shared area is the
    // narrowest: the largest left edge and the smallest right edge (in each view's own coordinates, the views
    // having the same x and width in the figure).
    struct Natural {
        double left, right;
    };
    std::vector<Natural> natural;
    double left = -1e300, right = 1e300;
    for (Entry& e : m_entries) {
        if (!e.view || !e.view->isVisible() || e.view->chart()->plotArea().width() <= 0) {
            natural.push_back({0, 0});
            continue;
        }
        QChart* chart = e.view->chart();
        if (chart->margins() != e.applied)
            e.base = chart->margins();  // restyled since: the style's margins are the new base
        const QRectF area = chart->plotArea().translated(chart->pos());
        const QMargins extra = chart->margins() - e.base;
        natural.push_back({area.left() - extra.left(), area.right() + extra.right()});
        left = std::max(left, natural.back().left);
        right = std::min(right, natural.back().right);
    }
    if (!(right > left))
        return;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        Entry& e = m_entries[i];
        if (!e.view || natural[i].right <= natural[i].left)
            continue;
        QMargins wanted = e.base;
        wanted.setLeft(e.base.left() + int(std::lround(left - natural[i].left)));
        wanted.setRight(e.base.right() + int(std::lround(natural[i].right - right)));
        e.applied = wanted;
        if (e.view->chart()->margins() != wanted)
            e.view->chart()->setMargins(wanted);
    }
}

}  // namespace neuroai::widgets
