#include "chapters/casestudies/ReplayPanel.h"

#include "chapters/framework/Scenario.h"
#include "engine/core/Job.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <map>

namespace neuroai::chapters {

using widgets::XYPlot;
namespace palette = widgets::palette;
using widgets::PlotStyle;

namespace {


QColor shade(const QColor& base, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(1 - t * (1 - base.redF())), float(1 - t * (1 - base.greenF())),
                            float(1 - t * (1 - base.blueF())));
}

QString samplerLabel(rl::ReplaySampler s)
{
    switch (s) {
    case rl::ReplaySampler::Uniform:
        return QObject::tr("uniform");
    case rl::ReplaySampler::Proportional:
        return QObject::tr("prioritized (proportional)");
    case rl::ReplaySampler::Rank:
        return QObject::tr("prioritized (rank)");
    }
    return {};
}

QString samplerShort(rl::ReplaySampler s)
{
    return s == rl::ReplaySampler::Uniform ? QObject::tr("uniform") : s == rl::ReplaySampler::Proportional
                                                                          ? QObject::tr("prioritized")
                                                                          : QObject::tr("rank");
}

}  // namespace

// --- the maze with the replayed moves ---

ReplayMazeView::ReplayMazeView(QWidget* parent)
    : QWidget(parent)
{
    setProperty("figurePlot", true);  // a plot of the figure (the layout test counts its area)
    setMinimumSize(140, 140);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ReplayMazeView::setRun(const rl::ReplayComparisonRun* run)
{
    m_run = run;
    update();
}

void ReplayMazeView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFont titleFont = PlotStyle::axisTitleFont();
    const QFont label = PlotStyle::labelFont();
    const QFontMetricsF tm(titleFont);
    painter.setFont(titleFont);
    painter.setPen(palette::black);
    const double titleH = tm.height() * 1.3;
    painter.drawText(QRectF(0, 0, width(), titleH), Qt::AlignCenter,
                     tr("Replayed moves, seed %1").arg(m_run ? m_run->setup.seed : 1));
    if (!m_run || m_run->snapshots.empty())
        return;
    const rl::GridMaze maze = m_run->setup.makeMaze();
    const int rows = maze.rows(), cols = maze.cols();
    const std::size_t panels = std::min<std::size_t>(2, m_run->snapshots.size());
    const double gap = 12, subtitle = QFontMetricsF(label).height() * 1.2;
    // Side by side or one above the other, whichever gives the larger cells.
    const double n = double(panels);
    const double wideW = (width() - gap * (n + 1)) / n, wideH = height() - titleH - subtitle - 6;
    const double tallW = width() - 2 * gap, tallH = (height() - titleH - 6) / n - subtitle;
    const double wideCell = std::min(wideW / cols, wideH / rows), tallCell = std::min(tallW / cols, tallH / rows);
    const bool tall = tallCell > wideCell;
    const double cell = std::max(2.0, tall ? tallCell : wideCell);
    for (std::size_t k = 0; k < panels; ++k) {
        const rl::SamplerSnapshot& snap = m_run->snapshots[k];
        const QColor base = k == 0 ? palette::blue : palette::vermillion;
        const double x0 = tall ? (width() - cell * cols) / 2 : gap + double(k) * (wideW + gap) + (wideW - cell * cols) / 2;
        const double y0 = tall ? titleH + double(k) * (tallH + subtitle) + subtitle : titleH + subtitle;
        painter.setFont(label);
        painter.setPen(palette::black);
        painter.drawText(QRectF(x0 - 20, y0 - subtitle, cell * cols + 40, subtitle), Qt::AlignCenter,
                         samplerShort(snap.sampler));
        std::vector<double> perCell(std::size_t(rows * cols), 0.0);
        double top = 0;
        for (int s = 0; s < rows * cols; ++s) {
            for (int a = 0; a < rl::kActionCount; ++a)
                perCell[std::size_t(s)] += double(snap.replays[std::size_t(s * rl::kActionCount + a)]);
            top = std::max(top, perCell[std::size_t(s)]);
        }
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const int s = r * cols + c;
                const QRectF box(x0 + c * cell, y0 + r * cell, cell, cell);
                if (maze.isWallState(s)) {
                    painter.fillRect(box, palette::black);
                    continue;
                }
                const double t = top > 0 ? std::sqrt(perCell[std::size_t(s)] / top) : 0;  // √ of the share of the most replayed cell
                painter.fillRect(box, shade(base, 0.9 * t));
                painter.setPen(PlotStyle::pen(palette::grid, 0.5));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(box);
                // The most replayed move out of the cell.
                int best = -1;
                std::uint64_t most = 0;
                for (int a = 0; a < rl::kActionCount; ++a)
                    if (snap.replays[std::size_t(s * rl::kActionCount + a)] > most) {
                        most = snap.replays[std::size_t(s * rl::kActionCount + a)];
                        best = a;
                    }
                if (best >= 0 && cell >= 10 && s != maze.goalState()) {
                    static const QPointF dir[4] = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
                    const QPointF centre = box.center();
                    const QPointF tip = centre + dir[best] * (0.36 * cell);
                    const QPointF tail = centre - dir[best] * (0.2 * cell);
                    painter.setPen(PlotStyle::pen(t > 0.55 ? Qt::white : palette::black, 0.8));
                    painter.drawLine(tail, tip);
                    const QPointF side(-dir[best].y(), dir[best].x());
                    painter.drawLine(tip, tip - dir[best] * (0.15 * cell) + side * (0.12 * cell));
                    painter.drawLine(tip, tip - dir[best] * (0.15 * cell) - side * (0.12 * cell));
                }
            }
        QFont bold = label;
        bold.setBold(true);
        painter.setFont(bold);
        for (const auto& [cellPos, text] : {std::pair{maze.start(), QStringLiteral("S")},
                                            std::pair{maze.goal(), QStringLiteral("G")}}) {
            const QRectF box(x0 + cellPos.col * cell, y0 + cellPos.row * cell, cell, cell);
            painter.setPen(PlotStyle::pen(palette::bluishGreen, 1.4));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(1, 1, -1, -1));
            painter.setPen(palette::bluishGreen.darker(140));
            painter.drawText(box, Qt::AlignLeft | Qt::AlignTop, QStringLiteral(" ") + text);
        }
    }
}

