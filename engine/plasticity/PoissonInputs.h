#pragma once

#include "engine/core/Random.h"

#include <cstdint>
#include <vector>

namespace neuroai::plasticity {

// N Poisson-like input trains on a grid of step dt: in every step each neuron spikes with probability p = ρ·dt
// (Bernoulli; at most one spike per step), so the mean rate is exactly ρ and the trains are Poisson in the limit
// dt → 0. Cost O(spikes) per step, not O(N): the (step, neuron) cells are one long Bernoulli sequence walked by
// geometric gaps (failures before the next success ~ Geometric(p)), which may run across step boundaries.
//
// Correlation c ∈ [0, 1] (shared-source mixing): a hidden source train fires in each step with probability p; when it
// does, each neuron copies the spike with probability c. Independently, each neuron also fires with probability
// (1 − c)·p per step. A neuron's rate is then p(1 − c(1 − c)p)/dt, ρ up to a relative deficit c(1 − c)p (both parts in
// one step count once; at most 4e-4 at 15 Hz and dt = 0.1 ms). Two neurons share the source's copied spikes: their
// per-step spike indicators have covariance p(1 − p)c²(1 − q)² with q = (1 − c)p, so the zero-lag correlation
// coefficient is c² to within about 2p, and it is zero at any other lag. c = 0 gives independent trains (and draws
// no source).
class PoissonInputs {
public:
    // Throws std::invalid_argument naming the parameter: n > 0, ρ ≥ 0 with ρ·dt ≤ 1, dt > 0, 0 ≤ c ≤ 1.
    PoissonInputs(int n, double rateHz, double dtMs, std::uint64_t seed, double correlation = 0.0);

    // The neurons spiking in the next step, in increasing order (valid until the next call).
    const std::vector<int>& step();
    void reseed(std::uint64_t seed);

    int size() const { return m_n; }
    double rateHz() const { return m_rateHz; }
    double correlation() const { return m_c; }

private:
    std::int64_t gap(double logOneMinusP);

    int m_n;
    double m_rateHz, m_dt, m_c;
    double m_logIndependent = 0;  // ln(1 − (1 − c)p)
    double m_pSource = 0;         // p
    double m_logCopy = 0;         // ln(1 − c)
    Random m_random;
    std::int64_t m_next = 0;      // next independent spike, as a cell offset from the current step's first cell
    std::vector<int> m_spikes, m_independent, m_copies;
};

}  // namespace neuroai::plasticity
