#pragma once

#include "engine/network/SpikeRule.h"
#include "engine/plasticity/TraceSupport.h"

#include <vector>

namespace neuroai::plasticity {

// Pair-based spike-timing-dependent plasticity. For a presynaptic spike at t_pre and a postsynaptic one at t_post,
// Δt = t_post − t_pre:
//   Δw = +A₊ e^{−Δt/τ₊}    if Δt ≥ 0 (pre before post, or in the same step),
//   Δw = −A₋ e^{ Δt/τ₋}    if Δt < 0 (post before pre).
// It runs on traces, one per neuron, never per synapse: x_i (pre neuron i, decays with τ₊) and y_j (post neuron j,
// decays with τ₋). Each step:
//   1. every trace is multiplied by e^{−dt/τ} (the exact solution of τ ẋ = −x over one step; done in O(1) through a
//      common scale factor, see DecayingTraces in TraceSupport.h, so silent neurons cost nothing);
//   2. each presynaptic spike i depresses its row (CSR, the synapses i → j) by A₋·y_j, then bumps x_i;
//   3. each postsynaptic spike j potentiates its incoming synapses (through the projection's transpose index) by
//      A₊·x_i, then bumps y_j.
// Because pre spikes are applied first, a pre and a post spike in the same step count as Δt = 0, pre before post:
// potentiation A₊ and no depression (the convention of Brian2's STDP example, whose on_pre pathway runs before
// on_post).
//
// Pairing:
//   AllToAll: a spike adds 1 to its trace, so every earlier spike of the other side contributes (the sum of all
//             pairs).
//   Nearest:  a spike sets its trace to 1, so only the most recent spike of the other side counts: each post spike
//             pairs with the latest pre spike before it and each pre spike with the latest post spike before it
//             (the symmetric nearest-spike scheme of Morrison, Diesmann & Gerstner 2008, Biol Cybern 98:459; a pre
//             spike may serve in pairs with several post spikes and vice versa).
// With independent Poisson trains at rates ρpre, ρpost the mean drift per unit time is (continuous time)
//   AllToAll: ρpre ρpost (A₊τ₊ − A₋τ₋)
//   Nearest:  ρpre ρpost (A₊τ₊/(1 + ρpre τ₊) − A₋τ₋/(1 + ρpost τ₋))
// (for Nearest, the time back to the latest spike of a Poisson train is exponential with rate ρ, and
// E[e^{−T/τ}] = ρτ/(1 + ρτ)). On a grid of step dt the all-to-all terms become A₊(τ₊ + dt/2) and A₋(τ₋ − dt/2) to
// first order, because a same-step pair counts fully as potentiation.
//
// Weight dependence (w_max > 0, weights kept in [0, w_max] by clipping after every change):
//   Additive:       Δw₊ = A₊ x,             Δw₋ = −A₋ y               (Song, Miller & Abbott 2000);
//   Multiplicative: Δw₊ = A₊ (w_max − w) x, Δw₋ = −A₋ w y             (soft bounds, after van Rossum, Bi &
//                   Turrigiano 2000 and Gütig et al. 2003 with μ = 1; clipping only acts if A·trace exceeds 1).
//
// Traces and weights are float (the projection's weights are float). The traces' common decay dⁿ is kept in double,
// so a trace read n steps after a spike is dⁿ up to a few float roundings (relative ~1e-7), not n of them. Times in ms.
enum class WeightDependence { Additive, Multiplicative };
enum class Pairing { AllToAll, Nearest };

struct PairStdpParameters {
    double aPlus = 0.005;          // A₊ ≥ 0 (in weight units; multiplicative: a fraction of w_max − w)
    double aMinus = 0.00525;       // A₋ ≥ 0 (multiplicative: a fraction of w)
    double tauPlusMs = 20.0;       // τ₊ > 0
    double tauMinusMs = 20.0;      // τ₋ > 0
    double wMax = 1.0;             // w_max > 0
    WeightDependence dependence = WeightDependence::Additive;
    Pairing pairing = Pairing::AllToAll;
};

class PairStdp final : public network::SpikeRule {
public:
    // Throws std::invalid_argument naming the first bad parameter.
    explicit PairStdp(const PairStdpParameters& parameters);

    // Sizes and zeroes the traces, builds the source of every incoming synapse. Throws on a bad dt.
    void prepare(const network::Projection& projection, double dtMs) override;
    // Throws std::invalid_argument if the projection is not the one prepared or a spike index is out of range,
    // std::logic_error before prepare().
    void step(network::Projection& projection, const std::vector<int>& preSpikes,
              const std::vector<int>& postSpikes) override;

    const PairStdpParameters& parameters() const { return m_p; }
    std::vector<float> preTrace() const { return m_pre.values(); }    // x_i
    std::vector<float> postTrace() const { return m_post.values(); }  // y_j

private:
    PairStdpParameters m_p;
    float m_aPlus = 0, m_aMinus = 0, m_wMax = 0;
    detail::PreparedShape m_shape;
    detail::DecayingTraces m_pre, m_post;
    std::vector<int> m_incomingSource;
};

}  // namespace neuroai::plasticity
