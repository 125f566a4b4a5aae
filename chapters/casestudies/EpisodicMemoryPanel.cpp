#include "chapters/casestudies/EpisodicMemoryPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QFontMetricsF>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

// --- the maze ---

EpisodicMazeView::EpisodicMazeView(QWidget* parent)
    : HeatmapPlot(parent)
{
    setKeepAspect(true);  // square cells: the maze as drawn in the book
}

void EpisodicMazeView::setMaze(const rl::EpisodicComparison& c)
{
    MatrixImage m;
    m.rows = c.rows;
    m.columns = c.cols;
    for (const double v : c.valueMap)
        m.values.push_back(float(v));
    m.valueLabel = "max_a Q_EC (episodic value)";
    m.rowLabel = "row";
    m.columnLabel = "column";
    for (int r = 0; r < c.rows; ++r)  // whole cells: ticks on every row and column, not at 2.5, 7.5
        m.rowTicks.push_back(std::to_string(r));
    for (int col = 0; col < c.cols; ++col)
        m.columnTicks.push_back(std::to_string(col));
    fitValueRange(m);
    m.minValue = 0;
    m_episodicPath = c.episodic.lastPath;
    m_qPath = c.qlearning.lastPath;
    m_cols = c.cols;
    m_start = c.start;
    m_goal = c.goal;
    setMatrix(m);
    update();
}

void EpisodicMazeView::paintOverlay(QPainter& painter, const QRect& plot)
{
    using namespace widgets;
    HeatmapPlot::paintOverlay(painter, plot);
    const double s = PlotStyle::presentationScale();
    // The two paths side by side within each cell (offset by a sixth of a cell) so both stay visible where they
    // share cells.
    const double cellW = plot.width() / double(std::max(1, matrix().columns));
    const auto at = [&](int state, double offset) {
        const QPointF p = mapToWidget(state % m_cols, state / m_cols);
        return p + QPointF(offset * cellW, offset * cellW);
    };
    const auto drawPath = [&](const std::vector<int>& path, const QColor& colour, double offset) {
        painter.setPen(PlotStyle::pen(colour, 2.0));
        for (std::size_t i = 1; i < path.size(); ++i)
            if (path[i] != path[i - 1])
                painter.drawLine(at(path[i - 1], offset), at(path[i], offset));
    };
    painter.setRenderHint(QPainter::Antialiasing);
    drawPath(m_qPath, palette::blue, 0.15);
    drawPath(m_episodicPath, palette::vermillion, -0.15);
    const QFont font = PlotStyle::labelFont();
    painter.setFont(font);
    for (const auto& [state, text] : {std::pair{m_start, QStringLiteral("S")}, std::pair{m_goal, QStringLiteral("G")}}) {
        const QPointF c = mapToWidget(state % m_cols, state / m_cols);
        const double r = 0.3 * cellW;
        painter.setPen(PlotStyle::pen(palette::black, 1.0));
        painter.setBrush(Qt::white);
        painter.drawEllipse(c, r, r);
        painter.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt::AlignCenter, text);
    }
    // Legend below the maze's top edge, inside the plot (the maze's first row is free on the left of the wall).
    const QFontMetricsF fm(font);
    const QStringList labels = {tr("episodic (%1 moves)").arg(std::max<int>(0, int(m_episodicPath.size()) - 1)),
                                tr("Q-learning (%1 moves)").arg(std::max<int>(0, int(m_qPath.size()) - 1))};
    double textWidth = 0;
    for (const QString& l : labels)
        textWidth = std::max(textWidth, fm.horizontalAdvance(l));
    const double sample = 22 * s, pad = 5 * s, line = fm.height() + 2 * s;
    // Bottom left, unless that hides the start or the goal (the open field starts there); then bottom right, then
    // top left.
    const QSizeF cardSize(pad * 3 + sample + textWidth, pad * 2 + line * 2);
    const QPointF corners[] = {{plot.left() + 4 * s, plot.bottom() - 4 * s - cardSize.height()},
                               {plot.right() - 4 * s - cardSize.width(), plot.bottom() - 4 * s - cardSize.height()},
                               {plot.left() + 4 * s, plot.top() + 4 * s}};
    QRectF card(corners[0], cardSize);
    for (const QPointF& corner : corners) {
        card = QRectF(corner, cardSize);
        const double margin = 0.35 * cellW;
        const QRectF covered = card.adjusted(-margin, -margin, margin, margin);
        if (!covered.contains(mapToWidget(m_start % m_cols, m_start / m_cols)) &&
            !covered.contains(mapToWidget(m_goal % m_cols, m_goal / m_cols)))
            break;
    }
    painter.setPen(PlotStyle::pen(palette::grid, 1.0));
    painter.setBrush(QColor(255, 255, 255, 230));
    painter.drawRect(card);
    const QColor colours[] = {palette::vermillion, palette::blue};
    for (int i = 0; i < 2; ++i) {
        const double y = card.top() + pad + line * (i + 0.5);
        painter.setPen(PlotStyle::pen(colours[i], 2.0));
        painter.drawLine(QPointF(card.left() + pad, y), QPointF(card.left() + pad + sample, y));
        painter.setPen(palette::black);
        painter.drawText(QRectF(card.left() + 2 * pad + sample, y - line / 2, textWidth + pad, line),
                         Qt::AlignLeft | Qt::AlignVCenter, labels[i]);
    }
}