QList<widgets::DataSeries> ReplayMazeView::dataSeries() const
{
    QList<widgets::DataSeries> out;
    if (!m_run)
        return out;
    for (const rl::SamplerSnapshot& snap : m_run->snapshots) {
        widgets::DataSeries d{tr("replayed moves"), tr("%1: replays per (state, action)").arg(samplerLabel(snap.sampler)),
                              tr("state·4 + action"), tr("replays"), {}};
        for (std::size_t i = 0; i < snap.replays.size(); ++i)
            d.points.append({double(i), double(snap.replays[i])});
        out.append(std::move(d));
    }
    return out;
}

// --- the SumTree summary ---

SumTreeView::SumTreeView(QWidget* parent)
    : QWidget(parent)
{
    setProperty("figurePlot", true);  // a plot of the figure (the layout test counts its area)
    setMinimumSize(150, 140);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void SumTreeView::setSnapshot(const rl::SamplerSnapshot* snapshot)
{
    m_live.reset();
    m_leaves.clear();
    m_slotDraws.clear();
    m_caption.clear();
    if (snapshot && !snapshot->leaves.empty()) {
        m_leaves = snapshot->leaves;
        m_slotDraws.assign(snapshot->sampleCounts.begin(), snapshot->sampleCounts.end());
        m_slotDraws.resize(m_leaves.size(), 0.0);
        m_caption = tr("after training (first seed)");
    }
    rebuild();
}

void SumTreeView::setLive(std::shared_ptr<const rl::ReplayTreeLive> live)
{
    m_live = std::move(live);
    m_leaves.clear();
    m_slotDraws.clear();
    m_caption.clear();
    if (m_live && !m_live->leaves.empty()) {
        m_leaves = m_live->leaves;
        m_slotDraws.assign(m_leaves.size(), 0.0);
        for (const std::uint32_t slot : m_live->sampled)
            if (slot < m_slotDraws.size())
                m_slotDraws[slot] += 1;
        m_caption = tr("live: seed %1 of %2, update %3").arg(m_live->seedIndex + 1).arg(m_live->seeds).arg(m_live->updates);
    }
    rebuild();
}

void SumTreeView::rebuild()
{
    m_levels.clear();
    m_draws.clear();
    if (!m_leaves.empty()) {
        const std::size_t n = m_leaves.size();
        std::vector<double> blocks(kBlocks, 0.0);
        m_draws.assign(kBlocks, 0.0);
        double totalDraws = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t b = i * kBlocks / n;
            blocks[b] += m_leaves[i];
            m_draws[b] += m_slotDraws[i];
            totalDraws += m_slotDraws[i];
        }
        if (totalDraws > 0)
            for (double& d : m_draws)
                d /= totalDraws;
        m_levels.push_back(std::move(blocks));
        while (m_levels.back().size() > 1) {  // sums of pairs, up to the root
            const auto& below = m_levels.back();
            std::vector<double> above(below.size() / 2);
            for (std::size_t j = 0; j < above.size(); ++j)
                above[j] = below[2 * j] + below[2 * j + 1];
            m_levels.push_back(std::move(above));
        }
        std::reverse(m_levels.begin(), m_levels.end());
    }
    update();
}

