#pragma once

#include "chapters/information/InformationFigure.h"
#include "engine/deep/DeepExperiments.h"
#include "widgets/HeatmapPlot.h"

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// The network's decision map: its log-odds ln(P₁/P₀) over the plane in the blue–white–red map (white is the
// decision boundary), clipped to ±kClip so the colours mean the same through training, with the training points
// on top: class 0 as blue circles, class 1 as vermillion squares.
class DecisionMapPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    static constexpr double kClip = 6.0;  // nats
    explicit DecisionMapPlot(QWidget* parent = nullptr);
    // probability: cells × cells, row-major from the top row (y = +extent); empty clears the map.
    void setMap(const std::vector<double>& probability, int cells, double extent);
    void setPoints(const deep::Points2d& points);
    const deep::Points2d& points() const { return m_points; }
    QList<widgets::DataSeries> dataSeries() const override;

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    deep::Points2d m_points;
};

// Chapter 10, panel 2: a small fully connected network learns to separate two classes in the plane (spirals, moons,
// circles, xor), trained on a job with its decision map, loss curves and the alignment angle redrawn as it learns.
// The learning rule is backpropagation or feedback alignment (Lillicrap et al. 2016); the optimiser SGD, momentum
// or Adam; width, depth and activation are sliders. Engine: deep::trainMlp (the batch experiment `mlp-training`).
class NetworkTrainingPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit NetworkTrainingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Train a network"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    struct Result : IntroResult {
        bool trained = false;
        std::shared_ptr<const deep::MlpTrainingRun> run;
    };
    bool trained() const { return lastResult().trained; }
    const Result& lastResult() const { return static_cast<const Result&>(shownResult()); }

    DecisionMapPlot* mapPlot() const { return m_map; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    widgets::XYPlot* anglePlot() const { return m_anglePlot; }
    QXYSeries* trainingLossSeries() const { return m_trainingLoss; }
    QXYSeries* testLossSeries() const { return m_testLoss; }
    QXYSeries* signalAngleSeries() const { return m_signalAngle; }
    QXYSeries* weightAngleSeries() const { return m_weightAngle; }
    QLabel* readoutLabel() const { return m_readout; }
    // The step of the last live picture drawn (tests check that training was shown as it happened).
    long lastLiveStep() const { return m_lastLiveStep; }
    int liveFrames() const { return m_liveFrames; }

    static constexpr int kMapCells = 64;
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;
    QString extraMetadata() const override;

private:
    void drawSnapshot(const deep::MlpTrainingSnapshot& snapshot);
    void drawCurves(const deep::TrainingCurves& curves, long steps);

    DecisionMapPlot* m_map = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    widgets::XYPlot* m_anglePlot = nullptr;
    QXYSeries* m_trainingLoss = nullptr;
    QXYSeries* m_testLoss = nullptr;
    QXYSeries* m_signalAngle = nullptr;
    QXYSeries* m_weightAngle = nullptr;
    QXYSeries* m_orthogonal = nullptr;
    QLabel* m_readout = nullptr;
    std::shared_ptr<const deep::Points2d> m_shownPoints;  // the points on the map (set only when they change)
    long m_lastLiveStep = -1;
    int m_liveFrames = 0;
};

}  // namespace neuroai::chapters
