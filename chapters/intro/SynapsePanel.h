#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/analysis/SynapticTrain.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

using widgets::XYPlot;

// Everything the synapse figure shows, computed on the job's thread by SynapsePanel::compute.
struct SynapseResult : IntroResult {
    SynapticTrainSetup setup;
    SynapticTrainRun run;
    // The membrane decimated for the plot: at most two points (min, max) per 1/2000 of the trace, in time order.
    std::vector<double> plotT, plotV;  // ms, mV
};

// Repeated stimulation: a regular presynaptic train through a depressing, facilitating or static Tsodyks–Markram
// synapse into a LIF neuron, next to a perceptron that answers every repeat the same. Plots: PSC amplitude per
// pulse (synapse, its analytic steady state, the perceptron's constant), and the neuron's membrane with threshold
// and spikes. Engine: SynapticTrain.h, TsodyksMarkram.h.
class SynapsePanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit SynapsePanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Repeated stimulation"); }
    QList<widgets::DataSeries> dataSeries() override;

    XYPlot* amplitudePlot() const { return m_amplitudes; }
    XYPlot* tracePlot() const { return m_trace; }
    QLabel* readout() const { return m_readout; }
    // The run on screen.
    const SynapticTrainRun& lastRun() const { return shownResult().run; }

    // The figure's data for one state (any thread; only engine functions on its arguments).
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    const SynapseResult& shownResult() const
    {
        return static_cast<const SynapseResult&>(IntroPanel::shownResult());
    }
    XYPlot* m_amplitudes = nullptr;
    XYPlot* m_trace = nullptr;
    QXYSeries* m_psc = nullptr;
    QXYSeries* m_pscLine = nullptr;
    QXYSeries* m_steady = nullptr;
    QXYSeries* m_perceptron = nullptr;
    QXYSeries* m_v = nullptr;
    QXYSeries* m_threshold = nullptr;
    QXYSeries* m_spikes = nullptr;
    QXYSeries* m_pulses = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