void SumTreeView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFont titleFont = PlotStyle::axisTitleFont();
    const QFontMetricsF tm(titleFont);
    painter.setFont(titleFont);
    painter.setPen(palette::black);
    const double titleH = tm.height() * 1.3;
    painter.drawText(QRectF(0, 0, width(), titleH), Qt::AlignCenter,
                     m_live ? tr("SumTree (prioritized), live") : tr("SumTree (prioritized)"));
    if (m_levels.empty())
        return;
    QFont small = PlotStyle::labelFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF sm(small);
    painter.setFont(small);
    const double captionH = sm.height() * 1.2;
    painter.setPen(m_live ? palette::vermillion : palette::muted);
    painter.drawText(QRectF(0, titleH, width(), captionH), Qt::AlignCenter, m_caption);
    const double legendH = sm.height() * 2.4;
    const double stripH = std::max(10.0, sm.height() * 1.1);
    const int levels = int(m_levels.size());
    const double margin = 6;
    const double top = titleH + captionH + 2, bottom = height() - legendH - stripH - 6;
    const double rowH = (bottom - top) / levels;
    const double boxH = std::min(rowH * 0.62, sm.height() * 1.6);
    const double maxDraw = m_draws.empty() ? 0 : *std::max_element(m_draws.begin(), m_draws.end());
    std::vector<std::vector<QRectF>> boxes(static_cast<std::size_t>(levels));
    for (int l = 0; l < levels; ++l) {
        const auto& nodes = m_levels[std::size_t(l)];
        const double slotW = (width() - 2 * margin) / double(nodes.size());
        const double y = top + l * rowH + (rowH - boxH) / 2;
        for (std::size_t j = 0; j < nodes.size(); ++j) {
            const double w = std::min(slotW - 3, std::max(sm.horizontalAdvance(QStringLiteral("000.0")) + 6,
                                                          slotW * 0.45));
            boxes[std::size_t(l)].push_back(QRectF(margin + slotW * (double(j) + 0.5) - w / 2, y, w, boxH));
        }
    }
    // Edges first, then boxes.
    painter.setPen(PlotStyle::pen(palette::muted, 0.6));
    for (int l = 0; l + 1 < levels; ++l)
        for (std::size_t j = 0; j < boxes[std::size_t(l)].size(); ++j)
            for (std::size_t c : {2 * j, 2 * j + 1})
                painter.drawLine(QPointF(boxes[std::size_t(l)][j].center().x(), boxes[std::size_t(l)][j].bottom()),
                                 QPointF(boxes[std::size_t(l) + 1][c].center().x(), boxes[std::size_t(l) + 1][c].top()));
    for (int l = 0; l < levels; ++l)
        for (std::size_t j = 0; j < boxes[std::size_t(l)].size(); ++j) {
            const QRectF& box = boxes[std::size_t(l)][j];
            const bool leaf = l == levels - 1;
            const double t = leaf && maxDraw > 0 ? m_draws[j] / maxDraw : 0;
            painter.setBrush(leaf ? shade(palette::vermillion, 0.85 * t) : QColor(245, 245, 245));
            painter.setPen(PlotStyle::pen(palette::black, 0.6));
            painter.drawRect(box);
            const double v = m_levels[std::size_t(l)][j];
            const QString text = v >= 100 ? QString::number(v, 'f', 0) : QString::number(v, 'f', v >= 10 ? 1 : 2);
            painter.setPen(t > 0.6 ? Qt::white : palette::black);
            if (sm.horizontalAdvance(text) <= box.width() - 2)
                painter.drawText(box, Qt::AlignCenter, text);
        }
    // The leaf strip: one column per pixel, a grey bar as tall as the largest p^α among its leaves, a red mark
    // (stronger for more draws) where one of them was sampled.
    const QRectF strip(margin, bottom + 4, width() - 2 * margin, stripH);
    const int columns = std::max(1, int(strip.width()));
    const std::size_t n = m_leaves.size();
    std::vector<double> colMax(std::size_t(columns), 0.0), colDraws(std::size_t(columns), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t c = std::min(std::size_t(columns) - 1, i * std::size_t(columns) / n);
        colMax[c] = std::max(colMax[c], m_leaves[i]);
        colDraws[c] += m_slotDraws[i];
    }
    const double leafMax = std::max(1e-300, *std::max_element(colMax.begin(), colMax.end()));
    const double drawMax = *std::max_element(colDraws.begin(), colDraws.end());
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(245, 245, 245));
    painter.drawRect(strip);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int c = 0; c < columns; ++c) {
        const double x = strip.left() + c;
        const std::size_t k = std::size_t(c);
        if (colDraws[k] > 0) {
            QColor red = palette::vermillion;
            red.setAlphaF(float(0.35 + 0.65 * colDraws[k] / drawMax));
            painter.fillRect(QRectF(x, strip.top(), 1, strip.height()), red);
        }
        const double h = strip.height() * 0.8 * colMax[k] / leafMax;
        painter.fillRect(QRectF(x, strip.bottom() - h, 1, h), QColor(90, 90, 90, 200));
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(palette::muted);
    painter.drawText(QRectF(margin, strip.bottom() + 2, width() - 2 * margin, legendH), Qt::AlignCenter | Qt::TextWordWrap,
                     m_live ? tr("node: Σ p^α below · strip: leaves, red = drawn since the last frame")
                            : tr("node: Σ p^α below · strip: leaves, red = drawn during training"));
}

