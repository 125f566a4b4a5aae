#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/rl/ReplayComparison.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the replay figure shows, computed on the job's thread by ReplayPanel::compute. `trained` is false only for
// the placeholder shown while the first training job runs (the panel never trains on the GUI thread).
struct ReplayResult : IntroResult {
    bool trained = false;
    rl::ReplayComparisonRun run;
};

// The world with the replayed moves of one run: one grid per sampler (uniform left, prioritized right), each cell
// shaded by how often the moves out of it were replayed (square-root scale, the darkest = the most replayed cell of that run)
// and an arrow for its most replayed move. Walls black, S start, G goal.
class ReplayMazeView final : public QWidget {
    Q_OBJECT
public:
    explicit ReplayMazeView(QWidget* parent = nullptr);
    void setRun(const rl::ReplayComparisonRun* run);
    QList<widgets::DataSeries> dataSeries() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    const rl::ReplayComparisonRun* m_run = nullptr;
};

// The prioritized sampler's SumTree, live while the job trains (setLive, the latest picture the engine published:
// ReplayTreeLive) and after the run (setSnapshot, the first seed's final buffer). The leaves (one per stored
// transition) are grouped into 16 blocks of consecutive slots, and the tree drawn above them is the sum tree over
// those blocks (5 levels, the root is the total priority mass Σ p_i^α). The sums are recomputed here from the leaves,
// not read from the tree's internal layout. Each block is shaded by its share of the draws (live: since the previous
// picture; after the run: during the whole training). Under the blocks a strip shows every leaf: a grey bar per
// pixel column, as tall as the largest p^α in it, and a red mark where a leaf in it was sampled.
class SumTreeView final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kBlocks = 16;
    explicit SumTreeView(QWidget* parent = nullptr);
    void setSnapshot(const rl::SamplerSnapshot* snapshot);
    void setLive(std::shared_ptr<const rl::ReplayTreeLive> live);
    bool isLive() const { return m_live != nullptr; }
    // Node sums by level (level 0 = root), recomputed from the leaves.
    const std::vector<std::vector<double>>& levels() const { return m_levels; }
    const std::vector<double>& blockDraws() const { return m_draws; }
    // What the title says about the picture (e.g. "seed 3 of 20, update 1200").
    QString caption() const { return m_caption; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void rebuild();

    std::shared_ptr<const rl::ReplayTreeLive> m_live;
    std::vector<double> m_leaves;     // p^α per slot
    std::vector<double> m_slotDraws;  // draws per slot
    QString m_caption;
    std::vector<std::vector<double>> m_levels;
    std::vector<double> m_draws;  // share of draws per block
};

// Case study "Replay" (chapter Case studies): a tabular Q-learner that learns only from its replay buffer, uniform
// against prioritized sampling on identical experience (engine: rl/ReplayComparison.h). Learning curves (greedy path
// length, mean ± SD over seeds), updates to goal per seed, the replayed moves in the maze, the SumTree, and sampled
// frequencies against P(i). Training runs on a Job with a progress bar (IntroPanel).
class ReplayPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit ReplayPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Experience replay"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    // True once a trained result is shown (false for the placeholder while the first job runs).
    bool trained() const { return shownResult().trained; }
    const rl::ReplayComparisonRun& lastRun() const { return shownResult().run; }
    widgets::XYPlot* curvePlot() const { return m_curves; }
    widgets::XYPlot* seedPlot() const { return m_seedPlot; }
    widgets::XYPlot* frequencyPlot() const { return m_freqPlot; }
    ReplayMazeView* mazeView() const { return m_maze; }
    SumTreeView* treeView() const { return m_tree; }
    QXYSeries* uniformCurve() const { return m_uniformMean; }
    QXYSeries* prioritizedCurve() const { return m_prioritizedMean; }
    QXYSeries* frequencySeries() const { return m_frequency; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;

private:
    const ReplayResult& shownResult() const { return static_cast<const ReplayResult&>(IntroPanel::shownResult()); }

    widgets::XYPlot* m_curves = nullptr;
    QXYSeries* m_uniformMean = nullptr;
    QXYSeries* m_uniformLow = nullptr;
    QXYSeries* m_uniformHigh = nullptr;
    QXYSeries* m_prioritizedMean = nullptr;
    QXYSeries* m_prioritizedLow = nullptr;
    QXYSeries* m_prioritizedHigh = nullptr;
    QXYSeries* m_rankMean = nullptr;
    widgets::XYPlot* m_seedPlot = nullptr;
    QXYSeries* m_seedUniform = nullptr;
    QXYSeries* m_seedPrioritized = nullptr;
    QXYSeries* m_seedRank = nullptr;
    widgets::XYPlot* m_freqPlot = nullptr;
    QXYSeries* m_frequency = nullptr;
    QXYSeries* m_identity = nullptr;
    ReplayMazeView* m_maze = nullptr;
    SumTreeView* m_tree = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
