#pragma once

#include "engine/network/Projection.h"
#include "engine/plasticity/PairStdp.h"
#include "engine/plasticity/PoissonInputs.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace neuroai::plasticity {

// The experiment of Song, Miller & Abbott (2000, Nat Neurosci 3:919), "Competitive Hebbian learning through
// spike-timing-dependent synaptic plasticity": one conductance-based integrate-and-fire neuron driven by N_ex
// excitatory Poisson inputs whose peak conductances learn by additive, bounded pair STDP, and N_in inhibitory Poisson
// inputs of fixed strength. STDP makes the inputs compete: causal (pre-before-post) pairings favour the synapses that
// already help fire the cell, depression slightly outweighs potentiation (A₋τ₋ > A₊τ₊), and the weights split towards
// the two bounds (a U-shaped, bimodal distribution) while the output rate falls and becomes nearly independent of the
// input rate.
//
// Neuron (conductances in units of the leak conductance, voltages in mV, times in ms):
//   τm dV/dt = (V_rest − V) + g_ex (E_ex − V) + g_in (E_in − V),   spike when V ≥ V_th, then V = V_reset;
//   τ_ex dg_ex/dt = −g_ex,  τ_in dg_in/dt = −g_in;  an input spike through synapse a adds its g_a (excitatory, learned,
//   in [0, g_max]) or ḡ_in (inhibitory, fixed) to the conductance.
// Each step of dt the conductances are replaced by their exact mean over the step (g·τ(1 − e^{−dt/τ})/dt), with which
// V's linear equation is solved exactly; then the conductances decay by e^{−dt/τ}. No refractory period.
// STDP (PairStdp, additive, all-to-all): Δg_a = g_max·A₊e^{−Δt/τ₊} for pre before post, −g_max·A₋e^{Δt/τ₋} otherwise,
// clipped to [0, g_max].
//
// Defaults (Song, Miller & Abbott 2000, Methods; values as used in this project's brief and SCIENCE.md): τm 20 ms,
// V_rest −70, V_th −54, V_reset −60, E_ex 0, E_in −70 mV, τ_ex = τ_in = 5 ms, g_max 0.015, ḡ_in 0.05, 1000 excitatory
// inputs (the paper drives them at 10–40 Hz; 15 Hz here, SCIENCE.md), 200 inhibitory at 10 Hz, A₊ 0.005,
// A₋/A₊ 1.05, τ₊ = τ₋ = 20 ms. Initial excitatory weights uniform in [0, g_max] (a choice of ours; the statement that
// matters, bimodality and a falling rate, does not depend on it). Step 0.1 ms.
//
// Input correlation c (PoissonInputs): each excitatory input copies a shared source's spikes with probability c and
// fires independently at (1 − c)ρ otherwise, keeping its rate; c = 0 (default) is the paper's uncorrelated case.
// correlatedFraction (default 1: every input) limits the correlation to the first round(fraction·N_ex) inputs; the
// others fire independently at the same rate. Two groups, one correlated and one not, is the paper's test of what
// the competition selects (the correlated group wins).
//
// Order within a step (as the network's): draw this step's input spikes, integrate V with the conductances so far,
// threshold and reset, let STDP see this step's pre and post spikes, then add the input spikes to the conductances.
struct SongMillerAbbottParameters {
    int excitatory = 1000;
    int inhibitory = 200;
    double excitatoryRateHz = 15.0;
    double inhibitoryRateHz = 10.0;
    double correlation = 0.0;
    double correlatedFraction = 1.0;  // share of the excitatory inputs (the first ones) that carry the correlation
    double tauMMs = 20.0;
    double vRest = -70.0;
    double vThreshold = -54.0;
    double vReset = -60.0;
    double eEx = 0.0;
    double eIn = -70.0;
    double tauExMs = 5.0;
    double tauInMs = 5.0;
    double gMax = 0.015;
    double gIn = 0.05;
    double aPlus = 0.005;        // fraction of g_max per pairing
    double aMinusRatio = 1.05;   // A₋/A₊
    double tauPlusMs = 20.0;
    double tauMinusMs = 20.0;
    double dtMs = 0.1;
    double rateWindowMs = 10000.0;  // window of outputRateHz()
    double initialLow = 0.0;        // initial weights uniform in [initialLow, initialHigh]·g_max (0 ≤ low ≤ high ≤ 1)
    double initialHigh = 1.0;
};

class SongMillerAbbott {
public:
    // Throws std::invalid_argument naming the first bad parameter.
    explicit SongMillerAbbott(const SongMillerAbbottParameters& parameters = {}, std::uint64_t seed = 1);

    // Back to time 0: weights uniform in [0, g_max] from the seed, V = V_rest, no conductance, empty traces, inputs
    // reseeded.
    void reset(std::uint64_t seed);
    // Advances by whole steps covering `ms` (rounded to the nearest step count).
    void advance(double ms);

    double timeMs() const { return double(m_steps) * m_p.dtMs; }
    double v() const { return m_v; }
    const std::vector<float>& weights() const { return m_projection.weights(); }  // g_a, in units of the leak
    // Counts of g_a/g_max in `bins` equal bins over [0, 1] (g_max itself in the last bin).
    std::vector<int> histogram(int bins) const;
    // Output spikes per second over the last rateWindowMs (over the time so far while shorter); 0 at time 0.
    double outputRateHz() const;
    std::uint64_t outputSpikes() const { return m_outputSpikes; }
    const SongMillerAbbottParameters& parameters() const { return m_p; }

private:
    void step();

    SongMillerAbbottParameters m_p;
    network::Projection m_projection;
    PairStdp m_stdp;
    PoissonInputs m_excitatory, m_inhibitory;
    std::unique_ptr<PoissonInputs> m_independent;  // inputs correlatedCount … N_ex − 1 when only some are correlated
    int m_correlatedCount = 0;
    std::vector<int> m_exSpikes;
    double m_decayM = 0, m_decayEx = 0, m_decayIn = 0, m_meanEx = 0, m_meanIn = 0;
    double m_v = 0, m_gEx = 0, m_gIn = 0;
    std::int64_t m_steps = 0;
    std::uint64_t m_outputSpikes = 0;
    std::deque<std::int64_t> m_recentSpikes;  // steps of the output spikes inside the rate window
    std::vector<int> m_post;
};

}  // namespace neuroai::plasticity
