#pragma once

#include "chapters/frontiers/FrontiersFigure.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Chapter 14, panel 2: a trained ReLU network and its rate-coded integrate-and-fire copy (ANN-to-SNN conversion) on
// the same task, with chapter 1's operation counting: the dense pass pays one multiply–add per connection, the
// spiking network one add per spike per synapse it reaches, on every one of T time steps. Plots, all against T on a
// log axis: the spiking network's test accuracy with the dense network's as a reference line; the energy per
// inference of both (log axis), with the break-even T* marked on both plots; the firing rates of the input and
// hidden layers; and, at the longest T, each hidden unit's spike rate against its normalised ANN activation (the
// conversion's promise: rate = clip(activation, 0, 1)). Engine: the batch experiment `spiking-energy`
// (engine/frontiers/FrontiersExperiments.h).
class SpikingEnergyPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit SpikingEnergyPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Spiking vs dense energy"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    const FrontiersResult& lastResult() const { return static_cast<const FrontiersResult&>(shownResult()); }

    widgets::XYPlot* accuracyPlot() const { return m_accuracyPlot; }
    widgets::XYPlot* energyPlot() const { return m_energyPlot; }
    widgets::XYPlot* ratePlot() const { return m_ratePlot; }
    widgets::XYPlot* conversionPlot() const { return m_conversionPlot; }
    QXYSeries* snnAccuracySeries() const { return m_snnAccuracy; }
    QXYSeries* denseAccuracySeries() const { return m_denseAccuracy; }
    QXYSeries* snnEnergySeries() const { return m_snnEnergy; }
    QXYSeries* denseEnergySeries() const { return m_denseEnergy; }
    // The break-even T* (vertical line) in the accuracy and the energy plot; empty when out of range.
    QXYSeries* breakEvenSeries(bool energy) const { return energy ? m_energyBreakEven : m_accuracyBreakEven; }
    QXYSeries* inputRateSeries() const { return m_inputRate; }
    QXYSeries* hiddenRateSeries() const { return m_hiddenRate; }
    QXYSeries* conversionSeries() const { return m_conversion; }
    QXYSeries* idealSeries() const { return m_ideal; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    widgets::XYPlot* m_accuracyPlot = nullptr;
    widgets::XYPlot* m_energyPlot = nullptr;
    widgets::XYPlot* m_ratePlot = nullptr;
    widgets::XYPlot* m_conversionPlot = nullptr;
    QXYSeries* m_snnAccuracy = nullptr;
    QXYSeries* m_denseAccuracy = nullptr;
    QXYSeries* m_accuracyBreakEven = nullptr;
    QXYSeries* m_snnEnergy = nullptr;
    QXYSeries* m_denseEnergy = nullptr;
    QXYSeries* m_energyBreakEven = nullptr;
    QXYSeries* m_inputRate = nullptr;
    QXYSeries* m_hiddenRate = nullptr;
    QXYSeries* m_conversion = nullptr;
    QXYSeries* m_ideal = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
