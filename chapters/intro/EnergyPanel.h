#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/analysis/EnergyMeter.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

using widgets::XYPlot;

// Everything the energy figure shows, computed on the job's thread by EnergyPanel::compute.
struct EnergyResult : IntroResult, EnergyRuns {};

// Energy and sparsity: the same 100–50–10 network run densely (one fp32 multiply–add per connection) and as a
// spiking network over T steps (one fp32 add per outgoing synapse of each spike), with exact operation counts and
// energies from per-operation costs. Plots: energy against network activity (measured sweep, the linear law, the
// dense cost and the break-even activity), and energy against the number of time steps. Engine: EnergyMeter.h.
class EnergyPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit EnergyPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Energy and sparsity"); }
    QList<widgets::DataSeries> dataSeries() override;

    XYPlot* activityPlot() const { return m_activityPlot; }
    XYPlot* stepsPlot() const { return m_stepsPlot; }
    QLabel* readout() const { return m_readout; }
    // The results on screen.
    const SpikingResult& lastSpiking() const { return shownResult().spiking; }
    const DenseResult& lastDense() const { return shownResult().dense; }
    double breakEven() const { return shownResult().breakEven; }

    // The figure's data for one state (any thread; only engine functions on its arguments). The network is built
    // here from the sizes and the seed: nothing is shared with the panel or with other jobs.
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const EnergyResult& shownResult() const { return static_cast<const EnergyResult&>(IntroPanel::shownResult()); }
    XYPlot* m_activityPlot = nullptr;
    XYPlot* m_stepsPlot = nullptr;
    QXYSeries* m_denseLine = nullptr;
    QXYSeries* m_spikeLaw = nullptr;
    QXYSeries* m_spikeMeasured = nullptr;
    QXYSeries* m_breakEvenLine = nullptr;
    QXYSeries* m_current = nullptr;
    QXYSeries* m_denseSteps = nullptr;
    QXYSeries* m_spikeSteps = nullptr;
    QXYSeries* m_currentSteps = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
