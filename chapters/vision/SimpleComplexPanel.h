#pragma once

#include "chapters/vision/VisionFigure.h"
#include "engine/vision/VisionExperiments.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the simple-vs-complex figure shows, computed on the job's thread.
struct SimpleComplexResult : IntroResult {
    vision::SimpleComplexRun run;
    MatrixImage grating;  // ±2° of the grating at the snapshot time, luminance 0.5·(1 + c·cos …)
    MatrixImage kernel;   // ±2° of the simple cell's receptive field (peak envelope 1)
};

// Chapter 4, panel 2: a drifting grating (orientation offset from the cell's preference, frequency, contrast) as a
// picture at a chosen moment with the cell's receptive field outlined, the cell's receptive field, and over two
// drift cycles the linear responses of the cell's filter and of its quadrature partner with the simple cell
// (half-wave rectified) and the complex cell (energy model). The readout gives F0, F1 and F1/F0 of both with
// Skottun et al.'s criterion. Engine: the batch experiment `simple-complex` (VisionExperiments.h, Gabor.h).
class SimpleComplexPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit SimpleComplexPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Simple and complex cells"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    GreyPicturePlot* gratingPlot() const { return m_gratingPlot; }
    SquareHeatmap* kernelPlot() const { return m_kernelPlot; }
    widgets::XYPlot* responsePlot() const { return m_plot; }
    QXYSeries* simpleSeries() const { return m_simple; }
    QXYSeries* complexSeries() const { return m_complex; }
    QXYSeries* linearCellSeries() const { return m_linearCell; }
    QXYSeries* linearQuadratureSeries() const { return m_linearQuadrature; }
    QXYSeries* snapshotSeries() const { return m_snapshot; }
    QLabel* readoutLabel() const { return m_readout; }
    const SimpleComplexResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const SimpleComplexResult& shownResult() const
    {
        return static_cast<const SimpleComplexResult&>(IntroPanel::shownResult());
    }
    GreyPicturePlot* m_gratingPlot = nullptr;
    SquareHeatmap* m_kernelPlot = nullptr;
    widgets::XYPlot* m_plot = nullptr;
    QXYSeries* m_zero = nullptr;
    QXYSeries* m_snapshot = nullptr;
    QXYSeries* m_linearCell = nullptr;
    QXYSeries* m_linearQuadrature = nullptr;
    QXYSeries* m_simple = nullptr;
    QXYSeries* m_complex = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
