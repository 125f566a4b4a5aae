#include "chapters/networks/NetworksFigure.h"

#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QEvent>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>

#include <algorithm>

namespace neuroai::chapters {

LegendCard::LegendCard(widgets::XYPlot* plot, Qt::Corner corner, int wide)
    : QObject(plot)
    , m_plot(plot)
    , m_corner(corner)
    , m_wide(wide)
{
    plot->installEventFilter(this);
    connect(plot->chart(), &QChart::plotAreaChanged, this, [this] { place(); });
    place();
}

bool LegendCard::isCard() const { return !m_plot->chart()->legend()->isAttachedToChart(); }

bool LegendCard::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        place();
    return QObject::eventFilter(watched, event);
}

void LegendCard::place()
{
    if (m_placing)
        return;
    m_placing = true;
    QLegend* legend = m_plot->chart()->legend();
    if (m_plot->width() >= m_wide) {
        if (!legend->isAttachedToChart()) {
            legend->attachToChart();
            legend->setBackgroundVisible(false);
            legend->setAlignment(Qt::AlignTop);
        }
        m_placing = false;
        return;
    }
    if (legend->isAttachedToChart()) {
        legend->detachFromChart();
        legend->setAlignment(Qt::AlignRight);  // a detached legend lays out by its alignment: one column
        legend->setBackgroundVisible(true);
        legend->setBrush(QColor(255, 255, 255, 225));
        legend->setPen(QPen(widgets::palette::grid));
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
    const QRectF area = m_plot->chart()->plotArea();
    const double w = std::min(text + 4.0 * metrics.height() + 20, 0.8 * area.width());
    const double h = std::min(rows * (metrics.height() + 10) + 14, area.height());
    const bool left = m_corner == Qt::TopLeftCorner || m_corner == Qt::BottomLeftCorner;
    const bool top = m_corner == Qt::TopLeftCorner || m_corner == Qt::TopRightCorner;
    legend->setGeometry(QRectF(left ? area.left() + 2 : area.right() - w - 2,
                               top ? area.top() + 2 : area.bottom() - h - 2, w, h));
    legend->update();
    m_placing = false;
}

}  // namespace neuroai::chapters
