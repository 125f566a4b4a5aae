#pragma once

#include "engine/core/Model.h"
#include "engine/plasticity/SongMillerAbbott.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace neuroai::plasticity {

// Song, Miller & Abbott (2000) competitive STDP (SongMillerAbbott.h) as a live model for chapter 2: 1000 excitatory
// Poisson inputs with plastic conductances and 200 fixed inhibitory ones drive one conductance-based
// integrate-and-fire cell; the reader watches the histogram of g/g_max turn from flat to U-shaped while the output
// rate falls.
//
// Time: the simulation integrates at 0.1 ms, but the learning takes hundreds of simulated seconds, so one model step
// (dt() = 1 ms) is ten integration steps and the channels are sampled once per millisecond. A 600 s run is then
// 600 000 samples per channel (a few MB in the runner's history), not six million.
//
// Parameters (every one rebuilds the experiment and restarts the run: a learned weight distribution belongs to the
// settings it was learned with): correlation c of the excitatory inputs (PoissonInputs' shared-source mixing, the
// zero-lag correlation coefficient of two inputs is c²), input_rate (Hz, of the excitatory inputs), a_plus (A₊, the
// potentiation per pairing as a fraction of g_max), a_ratio (A₋/A₊) and g_max (in units of the leak conductance).
// Channels: v, the membrane potential at the end of each millisecond (mV); rate (rateHz()), the output spikes in the
// last kRateWindowMs divided by that window (by the time so far while shorter, but at least 1 s), in Hz. Output spikes go to the sink as
// neuron 0, timed at the end of the millisecond in which they happened.
// publish(): matrices[0] is the histogram of g/g_max in kBins bins (one row, counts of synapses), matrices[1] the
// weights g/g_max by input index, kWeightColumns inputs per row (input i at row i / kWeightColumns, column
// i % kWeightColumns).
class SongMillerAbbottModel final : public Model {
public:
    SongMillerAbbottModel();
    ~SongMillerAbbottModel() override;

    std::string id() const override { return "song-miller-abbott"; }
    std::string title() const override { return "Competitive STDP onto one neuron (Song, Miller & Abbott 2000)"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return kStepMs; }
    double timeMs() const override { return m_sim->timeMs(); }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    // rate_hz (the rate channel's value now), first_rate_hz (the rate over the first kRateWindowMs, once that much
    // time has passed; 0 before), time_s, spike_count, fraction_low (share of synapses with g < 0.1 g_max),
    // fraction_high (g > 0.9 g_max), mean_weight (mean g/g_max), input_correlation (c² as set: the zero-lag
    // correlation coefficient of two inputs).
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    // Output spikes in the last kRateWindowMs (counted per millisecond, as the sink receives them) per second of
    // that window, or of the time so far while shorter but at least kMinRateSpanMs (one spike in the first
    // millisecond would otherwise read as 1000 Hz); 0 at time 0.
    double rateHz() const;
    const SongMillerAbbott& simulation() const { return *m_sim; }
    // The parameters the simulation is built with, from a parameter set of this model.
    static SongMillerAbbottParameters simulationParameters(const ParamSet& p);

    static constexpr double kStepMs = 1.0;
    static constexpr double kRateWindowMs = 5000.0;
    static constexpr double kMinRateSpanMs = 1000.0;
    static constexpr int kBins = 25;
    static constexpr int kWeightColumns = 40;
    static constexpr double kLowFraction = 0.1;   // "near 0": g < 0.1 g_max
    static constexpr double kHighFraction = 0.9;  // "near g_max": g > 0.9 g_max

private:
    void applyParameters(const ParamSet& p) override;
    void build();

    std::unique_ptr<SongMillerAbbott> m_sim;
    std::uint64_t m_seed = 1;
    double m_firstRateHz = 0;
    std::vector<std::uint32_t> m_windowCounts;  // output spikes of each of the last kRateWindowMs milliseconds (ring)
    std::uint64_t m_windowSpikes = 0;           // their sum
};

}  // namespace neuroai::plasticity