// --- the panel ---

ReplayPanel::ReplayPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("replay-comparison"), QStringLiteral("case-studies/replay"),
                 rl::replayComparisonSpecs(), &ReplayPanel::compute, parent,
                 {QStringLiteral("mean_updates_uniform"), QStringLiteral("mean_updates_prioritized"),
                  QStringLiteral("speedup")})
{
    setObjectName(QStringLiteral("replayPanel"));
    figureWidget()->setObjectName(QStringLiteral("replayFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("replayReadout"));

    m_curves = new XYPlot(false, figureWidget());
    m_curves->setObjectName(QStringLiteral("replayCurves"));
    m_curves->setTitle(tr("Learning curves (dashed: ± SD)"));
    m_curves->setAxisTitles(tr("Replay updates (minibatches)"), tr("Greedy path (moves)"));
    m_uniformLow = m_curves->addSeries(tr("uniform ± SD"), XYPlot::Style::Dashed, blue.lighter(150));
    m_uniformHigh = m_curves->addSeries(tr("uniform + SD"), XYPlot::Style::Dashed, blue.lighter(150));
    m_prioritizedLow = m_curves->addSeries(tr("prioritized ± SD"), XYPlot::Style::Dashed, vermillion.lighter(140));
    m_prioritizedHigh = m_curves->addSeries(tr("prioritized + SD"), XYPlot::Style::Dashed, vermillion.lighter(140));
    m_uniformMean = m_curves->addSeries(tr("uniform"), XYPlot::Style::Line, blue);
    m_prioritizedMean = m_curves->addSeries(tr("prioritized"), XYPlot::Style::Line, vermillion);
    m_rankMean = m_curves->addSeries(tr("rank"), XYPlot::Style::Line, bluishGreen);
    for (QXYSeries* band : {m_uniformLow, m_uniformHigh, m_prioritizedLow, m_prioritizedHigh})
        m_curves->setInLegend(band, false);

    m_seedPlot = new XYPlot(false, figureWidget());
    m_seedPlot->setObjectName(QStringLiteral("replaySeeds"));
    m_seedPlot->setTitle(tr("Updates to goal per seed"));
    m_seedPlot->setAxisTitles(tr("Seed (number)"), tr("Updates (minibatches)"));
    m_seedUniform = m_seedPlot->addSeries(tr("uniform"), XYPlot::Style::Markers, blue);
    m_seedPrioritized = m_seedPlot->addSeries(tr("prioritized"), XYPlot::Style::Diamond, vermillion);
    m_seedRank = m_seedPlot->addSeries(tr("rank-based"), XYPlot::Style::Markers, bluishGreen);

    m_freqPlot = new XYPlot(true, figureWidget(), true);
    m_freqPlot->setObjectName(QStringLiteral("replayFrequencies"));
    m_freqPlot->setTitle(tr("Sampled share vs P(i)"));
    m_freqPlot->setAxisTitles(tr("P(i) (probability)"), tr("Observed (fraction)"));
    m_identity = m_freqPlot->addSeries(tr("y = x"), XYPlot::Style::Dashed, black);
    m_frequency = m_freqPlot->addSeries(tr("groups"), XYPlot::Style::Markers, vermillion);

    m_maze = new ReplayMazeView(figureWidget());
    m_maze->setObjectName(QStringLiteral("replayMaze"));
    m_tree = new SumTreeView(figureWidget());
    m_tree->setObjectName(QStringLiteral("replayTree"));

    for (XYPlot* p : {m_curves, m_seedPlot, m_freqPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_curves, 0, 0, 1, 3);
    grid->addWidget(m_seedPlot, 0, 3, 1, 3);
    grid->addWidget(m_maze, 1, 0, 1, 2);
    grid->addWidget(m_tree, 1, 2, 1, 2);
    grid->addWidget(m_freqPlot, 1, 4, 1, 2);
    for (int c = 0; c < 6; ++c)
        grid->setColumnStretch(c, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_curves, m_seedPlot, m_freqPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });

    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> ReplayPanel::compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress)
{
    auto result = std::make_shared<ReplayResult>();
    rl::ReplayComparisonSetup setup = rl::ReplayComparisonSetup::fromParameters(parameters);
    setup.seed = seed;  // the panel's seed replaces the "seed" parameter
    result->run.setup = setup;
    if (isPlaceholder())
        return result;
    setup.publishTree = true;  // the SumTree view draws it while the job runs
    result->run = rl::runReplayComparison(setup, &progress);
    result->run.setup.publishTree = false;
    result->trained = true;
    return result;
}

void ReplayPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    if (auto tree = std::dynamic_pointer_cast<const rl::ReplayTreeLive>(std::move(picture)))
        m_tree->setLive(std::move(tree));
}

void ReplayPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const ReplayResult&>(shown);
    const rl::ReplayComparisonRun& run = result.run;
    if (!result.trained) {
        m_readout->setText(tr("Training %1 seeds per sampler on a background job…").arg(run.setup.seeds));
        for (QXYSeries* s : {m_uniformMean, m_uniformLow, m_uniformHigh, m_prioritizedMean, m_prioritizedLow,
                             m_prioritizedHigh, m_rankMean})
            m_curves->setPoints(s, {});
        for (QXYSeries* s : {m_seedUniform, m_seedPrioritized, m_seedRank})
            m_seedPlot->setPoints(s, {});
        m_freqPlot->setPoints(m_frequency, {});
        m_freqPlot->setPoints(m_identity, {});
        m_maze->setRun(nullptr);
        m_tree->setSnapshot(nullptr);
        return;
    }
    // --- learning curves, mean ± SD over seeds ---
    QXYSeries* means[3] = {m_uniformMean, m_prioritizedMean, m_rankMean};
    double yTop = 1;
    for (std::size_t k = 0; k < 3; ++k) {
        QList<QPointF> mean, low, high;
        if (k < run.summaries.size()) {
            const rl::SamplerSummary& s = run.summaries[k];
            for (std::size_t c = 0; c < run.checkpoints.size(); ++c) {
                mean.append({run.checkpoints[c], s.pathMean[c]});
                low.append({run.checkpoints[c], std::max(0.0, s.pathMean[c] - s.pathSd[c])});
                high.append({run.checkpoints[c], s.pathMean[c] + s.pathSd[c]});
                yTop = std::max(yTop, s.pathMean[c] + s.pathSd[c]);
            }
        }
        m_curves->setPoints(means[k], mean);
        if (k == 0) {
            m_curves->setPoints(m_uniformLow, low);
            m_curves->setPoints(m_uniformHigh, high);
        } else if (k == 1) {
            m_curves->setPoints(m_prioritizedLow, low);
            m_curves->setPoints(m_prioritizedHigh, high);
        }
    }
    m_curves->setInLegend(m_rankMean, run.summaries.size() > 2);
    // The interesting part is where the curves drop: show up to 3× the slower sampler's mean updates to goal.
    double xEnd = 0;
    for (const auto& s : run.summaries)
        xEnd = std::max(xEnd, s.meanUpdates + 2 * s.sdUpdates);
    xEnd = std::clamp(xEnd * 1.3, run.checkpoints.empty() ? 1.0 : run.checkpoints.front() * 5,
                      double(run.setup.maxUpdates));
    m_curves->setXRange(0, XYPlot::niceTop(xEnd));
    m_curves->setYRange(0, XYPlot::niceTop(yTop));

    // --- updates to goal per seed ---
    QXYSeries* seeds[3] = {m_seedUniform, m_seedPrioritized, m_seedRank};
    double uTop = 1;
    for (std::size_t k = 0; k < 3; ++k) {
        QList<QPointF> points;
        if (k < run.summaries.size())
            for (std::size_t j = 0; j < run.summaries[k].updatesToGoal.size(); ++j) {
                points.append({double(run.setup.seed + j), double(run.summaries[k].updatesToGoal[j])});
                uTop = std::max(uTop, double(run.summaries[k].updatesToGoal[j]));
            }
        m_seedPlot->setPoints(seeds[k], points);
        if (k < run.summaries.size())
            seeds[k]->setName(tr("%1: %2 ± %3")
                                  .arg(samplerShort(run.summaries[k].sampler))
                                  .arg(run.summaries[k].meanUpdates, 0, 'f', 0)
                                  .arg(run.summaries[k].sdUpdates, 0, 'f', 0));
    }
    m_seedPlot->setInLegend(m_seedRank, run.summaries.size() > 2);
    m_seedPlot->setXRange(double(run.setup.seed) - 0.5, double(run.setup.seed) + run.setup.seeds - 0.5);
    m_seedPlot->setYRange(0, XYPlot::niceTop(uTop * 1.05));

    // --- sampled frequency against P(i): slots grouped by equal P (the copies of one move share it) ---
    QList<QPointF> freq;
    double lo = 1, hi = 1e-9;
    if (run.snapshots.size() > 1) {
        const rl::SamplerSnapshot& snap = run.snapshots[1];
        std::map<double, std::pair<double, double>> groups;
        for (std::size_t i = 0; i < snap.probability.size(); ++i) {
            auto& g = groups[snap.probability[i]];
            g.first += snap.probability[i];
            g.second += snap.observed[i];
        }
        for (const auto& [p, g] : groups)
            if (g.first > 0 && g.second > 0) {
                freq.append({g.first, g.second});
                lo = std::min({lo, g.first, g.second});
                hi = std::max({hi, g.first, g.second});
            }
        m_frequency->setName(tr("%1 groups").arg(freq.size()));
    }
    m_freqPlot->setPoints(m_frequency, freq);
    if (!freq.isEmpty()) {
        const double a = std::pow(10.0, std::floor(std::log10(lo))), b = std::pow(10.0, std::ceil(std::log10(hi)));
        m_freqPlot->setPoints(m_identity, {{a, a}, {b, b}});
        m_freqPlot->setXRange(a * 0.999, b * 1.001);
        m_freqPlot->setYRange(a * 0.999, b * 1.001);
    }

    m_maze->setRun(&run);
    m_tree->setSnapshot(run.snapshots.size() > 1 ? &run.snapshots[1] : nullptr);

    const rl::SamplerSummary& u = run.summaries[0];
    const rl::SamplerSummary& p = run.summaries[1];
    const double ratio = u.meanUpdates / p.meanUpdates;
    QString text = tr("%1 — updates to goal over <b>%2 seeds</b> (mean ± SD): uniform <b>%3 ± %4</b>, prioritized "
                      "<b>%5 ± %6</b>: %7.")
                       .arg(run.setup.learner == rl::ReplayLearner::Network ? tr("Q-network") : tr("Q-table"))
                       .arg(run.setup.seeds)
                       .arg(u.meanUpdates, 0, 'f', 0)
                       .arg(u.sdUpdates, 0, 'f', 0)
                       .arg(p.meanUpdates, 0, 'f', 0)
                       .arg(p.sdUpdates, 0, 'f', 0)
                       .arg(ratio >= 1 ? tr("<b>%1×</b> fewer").arg(ratio, 0, 'f', 1)
                                       : tr("<b>%1×</b> more").arg(1 / ratio, 0, 'f', 1));
    if (run.snapshots.size() > 1)
        text += tr(" Sampler check: χ² = %1 on %2 degrees of freedom.")
                    .arg(run.snapshots[1].chiSquare, 0, 'f', 0)
                    .arg(run.snapshots[1].chiBins - 1);
    if (u.notReached + p.notReached > 0)
        text += tr(" Not reached within the budget: %1 uniform, %2 prioritized.").arg(u.notReached).arg(p.notReached);
    m_readout->setText(text);
}

