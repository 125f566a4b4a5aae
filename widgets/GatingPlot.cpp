#include "widgets/GatingPlot.h"

#include "widgets/PlotStyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace neuroai::widgets {

namespace {
constexpr int kMaxLines = 4;
}

GatingPlot::GatingPlot(QWidget* parent)
    : PlotView(parent)
{
    for (int i = 0; i < kMaxLines; ++i)
        m_lines.append(new QLineSeries(chart()));
    setAxisTitles(tr("Time t (ms)"), tr("Gating variable (dimensionless)"));
    addSeries({m_lines[0], m_lines[1], m_lines[2], m_lines[3]});
    PlotStyle::setNiceRange(m_x, 0, 500);
    // Probabilities: the axis is 0–1 whatever the data, so a rise or a fall is read against the whole range. A
    // little headroom keeps a gate at 1 from running along the frame.
    m_y->setRange(-0.02, 1.02);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    m_y->setTickInterval(0.25);
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    styleSeries();
    setChannels({}, {});
}

void GatingPlot::styleSeries()
{
    // Distinct hues and dashes, so the three gates stay apart in grey-scale print too.
    const QColor colours[kMaxLines] = {palette::vermillion, palette::bluishGreen, palette::reddishPurple,
                                       palette::orange};
    const Qt::PenStyle styles[kMaxLines] = {Qt::SolidLine, Qt::DashLine, Qt::SolidLine, Qt::DotLine};
    for (int i = 0; i < m_lines.size(); ++i)
        m_lines[i]->setPen(PlotStyle::pen(colours[i], 1.0, styles[i]));
}

void GatingPlot::setChannels(const QStringList& keys, const QStringList& names)
{
    m_keys = keys.mid(0, kMaxLines);
    for (int i = 0; i < m_lines.size(); ++i) {
        QLineSeries* line = m_lines[i];
        const bool used = i < m_keys.size();
        line->clear();
        line->setName(used ? names.value(i, m_keys[i]) : QString());
        line->setVisible(used);
        for (QLegendMarker* marker : chart()->legend()->markers(line))
            marker->setVisible(used);
    }
}

void GatingPlot::showFrame(const Frame& frame)
{
    // The same axis as TimeSeriesPlot: it grows in tenths of the window from 0, then slides.
    auto [start, end] = liveTimeView(frame.timeMs, frame.timeMs - frame.windowStartMs);
    end = std::max(end, start + 1e-9);
    if (m_x->min() != start || m_x->max() != end)
        PlotStyle::setNiceRange(m_x, start, end, 3);  // few ticks: the plot is narrow at 1280 px
    for (int i = 0; i < m_keys.size(); ++i) {
        QList<QPointF> points;
        for (const TraceView& trace : frame.traces)
            if (QString::fromStdString(trace.channel.key) == m_keys[i]) {
                points.reserve(qsizetype(trace.points.size()));
                for (const PlotPoint& p : trace.points)
                    points.append({p.x, p.y});
                break;
            }
        m_lines[i]->replace(points);
    }
}

void GatingPlot::clear()
{
    for (QLineSeries* line : m_lines)
        line->clear();
}

}  // namespace neuroai::widgets
