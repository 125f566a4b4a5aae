#pragma once

#include "chapters/intro/IntroPanel.h"
#include "chapters/vision/VisionFigure.h"
#include "engine/predictive/PredictiveExperiments.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

#include <vector>

QT_BEGIN_NAMESPACE
class QTabWidget;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the figure shows for one state (computed on the job's thread).
struct PredictiveCodingResult : IntroResult {
    predictive::PredictiveCodingRun run;
    bool learnedNow = false;  // the models were learned for this state (not taken from the cache)
};

// Small square tiles in a grid (the learned basis U, one column per tile), each in the blue–white–red map scaled to
// its own largest |value|, under a title.
class BasisTilesView final : public QWidget {
    Q_OBJECT
public:
    explicit BasisTilesView(QWidget* parent = nullptr);
    void setTitle(const QString& title);
    void setTiles(std::vector<std::vector<double>> tiles, int side, int columns);
    const std::vector<std::vector<double>>& tiles() const { return m_tiles; }
    QRectF tileRect(int index) const;
    QRectF gridRect() const;  // where the tiles are drawn together
    QList<widgets::DataSeries> dataSeries() const;
    QSize minimumSizeHint() const override { return {150, 150}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double gapPx() const;

    QString m_title;
    std::vector<std::vector<double>> m_tiles;
    int m_side = 0, m_columns = 1;
};

// A square heatmap with an optional 0/1 mask outlined (the event mask over the error map).
class MaskedHeatmap final : public SquareHeatmap {
    Q_OBJECT
public:
    explicit MaskedHeatmap(QWidget* parent = nullptr);
    void setMask(std::vector<int> mask, int columns);  // empty: none
    bool hasMask() const { return !m_mask.empty(); }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    std::vector<int> m_mask;
    int m_columns = 0;
};

// Case study "Predictive coding" (chapter Case studies). Part 1: Rao & Ballard's linear-Gaussian model infers a
// held-out 8 × 8 patch by gradient descent on its energy; the prediction U r and the error units e = I − U r at a
// chosen iteration, the learned basis, E against iteration with the ridge (MAP) energy, and ‖r − r*‖ on a log axis.
// A step above 2/L diverges, and the panel says so. Part 2: a PredNet-style linear next-frame predictor on moving
// bars: the frame, its prediction, the signed error units with the event mask outlined, and the per-frame error
// against copying the last frame. The two parts are two tabs of the figure. Learning (basis and predictor) is kept
// in a cache by seed, levels and history, so every other control only re-infers or redraws.
class PredictiveCodingPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit PredictiveCodingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Predictive coding"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    const PredictiveCodingResult& lastResult() const { return shownResult(); }
    QTabWidget* tabs() const { return m_tabs; }
    widgets::XYPlot* energyPlot() const { return m_energyPlot; }
    widgets::XYPlot* distancePlot() const { return m_distancePlot; }
    widgets::XYPlot* framePlot() const { return m_framePlot; }
    QXYSeries* energySeries() const { return m_energy; }
    QXYSeries* ridgeSeries() const { return m_ridge; }
    QXYSeries* distanceSeries() const { return m_distance; }
    QXYSeries* predictorSeries() const { return m_predictorError; }
    QXYSeries* baselineSeries() const { return m_baselineError; }
    SquareHeatmap* patchPlot() const { return m_patch; }
    SquareHeatmap* predictionPlot() const { return m_prediction; }
    SquareHeatmap* errorPlot() const { return m_error; }
    SquareHeatmap* framePicture() const { return m_frame; }
    SquareHeatmap* framePrediction() const { return m_framePrediction; }
    MaskedHeatmap* frameError() const { return m_frameError; }
    BasisTilesView* basisView() const { return m_basis; }
    QLabel* readoutLabel() const { return m_readout; }
    QLabel* warningLabel() const { return m_warning; }

    // How many times this process has learned the models (not taken from the cache).
    static int learningCount();
    static void clearCache();

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const PredictiveCodingResult& shownResult() const
    {
        return static_cast<const PredictiveCodingResult&>(IntroPanel::shownResult());
    }

    QTabWidget* m_tabs = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_warning = nullptr;
    SquareHeatmap* m_patch = nullptr;
    SquareHeatmap* m_prediction = nullptr;
    SquareHeatmap* m_error = nullptr;
    BasisTilesView* m_basis = nullptr;
    widgets::XYPlot* m_energyPlot = nullptr;
    widgets::XYPlot* m_distancePlot = nullptr;
    QXYSeries* m_energy = nullptr;
    QXYSeries* m_ridge = nullptr;
    QXYSeries* m_energyMark = nullptr;
    QXYSeries* m_distance = nullptr;
    QXYSeries* m_distanceMark = nullptr;
    SquareHeatmap* m_frame = nullptr;
    SquareHeatmap* m_framePrediction = nullptr;
    MaskedHeatmap* m_frameError = nullptr;
    widgets::XYPlot* m_framePlot = nullptr;
    QXYSeries* m_predictorError = nullptr;
    QXYSeries* m_baselineError = nullptr;
    QXYSeries* m_eventMark = nullptr;
    QXYSeries* m_frameMark = nullptr;
};

}  // namespace neuroai::chapters