std::optional<double> ReplayPanel::readout(const QString& key) const
{
    if (!trained())
        return std::nullopt;
    const rl::ReplayComparisonRun& run = lastRun();
    if (key == QLatin1String("mean_updates_uniform"))
        return run.summaries[0].meanUpdates;
    if (key == QLatin1String("mean_updates_prioritized"))
        return run.summaries[1].meanUpdates;
    if (key == QLatin1String("speedup"))
        return run.summaries[0].meanUpdates / run.summaries[1].meanUpdates;
    return std::nullopt;
}

QList<widgets::DataSeries> ReplayPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    const QString curves = tr("Greedy path length against replay updates");
    for (QXYSeries* s : {m_uniformMean, m_uniformLow, m_uniformHigh, m_prioritizedMean, m_prioritizedLow,
                         m_prioritizedHigh, m_rankMean})
        if (s->count() > 0)
            out.append({curves,
                        s == m_uniformLow        ? tr("uniform, mean − SD")
                        : s == m_uniformHigh     ? tr("uniform, mean + SD")
                        : s == m_prioritizedLow  ? tr("prioritized, mean − SD")
                        : s == m_prioritizedHigh ? tr("prioritized, mean + SD")
                                                 : s->name(),
                        tr("updates"), tr("moves"), s->points()});
    const QString seeds = tr("Updates until the greedy policy reaches the goal");
    for (QXYSeries* s : {m_seedUniform, m_seedPrioritized, m_seedRank})
        if (s->count() > 0)
            out.append({seeds, s->name(), tr("seed"), tr("updates"), s->points()});
    if (m_frequency->count() > 0)
        out.append({tr("Sampled frequency against P(i)"), m_frequency->name(), tr("P"), tr("observed share"),
                    m_frequency->points()});
    out.append(m_maze->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
