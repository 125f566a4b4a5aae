#pragma once

#include "chapters/information/InformationFigure.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Efficient coding after Laughlin (1981) (chapter 7, panel 2): a neuron with K distinguishable output levels codes a
// heavy-tailed contrast. Plots: the stimulus density; the tuning curve adapted to the experienced stimuli (it follows
// their cumulative distribution: histogram equalisation) with the true cumulative distribution dashed and a linear
// curve; the share of stimuli that lands on each output level for both curves with 1/K dashed. The readout compares
// the output entropies with log2 K. Engine: the batch experiment `efficient-coding` (InformationExperiments.h).
class EfficientCodingPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit EfficientCodingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Efficient coding"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* densityPlot() const { return m_densityPlot; }
    widgets::XYPlot* curvePlot() const { return m_curvePlot; }
    widgets::XYPlot* levelPlot() const { return m_levelPlot; }
    QXYSeries* densitySeries() const { return m_density; }
    QXYSeries* equalisingCurve() const { return m_equalising; }
    QXYSeries* trueCdf() const { return m_cdf; }
    QXYSeries* linearCurve() const { return m_linear; }
    // Share of stimuli per output level (one point per level, x = 1…K).
    QXYSeries* equalisedLevels() const { return m_levelsEqualised; }
    QXYSeries* linearLevels() const { return m_levelsLinear; }
    QXYSeries* uniformLevel() const { return m_uniform; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    widgets::XYPlot* m_densityPlot = nullptr;
    QXYSeries* m_density = nullptr;
    widgets::XYPlot* m_curvePlot = nullptr;
    QXYSeries* m_cdf = nullptr;
    QXYSeries* m_linear = nullptr;
    QXYSeries* m_equalising = nullptr;
    widgets::XYPlot* m_levelPlot = nullptr;
    QXYSeries* m_uniform = nullptr;
    QXYSeries* m_levelsLinearStep = nullptr;
    QXYSeries* m_levelsEqualisedStep = nullptr;
    QXYSeries* m_levelsLinear = nullptr;
    QXYSeries* m_levelsEqualised = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
