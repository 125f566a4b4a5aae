#pragma once

#include "engine/models/NeuronModel.h"

#include <algorithm>
#include <cmath>

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
// Input: i_ext plus the shared stimulus protocols (engine/core/Stimulus.h), each step receiving the protocol's mean
// over that step, so a flash delivers exactly its charge. For a free membrane driven by the noisy protocol's
// Ornstein–Uhlenbeck current (σ, τ_noise) the stationary variance of V is (R·σ)²·τ_noise/(τ_noise + τm).
//
// Parameters (keys): tau_m [ms], v_rest, v_th, v_reset [mV], r_m [MΩ], i_ext [nA], t_ref [ms], dt [ms], plus the
// stimulus keys. Defaults are the handbook's: 20 ms, −70, −54, −80 mV, 10 MΩ, 1.8 nA, 0 ms, 0.1 ms.
// Channels: "v", the membrane potential in mV, then the common "i_in".
class LifNeuron final : public NeuronModel {
public:
    LifNeuron();

    std::string id() const override { return "lif"; }
    std::string title() const override { return "Leaky integrate-and-fire neuron"; }
    std::vector<ParamSpec> specs() const override;
    std::string currentUnit() const override { return "nA"; }
    std::string integrationScheme() const override;
    std::optional<double> analyticRateHz(double current) const override;
    double membranePotential(int cell = 0) const override { return m_v[std::size_t(cell)]; }

    // Constants derived from the parameters.
    struct Constants {
        double tau = 20, vRest = -70, vTh = -54, vReset = -80, r = 10, tRef = 0, dt = 0.1;
        double decay = 0;  // e^{−dt/τm}, recomputed when a parameter changes
    };
    const Constants& constants() const { return m_c; }
    // Advances one cell by one step of length c.dt from tStart with constant input `current` (nA).
    // Calls onSpike(t) for each threshold crossing. `refractoryLeft` is the clamp time still to run (ms).
    template <typename OnSpike>
    static void stepCell(const Constants& c, double& v, double& refractoryLeft, double current, double tStart,
                         OnSpike&& onSpike);

private:
    std::vector<ChannelInfo> modelChannels() const override;
    std::string checkModelConstraints(const ParamSet& p) const override;
    void applyModelParameters(const ParamSet& p) override;
    void resizeCells(int n) override;
    void resetCells() override;
    void stepCells(const double* input, double tStart, const SpikeOut& spike) override;
    void sampleCell0(double* out) const override { out[0] = m_v[0]; }
    bool cellsFinite() const override;

    Constants m_c;
    std::vector<double> m_v;
    std::vector<double> m_refractoryLeft;
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
