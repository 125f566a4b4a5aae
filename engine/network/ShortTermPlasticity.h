#pragma once

#include "engine/models/TsodyksMarkram.h"

#include <cstdint>
#include <vector>

namespace neuroai::network {

// Tsodyks–Markram short-term plasticity on a projection: the model of engine/models/TsodyksMarkram.h (u facilitates
// and relaxes to 0 with τ_facil, x recovers to 1 with τ_rec, a spike releases u·x with u taken after its increment
// and x before depletion), applied to every synapse of the projection.
//
// The state is kept per presynaptic neuron, not per synapse: all synapses of one presynaptic neuron see the same
// spike train and share the parameters, so their u and x are equal at all times and one copy is exact (and the cost
// is one update per presynaptic spike instead of one per synapse). Synapses with parameters of their own would need
// per-synapse state.
//
// The update is event-driven and exact: nothing happens between spikes; at a spike of neuron i in step s the
// closed-form relaxation over the elapsed (s − s_last)·dt is applied, then the spike. State is in double so the
// released fractions equal the reference recursion to rounding. The network delivers w·u·x through each synapse of
// the spiking neuron (the convention of Brian2's Tsodyks–Markram example: the efficacy w times the released fraction).
class ShortTermPlasticity {
public:
    // Throws std::invalid_argument unless 0 < U ≤ 1 and both time constants are finite and ≥ 0.
    ShortTermPlasticity(const TsodyksMarkramParameters& parameters, int preCount, double dtMs);

    // Rested synapses: x = 1, u = 0, no spike seen, last release 0.
    void reset();
    // Neuron i spikes in step `step` (not earlier than its previous spike): relaxes its u and x over the elapsed
    // time, applies the spike, and returns the release u·x.
    double spike(int i, std::int64_t step);

    // State of neuron i just after its most recent spike (u after facilitation, x after release), or the rested state.
    double u(int i) const { return m_u[std::size_t(i)]; }
    double x(int i) const { return m_x[std::size_t(i)]; }
    // The fraction released by neuron i's most recent spike (0 before the first).
    double lastRelease(int i) const { return m_release[std::size_t(i)]; }
    std::int64_t lastSpikeStep(int i) const { return m_lastStep[std::size_t(i)]; }
    const TsodyksMarkramParameters& parameters() const { return m_p; }
    int preCount() const { return int(m_u.size()); }

private:
    TsodyksMarkramParameters m_p;
    double m_dt;
    std::vector<double> m_u, m_x, m_release;
    std::vector<std::int64_t> m_lastStep;  // −1: no spike yet
};

}  // namespace neuroai::network
