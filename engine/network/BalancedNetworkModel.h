#pragma once

#include "engine/core/Model.h"
#include "engine/network/Network.h"

#include <memory>

namespace neuroai::network {

// The Vogels & Abbott (2005) balanced network (the CUBA benchmark, see Cuba.h) as a live model for chapter 6: 80 %
// excitatory and 20 % inhibitory LIF cells, each receiving about K random synapses, kept firing irregularly at a few
// Hz by the balance of recurrent excitation and inhibition. The reader moves the E and I weights and stimulates one
// population, either with a constant bias (a DC input, as tDCS nudges membrane potentials) or with a train of
// rectangular pulses, and watches the raster and both population rates shift.
//
// Parameters: n (neurons) and k (synapses per neuron) rebuild the network (restartsRun); we and wi (mV, the jump a
// spike causes in ge or gi) act on the running network; stim_target, stim_mode, stim_amplitude (mV, the bias: the
// voltage it would move a cell at rest), pulse_rate (Hz) and pulse_width (ms) act from the next step.
// Channels: the E and I population rates (Hz, each step's spikes per cell and second, smoothed with a 5 ms
// exponential kernel) and the stimulus applied to the target population (mV). Spikes go to the sink with the cell's
// index in the whole network: excitatory cells 0 … N_E − 1, then the inhibitory ones.
class BalancedNetworkModel final : public Model {
public:
    BalancedNetworkModel();
    ~BalancedNetworkModel() override;

    std::string id() const override { return "balanced-network"; }
    std::string title() const override { return "Balanced E/I network of LIF cells (Vogels & Abbott 2005)"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return kDtMs; }
    double timeMs() const override { return m_network ? m_network->timeMs() : 0.0; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    // spike_count, mean_rate_hz (all cells, since reset), rate_e_hz and rate_i_hz (each population's rate averaged
    // over the last ~100 ms: an exponential average with τ = 100 ms), synaptic_events.
    std::map<std::string, double> metrics() const override;

    const Network& network() const { return *m_network; }
    int excitatoryCount() const { return m_network->size(0); }
    int inhibitoryCount() const { return m_network->size(1); }
    // The stimulus (mV) the target population receives in the step starting at time tMs.
    double stimulusAt(double tMs) const;

    static constexpr double kDtMs = 0.1;
    static constexpr double kRateSmoothingMs = 5.0;
    static constexpr double kRecentRateMs = 100.0;

private:
    std::string checkConstraints(const ParamSet& p) const override;
    void applyParameters(const ParamSet& p) override;
    void build();
    void applyWeights();

    std::unique_ptr<Network> m_network;
    std::uint64_t m_seed = 1;
    int m_builtNeurons = 0;
    int m_builtSynapses = 0;
    double m_smoothE = 0, m_smoothI = 0;  // per-step rates through the 5 ms kernel (Hz)
    double m_recentE = 0, m_recentI = 0;  // through the 100 ms kernel (Hz)
};

}  // namespace neuroai::network
