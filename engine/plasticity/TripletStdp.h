#pragma once

#include "engine/network/SpikeRule.h"
#include "engine/plasticity/TraceSupport.h"

#include <vector>

namespace neuroai::plasticity {

// Triplet STDP after Pfister & Gerstner (2006, J Neurosci 26:9673), all-to-all interactions. Four traces, each
// decaying exponentially and raised by 1 at its neuron's spikes:
//   pre neuron i:  r₁ (τ₊), r₂ (τ_x);     post neuron j:  o₁ (τ₋), o₂ (τ_y).
// At a post spike of j, every incoming synapse i → j gains   r₁_i · (A₂₊ + A₃₊ · o₂_j(t − ε));
// at a pre spike of i, every outgoing synapse i → j loses    o₁_j · (A₂₋ + A₃₋ · r₂_i(t − ε)),
// where (t − ε) means the trace just before this spike's own increment. The pair terms (A₂) are the pair rule; the
// triplet terms make potentiation grow with the post neuron's recent firing (o₂) and depression with the pre
// neuron's (r₂). Each step is ordered as in PairStdp: decay by the exact factor e^{−dt/τ} (in O(1), DecayingTraces),
// pre spikes (depression, then r₁, r₂ += 1), post spikes (potentiation, reading r₁ with this step's pre spikes, then
// o₁, o₂ += 1); a same-step pre and post spike count as pre before post.
//
// The minimal all-to-all model fitted to visual cortex (Sjöström et al. 2001 data; Pfister & Gerstner 2006, their
// visual-cortex parameter table): A₂₊ = 0, A₃₊ = 6.5e-3, A₂₋ = 7.1e-3, A₃₋ = 0, τ₊ = 16.8 ms, τ₋ = 33.7 ms,
// τ_y = 114 ms (τ_x = 101 ms is unused when A₃₋ = 0). With independent Poisson pre and post trains at ρx, ρy the mean drift is
//   ρx ρy (−A₂₋τ₋ + A₃₊τ₊τ_y ρy)      (minimal model)
// which is zero at the BCM-like threshold ρy* = A₂₋τ₋/(A₃₊τ₊τ_y) ≈ 19.2 Hz: depression below, potentiation above.
//
// Additive weights clipped to [0, w_max]. Traces and weights in float, as in PairStdp. Times in ms.
struct TripletStdpParameters {
    double a2Plus = 0.0;       // A₂₊ ≥ 0
    double a3Plus = 6.5e-3;    // A₃₊ ≥ 0
    double a2Minus = 7.1e-3;   // A₂₋ ≥ 0
    double a3Minus = 0.0;      // A₃₋ ≥ 0
    double tauPlusMs = 16.8;   // τ₊ > 0
    double tauMinusMs = 33.7;  // τ₋ > 0
    double tauXMs = 101.0;     // τ_x > 0
    double tauYMs = 114.0;     // τ_y > 0
    double wMax = 1.0;         // w_max > 0

    static TripletStdpParameters visualCortexMinimal() { return {}; }
    // ρy* = A₂₋τ₋/(A₃₊τ₊τ_y) in Hz for the minimal model (A₂₊ = A₃₋ = 0).
    double bcmThresholdHz() const { return 1000.0 * a2Minus * tauMinusMs / (a3Plus * tauPlusMs * tauYMs); }
};

class TripletStdp final : public network::SpikeRule {
public:
    explicit TripletStdp(const TripletStdpParameters& parameters = TripletStdpParameters::visualCortexMinimal());

    void prepare(const network::Projection& projection, double dtMs) override;
    void step(network::Projection& projection, const std::vector<int>& preSpikes,
              const std::vector<int>& postSpikes) override;

    const TripletStdpParameters& parameters() const { return m_p; }
    std::vector<float> r1() const { return m_r1.values(); }
    std::vector<float> r2() const { return m_r2.values(); }
    std::vector<float> o1() const { return m_o1.values(); }
    std::vector<float> o2() const { return m_o2.values(); }

private:
    TripletStdpParameters m_p;
    float m_a2Plus = 0, m_a3Plus = 0, m_a2Minus = 0, m_a3Minus = 0, m_wMax = 0;
    detail::PreparedShape m_shape;
    detail::DecayingTraces m_r1, m_r2, m_o1, m_o2;
    std::vector<int> m_incomingSource;
};

}  // namespace neuroai::plasticity
