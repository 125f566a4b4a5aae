#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/rl/EpisodicAgent.h"
#include "widgets/HeatmapPlot.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

struct EpisodicMemoryResult : IntroResult {
    rl::EpisodicComparison comparison;
};

// The Dyna maze coloured by the episodic memory's max_a Q_EC per cell (walls grey), with the last training episode's
// path of each agent drawn over it (episodic: vermillion, Q-learning: blue), start S and goal G.
class EpisodicMazeView final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit EpisodicMazeView(QWidget* parent = nullptr);
    void setMaze(const rl::EpisodicComparison& comparison);
    QList<widgets::DataSeries> dataSeries() const override;
    const std::vector<int>& episodicPath() const { return m_episodicPath; }
    const std::vector<int>& qPath() const { return m_qPath; }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    std::vector<int> m_episodicPath, m_qPath;
    int m_cols = 1, m_start = 0, m_goal = 0;
};

// Episodic memory agent (case studies): model-free episodic control against tabular Q-learning on the same maze with
// the same seeds and ε. Left: steps per episode (log y), mean and interquartile range of each agent. Right: the maze
// with the episodic values and the last episodes' paths. A batch panel (IntroPanel). Engine: rl/EpisodicAgent.h.
class EpisodicMemoryPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit EpisodicMemoryPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Episodic memory"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* curvePlot() const { return m_plot; }
    EpisodicMazeView* mazeView() const { return m_maze; }
    QXYSeries* episodicMeanSeries() const { return m_ecMean; }
    QXYSeries* qMeanSeries() const { return m_qMean; }
    QLabel* readoutLabel() const { return m_readout; }
    const rl::EpisodicComparison& lastComparison() const { return shownResult().comparison; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    void placeLegend();
    const EpisodicMemoryResult& shownResult() const
    {
        return static_cast<const EpisodicMemoryResult&>(IntroPanel::shownResult());
    }
    widgets::XYPlot* m_plot = nullptr;
    EpisodicMazeView* m_maze = nullptr;
    QXYSeries *m_ecMean = nullptr, *m_ecLow = nullptr, *m_ecHigh = nullptr;
    QXYSeries *m_qMean = nullptr, *m_qLow = nullptr, *m_qHigh = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_readout2 = nullptr;
};

}  // namespace neuroai::chapters
