#pragma once

#include <vector>

namespace neuroai {

// Short-term synaptic plasticity after Tsodyks & Markram (1997, PNAS 94:719) with facilitation as in Tsodyks,
// Pawelzik & Markram (1998, Neural Comput 10:821) and Markram, Wang & Tsodyks (1998, PNAS 95:5323).
//
// Two variables per synapse, both dimensionless:
//   x  fraction of resources available for release (recovers towards 1 with τ_rec),
//   u  utilisation, the fraction of the available resources a spike releases (relaxes towards 0 with τ_facil).
// Between spikes
//   dx/dt = (1 − x)/τ_rec,        du/dt = −u/τ_facil,
// and at a presynaptic spike, in this order:
//   u ← u + U·(1 − u)              (facilitation; with τ_facil = 0 u is back at 0 before every spike, so u = U)
//   release r = u·x                (the PSC amplitude is A·r for a synaptic efficacy A)
//   x ← x − r                      (depletion)
// The update is event-based and exact: between spikes both equations are solved in closed form,
// x(t+Δ) = 1 − (1 − x)·e^{−Δ/τ_rec}, u(t+Δ) = u·e^{−Δ/τ_facil}. A time constant of 0 means "instantaneous"
// (the decay factor is 0): τ_rec = 0 gives full recovery before every spike, τ_facil = 0 no facilitation, and both
// together a static synapse releasing U at every spike.
//
// For a regular train with interval Δ (F = e^{−Δ/τ_facil}, D = e^{−Δ/τ_rec}) u and x at the arrival of a spike
// (u after its increment, x before release) converge to
//   u_ss = U / (1 − (1 − U)·F),      x_ss = (1 − D) / (1 − (1 − u_ss)·D).
//
// Times in ms. Presets: depressing U 0.5, τ_rec 800 ms, τ_facil 0 (pyramidal-to-pyramidal connections, Tsodyks &
// Markram 1997); facilitating U 0.03, τ_rec 130 ms, τ_facil 530 ms (pyramidal-to-interneuron, Tsodyks, Pawelzik &
// Markram 1998); static U 0.5, τ_rec 0, τ_facil 0.
struct TsodyksMarkramParameters {
    double u = 0.5;           // U, release probability of a rested synapse (0 < U ≤ 1)
    double tauRecMs = 800.0;  // τ_rec ≥ 0
    double tauFacilMs = 0.0;  // τ_facil ≥ 0

    static TsodyksMarkramParameters depressing() { return {0.5, 800.0, 0.0}; }
    static TsodyksMarkramParameters facilitating() { return {0.03, 130.0, 530.0}; }
    static TsodyksMarkramParameters staticSynapse() { return {0.5, 0.0, 0.0}; }
};

class TsodyksMarkram {
public:
    explicit TsodyksMarkram(const TsodyksMarkramParameters& parameters = {});

    // Back to a rested synapse: x = 1, u = 0, no spike seen yet.
    void reset();
    // A presynaptic spike at tMs (not earlier than the previous one): returns the release u·x and updates the state.
    double spike(double tMs);

    // State just after the most recent spike (x after release, u after facilitation), or the rested state.
    double x() const { return m_x; }
    double u() const { return m_u; }
    // State a time tMs ≥ the last spike, without changing anything (u, x between spikes).
    double xAt(double tMs) const;
    double uAt(double tMs) const;
    const TsodyksMarkramParameters& parameters() const { return m_p; }

    struct SteadyState {
        double u = 0;  // at arrival, after the facilitation increment
        double x = 0;  // at arrival, before release
        double release() const { return u * x; }
    };
    static SteadyState steadyState(const TsodyksMarkramParameters& p, double intervalMs);
    // The releases u·x of a regular train of `count` spikes with the given interval, from a rested synapse.
    static std::vector<double> regularTrain(const TsodyksMarkramParameters& p, double intervalMs, int count);

private:
    static double decay(double elapsedMs, double tauMs);

    TsodyksMarkramParameters m_p;
    double m_x = 1.0;
    double m_u = 0.0;
    double m_lastSpikeMs = 0.0;
    bool m_hasSpiked = false;
};

}  // namespace neuroai
