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

// What the receptive-field figure shows, computed on the job's thread.
struct ReceptiveFieldResult : IntroResult {
    vision::GaborTuningRun run;
    MatrixImage kernel, quadrature;  // ±2° of the cell's kernel and of its φ + 90° partner (peak envelope 1)
};

// Chapter 4, panel 1: a Gabor receptive field (θ, f, φ, σ, γ) drawn as an image beside its quadrature partner, and
// its tuning measured with drifting gratings: orientation (simple cell F1, complex cell F0, normalised) with the
// closed-form half-width at half height marked, and spatial frequency on a log axis with the closed-form f₋, f₊.
// The readout compares measured and closed-form widths and gives the DC leak and both cells' F1/F0.
// Engine: the batch experiment `gabor-tuning` (VisionExperiments.h, Gabor.h).
class ReceptiveFieldPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit ReceptiveFieldPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Gabor receptive fields"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    SquareHeatmap* kernelPlot() const { return m_kernelPlot; }
    SquareHeatmap* quadraturePlot() const { return m_quadraturePlot; }
    widgets::XYPlot* orientationPlot() const { return m_orientationPlot; }
    widgets::XYPlot* frequencyPlot() const { return m_frequencyPlot; }
    QXYSeries* orientationSimpleSeries() const { return m_oriSimple; }
    QXYSeries* orientationComplexSeries() const { return m_oriComplex; }
    QXYSeries* halfWidthSeries() const { return m_oriLeft; }
    QXYSeries* frequencySimpleSeries() const { return m_freqSimple; }
    QLabel* readoutLabel() const { return m_readout; }
    const ReceptiveFieldResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const ReceptiveFieldResult& shownResult() const
    {
        return static_cast<const ReceptiveFieldResult&>(IntroPanel::shownResult());
    }
    SquareHeatmap* m_kernelPlot = nullptr;
    SquareHeatmap* m_quadraturePlot = nullptr;
    widgets::XYPlot* m_orientationPlot = nullptr;
    QXYSeries* m_oriHalf = nullptr;
    QXYSeries* m_oriLeft = nullptr;
    QXYSeries* m_oriRight = nullptr;
    QXYSeries* m_oriSimple = nullptr;
    QXYSeries* m_oriComplex = nullptr;
    widgets::XYPlot* m_frequencyPlot = nullptr;
    QXYSeries* m_freqHalf = nullptr;
    QXYSeries* m_freqLow = nullptr;
    QXYSeries* m_freqHigh = nullptr;
    QXYSeries* m_freqSimple = nullptr;
    QXYSeries* m_freqComplex = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