QList<widgets::DataSeries> EpisodicMazeView::dataSeries() const
{
    QList<widgets::DataSeries> out = HeatmapPlot::dataSeries();
    for (const auto& [path, name] : {std::pair{&m_episodicPath, tr("episodic: last episode")},
                                     std::pair{&m_qPath, tr("Q-learning: last episode")}}) {
        widgets::DataSeries d{title(), name, tr("column"), tr("row"), {}};
        for (const int s : *path)
            d.points.append({double(s % m_cols), double(s / m_cols)});
        out.append(std::move(d));
    }
    return out;
}

// --- the panel ---

EpisodicMemoryPanel::EpisodicMemoryPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("episodic-memory"), QStringLiteral("case-studies/episodic-memory"),
                 rl::episodicMemorySpecs(), &EpisodicMemoryPanel::compute, parent,
                 {QStringLiteral("early_episodic"), QStringLiteral("early_q"),
                  QStringLiteral("episodes_to_near_shortest_episodic"), QStringLiteral("episodes_to_near_shortest_q"),
                  QStringLiteral("memory_size")})
{
    setObjectName(QStringLiteral("episodicMemoryPanel"));
    figureWidget()->setObjectName(QStringLiteral("episodicMemoryFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("episodicMemoryReadout"));
    m_readout2 = makeReadout(QStringLiteral("episodicMemoryReadout2"));

    m_plot = new XYPlot(false, figureWidget(), true);
    m_plot->setObjectName(QStringLiteral("episodicMemoryCurves"));
    m_plot->setTitle(tr("Steps per episode (log scale)"));
    m_plot->setAxisTitles(tr("Episode (number)"), tr("Steps to the goal (moves)"));
    m_qLow = m_plot->addSeries(tr("Q-learning, 25–75th pct."), XYPlot::Style::Dashed, blue);
    m_qHigh = m_plot->addSeries(tr("Q-learning, 75th percentile"), XYPlot::Style::Dashed, blue);
    m_ecLow = m_plot->addSeries(tr("episodic, 25–75th pct."), XYPlot::Style::Dashed, vermillion);
    m_ecHigh = m_plot->addSeries(tr("episodic, 75th percentile"), XYPlot::Style::Dashed, vermillion);
    m_qMean = m_plot->addSeries(tr("Q-learning, mean"), XYPlot::Style::Line, blue);
    m_ecMean = m_plot->addSeries(tr("episodic control, mean"), XYPlot::Style::Line, vermillion);
    m_plot->setInLegend(m_qHigh, false);
    m_plot->setInLegend(m_ecHigh, false);
    connect(m_plot->chart(), &QChart::plotAreaChanged, this, &EpisodicMemoryPanel::placeLegend, Qt::QueuedConnection);

    m_maze = new EpisodicMazeView(figureWidget());
    m_maze->setObjectName(QStringLiteral("episodicMemoryMaze"));
    m_maze->setTitle(tr("The maze: episodic values and the last episode's paths (run 1)"));

    m_plot->setMinimumSize(240, 200);
    m_maze->setMinimumSize(240, 200);
    // Stacked, not side by side: the 9 × 6 maze with square cells needs the width more than the height.
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_readout2, 0);
    figureLayout()->addWidget(m_plot, 1);
    figureLayout()->addWidget(m_maze, 1);
    widgets::FigureExporter::installContextMenu(m_plot, [this] { return metadata(); });
    m_maze->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> EpisodicMemoryPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                          Progress& progress)
{
    auto result = std::make_shared<EpisodicMemoryResult>();
    rl::EpisodicComparisonSetup setup = rl::EpisodicComparisonSetup::fromParameters(parameters);
    setup.seed = seed;  // the panel's seed replaces the "seed" parameter
    result->comparison = rl::runEpisodicComparison(setup, &progress);
    return result;
}

void EpisodicMemoryPanel::draw(const IntroResult& shown)
{
    const rl::EpisodicComparison& c = static_cast<const EpisodicMemoryResult&>(shown).comparison;
    const auto points = [](const std::vector<double>& y) {
        QList<QPointF> out;
        for (std::size_t e = 0; e < y.size(); ++e)
            out.append({double(e + 1), std::max(1.0, y[e])});
        return out;
    };
    m_plot->setPoints(m_ecMean, points(c.episodic.mean));
    m_plot->setPoints(m_ecLow, points(c.episodic.q25));
    m_plot->setPoints(m_ecHigh, points(c.episodic.q75));
    m_plot->setPoints(m_qMean, points(c.qlearning.mean));
    m_plot->setPoints(m_qLow, points(c.qlearning.q25));
    m_plot->setPoints(m_qHigh, points(c.qlearning.q75));
    double high = 10;
    for (const auto* v : {&c.episodic.q75, &c.qlearning.q75, &c.episodic.mean, &c.qlearning.mean})
        for (const double y : *v)
            high = std::max(high, y);
    m_plot->setXRange(1, c.setup.episodes);
    m_plot->setYRange(10, std::pow(10.0, std::ceil(std::log10(high))) * 1.001);
    m_maze->setMaze(c);
    placeLegend();

    const int early = std::min(c.setup.episodes, c.setup.earlyEpisodes);
    m_readout->setText(tr("Episodes 1–%1: episodic <b>%2</b> steps per episode, Q-learning <b>%3</b> (%4 runs; "
                          "shortest path %5).")
                           .arg(early)
                           .arg(c.episodic.early, 0, 'f', 1)
                           .arg(c.qlearning.early, 0, 'f', 1)
                           .arg(c.setup.runs)
                           .arg(c.shortest));
    const auto reach = [&](const rl::AgentCurves& a) {
        return a.runsReached == c.setup.runs ? QString::number(a.episodesToNearShortest, 'f', 1)
                                             : tr("%1 (%2/%3 runs)")
                                                   .arg(a.episodesToNearShortest, 0, 'f', 1)
                                                   .arg(a.runsReached)
                                                   .arg(c.setup.runs);
    };
    m_readout2->setText(tr("Episodes to a greedy path ≤ %1 moves: episodic <b>%2</b>, Q-learning <b>%3</b>; "
                           "memory <b>%4</b> entries.")
                            .arg(c.shortest + c.setup.tolerance)
                            .arg(reach(c.episodic), reach(c.qlearning))
                            .arg(c.memorySize, 0, 'f', 0));
}

void EpisodicMemoryPanel::placeLegend()
{
    // A column on a white card in the plot's upper right corner, which the falling curves leave empty (a row above
    // the plot elides four entries at half a 1280 px window).
    QChart* chart = m_plot->chart();
    QLegend* legend = chart->legend();
    if (legend->isAttachedToChart())
        legend->detachFromChart();
    if (legend->alignment() != Qt::AlignLeft)
        legend->setAlignment(Qt::AlignLeft);
    legend->setBackgroundVisible(true);
    legend->setBrush(QColor(255, 255, 255, 225));
    legend->setPen(QPen(widgets::palette::grid));
    const QFontMetricsF metrics(legend->font());
    int rows = 0;
    double text = 0;
    for (QLegendMarker* marker : legend->markers())
        if (marker->isVisible()) {
            ++rows;
            text = std::max(text, metrics.horizontalAdvance(marker->label()));
        }
    const QRectF area = chart->plotArea();
    const double w = std::min(text + 4.0 * metrics.height() + 20, 0.95 * area.width());
    const double h = std::min(rows * (metrics.height() + 10) + 14, area.height());
    legend->setGeometry(QRectF(area.right() - 4 - w, area.top() + 4, w, h));
    legend->update();
}

std::optional<double> EpisodicMemoryPanel::readout(const QString& key) const
{
    const rl::EpisodicComparison& c = lastComparison();
    if (key == QLatin1String("early_episodic"))
        return c.episodic.early;
    if (key == QLatin1String("early_q"))
        return c.qlearning.early;
    if (key == QLatin1String("episodes_to_near_shortest_episodic"))
        return c.episodic.episodesToNearShortest;
    if (key == QLatin1String("episodes_to_near_shortest_q"))
        return c.qlearning.episodesToNearShortest;
    if (key == QLatin1String("memory_size"))
        return c.memorySize;
    return std::nullopt;
}

QList<widgets::DataSeries> EpisodicMemoryPanel::dataSeries()
{
    const QString plot = tr("Steps per episode");
    QList<widgets::DataSeries> out;
    for (QXYSeries* series : {m_ecMean, m_ecLow, m_ecHigh, m_qMean, m_qLow, m_qHigh})
        if (series->count() > 0)
            out.append({plot, series->name(), tr("episode"), tr("steps"), series->points()});
    out.append(m_maze->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
