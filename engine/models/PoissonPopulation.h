#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"

namespace neuroai {

// N independent Poisson spike trains of one rate: the simplest large population, used to stream rasters of up to
// hundreds of thousands of neurons through the data path (and as a background population for networks later).
//
// Each neuron fires in each step of length dt with probability p = 1 − e^{−r·dt} (r in spikes per ms), independently
// of everything else, so its spike count over T is binomial with mean N·T·p/dt ≈ N·r·T. The spikes of a step are
// drawn by geometric skipping over the neuron index (gaps ~ Geometric(p)), so a step costs O(spikes), not O(N);
// each spike is stamped uniformly inside its step.
//
// Parameters (keys): n (neurons, a whole number), rate_hz [Hz], dt [ms].
// Channels: "rate", the population rate of the step in Hz (spikes / (N·dt)).
class PoissonPopulation final : public Model {
public:
    PoissonPopulation();

    std::string id() const override { return "poisson-population"; }
    std::string title() const override { return "Poisson population (independent spike trains)"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return m_dt; }
    double timeMs() const override { return double(m_steps) * m_dt; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override { return true; }  // no continuous state
    std::map<std::string, double> metrics() const override;

    int neuronCount() const { return m_n; }
    std::uint64_t spikeCount() const { return m_spikes; }

private:
    void applyParameters(const ParamSet& p) override;

    int m_n = 1000;
    double m_dt = 0.1;
    double m_p = 0;              // firing probability per neuron and step
    double m_logOneMinusP = 0;   // ln(1 − p), for the geometric gaps
    Random m_random;
    long m_steps = 0;
    std::uint64_t m_spikes = 0;
};

}  // namespace neuroai
