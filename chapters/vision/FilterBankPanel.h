#pragma once

#include "chapters/vision/VisionFigure.h"
#include "engine/vision/VisionExperiments.h"

#include <QImage>

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the filter-bank figure shows, computed on the job's thread.
struct FilterBankResult : IntroResult {
    vision::FilterBankRun run;
    MatrixImage picture;    // grey levels in [0, 1]
    MatrixImage strength;   // orientation map: |Σ_j E_j e^{2iθ_j}| per pixel over its 99th percentile (≤ 1)
    QImage orientationMap;  // hue = half the angle of that sum, brightness = strength
    MatrixImage energy;     // the shown filter's energy map, coloured over [0, its largest value]
};

// Chapter 4, panel 3: a picture of our own (test scene, forest, rings, grating) through a bank of Gabor energy
// filters: the picture, an orientation map (each pixel coloured by the orientation its filters prefer, bright where
// the preference is strong), the energy map of one chosen orientation, and the mean energy of every orientation
// over the picture with the strongest and the dominant orientation. Engine: the batch experiment `filter-bank`
// (VisionExperiments.h; Gabor.h's applyFilterBank, FFT for large problems).
class FilterBankPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit FilterBankPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Filter bank"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    GreyPicturePlot* picturePlot() const { return m_picturePlot; }
    OrientationMapPlot* orientationMapPlot() const { return m_mapPlot; }
    SquareHeatmap* energyPlot() const { return m_energyPlot; }
    widgets::XYPlot* meanEnergyPlot() const { return m_plot; }
    QXYSeries* meanEnergySeries() const { return m_meanPoints; }
    QXYSeries* strongestSeries() const { return m_strongest; }
    QLabel* readoutLabel() const { return m_readout; }
    const FilterBankResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const FilterBankResult& shownResult() const
    {
        return static_cast<const FilterBankResult&>(IntroPanel::shownResult());
    }
    GreyPicturePlot* m_picturePlot = nullptr;
    OrientationMapPlot* m_mapPlot = nullptr;
    SquareHeatmap* m_energyPlot = nullptr;
    widgets::XYPlot* m_plot = nullptr;
    QXYSeries* m_dominant = nullptr;
    QXYSeries* m_meanLine = nullptr;
    QXYSeries* m_meanPoints = nullptr;
    QXYSeries* m_shown = nullptr;
    QXYSeries* m_strongest = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
