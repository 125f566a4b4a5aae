#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"

#include <Eigen/Core>

#include <cmath>
#include <deque>

namespace neuroai {

// Leaky integrate-and-fire neuron (Lapicque 1907; Dayan & Abbott 2001, §5.4).
//
//   τm dV/dt = −(V − V_rest) + R·I(t)          V in mV, t in ms, R in MΩ, I in nA (MΩ·nA = mV)
//   when V reaches V_th from below: spike, V ← V_reset, V held at V_reset for t_ref.
//
// Integration is exact: the input is held constant over each step of length dt, and over such a step the linear
// equation has the closed-form solution V(t+h) = V∞ + (V(t) − V∞)·e^{−h/τm} with V∞ = V_rest + R·I.
//
// Spike-time convention: a spike is stamped at the exact instant V reaches V_th inside the step,
//   t* = t + τm·ln((V(t) − V∞)/(V_th − V∞)),
// the reset happens at t*, the refractory clamp runs from t* to t* + t_ref, and the rest of the step is integrated
// exactly from there (several spikes per step are possible with t_ref = 0 and strong input). Recorded samples are
// taken at the end of each step, so V never appears above V_th in a trace. The neuron can only cross threshold
// when V∞ > V_th; at or below rheobase (V_th − V_rest)/R it never spikes, whatever the rounding. Consequently the
// steady firing rate equals 1/(t_ref + τm·ln((V∞ − V_reset)/(V∞ − V_th))) to rounding error, independent of dt.
//
// Noise (optional): an Ornstein–Uhlenbeck current η with standard deviation σ_noise (nA) and correlation time
// τ_noise (ms) is added to I; it is updated exactly at the start of each step, η ← η·a + σ·√(1−a²)·ξ,
// a = e^{−dt/τ_noise}, starts from its stationary distribution, and draws from the model's seeded Random.
// For a free membrane (no threshold) the stationary variance of V is (R·σ)²·τ_noise/(τ_noise + τm).
//
// Parameters (keys): tau_m [ms], v_rest, v_th, v_reset [mV], r_m [MΩ], i_ext [nA], t_ref [ms], dt [ms],
// noise_sigma [nA], noise_tau [ms]. Defaults are the handbook's: 20 ms, −70, −54, −80 mV, 10 MΩ, 1.8 nA, 0 ms,
// 0.1 ms, no noise. Channel: "v", the membrane potential in mV.
class LifNeuron final : public Model {
public:
    LifNeuron();

    std::string id() const override { return "lif"; }
    std::string title() const override { return "Leaky integrate-and-fire neuron"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;

    void reset(std::uint64_t seed) override;
    double dt() const override { return m_c.dt; }
    double timeMs() const override { return m_timeBase + double(m_stepsSinceBase) * m_c.dt; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override { return std::isfinite(m_v) && std::isfinite(m_noise); }
    std::map<std::string, double> metrics() const override;

    std::string inputKey() const override { return "i_ext"; }
    std::optional<double> analyticRateHz(double current) const override;

    double membranePotential() const { return m_v; }

    // Length of the sliding window (simulated ms) over which rate_hz is measured.
    static constexpr double kRateWindowMs = 2000.0;

    // Constants derived from the parameters, shared with LifPopulation.
    struct Constants {
        double tau = 20, vRest = -70, vTh = -54, vReset = -80, r = 10, tRef = 0, dt = 0.1;
        double decay = 0;  // e^{−dt/τm}, recomputed when a parameter changes
    };
    // Advances one cell by one step of length c.dt from tStart with constant input `current` (nA).
    // Calls onSpike(t) for each threshold crossing. `refractoryLeft` is the clamp time still to run (ms).
    template <typename OnSpike>
    static void stepCell(const Constants& c, double& v, double& refractoryLeft, double current, double tStart,
                         OnSpike&& onSpike);

private:
    std::string checkConstraints(const ParamSet& p) const override;
    void applyParameters(const ParamSet& p) override;
    void recordSpike(double t);

    Constants m_c;
    double m_current = 1.8;
    double m_noiseSigma = 0, m_noiseTau = 5, m_noiseDecay = 0, m_noiseScale = 0;

    double m_v = -70;
    double m_refractoryLeft = 0;
    double m_noise = 0;
    double m_timeBase = 0;       // time at which dt last changed
    long m_stepsSinceBase = 0;   // steps taken since then (time = base + steps·dt, no accumulated rounding)
    long m_spikeCount = 0;
    std::deque<double> m_recentSpikes;  // spike times within the rate window
    Random m_random;
};

// N independent LIF cells with the same parameters and per-cell input currents, state in Eigen arrays.
// Same equations and spike-time convention as LifNeuron; used for population benchmarks and later chapters.
class LifPopulation {
public:
    LifPopulation(int size, const LifNeuron::Constants& constants);

    int size() const { return int(m_v.size()); }
    void setCurrents(const Eigen::Ref<const Eigen::ArrayXd>& currents) { m_current = currents; }
    // Advances every cell by `steps` steps; returns the number of spikes.
    long advance(long steps);
    const Eigen::ArrayXd& potentials() const { return m_v; }
    double timeMs() const { return double(m_steps) * m_c.dt; }

private:
    LifNeuron::Constants m_c;
    Eigen::ArrayXd m_v;
    Eigen::ArrayXd m_refractoryLeft;
    Eigen::ArrayXd m_current;
    long m_steps = 0;
};

template <typename OnSpike>
void LifNeuron::stepCell(const Constants& c, double& v, double& refractoryLeft, double current, double tStart,
                         OnSpike&& onSpike)
{
    const double vInf = c.vRest + c.r * current;
    const bool canCross = vInf > c.vTh;
    if (refractoryLeft <= 0.0) {
        const double vNew = vInf + (v - vInf) * c.decay;
        if (!(canCross && vNew >= c.vTh)) {  // the common case: no event inside this step
            v = vNew;
            return;
        }
    }
    double t = tStart;
    double remaining = c.dt;
    while (remaining > 0.0) {
        if (refractoryLeft > 0.0) {
            if (refractoryLeft >= remaining) {
                refractoryLeft -= remaining;
                v = c.vReset;
                return;
            }
            t += refractoryLeft;
            remaining -= refractoryLeft;
            refractoryLeft = 0.0;
            v = c.vReset;
        }
        const double decay = remaining == c.dt ? c.decay : std::exp(-remaining / c.tau);
        const double vNew = vInf + (v - vInf) * decay;
        if (!(canCross && vNew >= c.vTh)) {
            v = vNew;
            return;
        }
        double crossing = v >= c.vTh ? 0.0 : c.tau * std::log((v - vInf) / (c.vTh - vInf));
        crossing = std::clamp(crossing, 0.0, remaining);
        t += crossing;
        remaining -= crossing;
        onSpike(t);
        v = c.vReset;
        refractoryLeft = c.tRef;
        if (c.tRef <= 0.0 && remaining <= 0.0)
            return;
    }
}

}  // namespace neuroai
