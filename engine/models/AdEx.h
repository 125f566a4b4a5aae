#pragma once

#include "engine/models/NeuronModel.h"

namespace neuroai {

// Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, J. Neurophysiol. 94:3637; firing
// patterns: Naud, Marcille, Clopath & Gerstner 2008, Biol. Cybern. 99:335).
//
//   C dV/dt = −gL (V − EL) + gL ΔT exp((V − VT)/ΔT) − w + I
//   τw dw/dt = a (V − EL) − w
//   when V ≥ v_peak: spike, V ← V_r, w ← w + b
//
// Units: C in pF, conductances in nS, potentials in mV, times in ms, w and I in pA (pA/pF = mV/ms, nS·mV = pA);
// the flash protocol's charge is in fC (pA·ms).
//
// Integration: classical Runge–Kutta 4 with step dt (default 0.02 ms), the input held at the protocol's mean over
// the step. The exponential is guarded: stages are evaluated with V capped at v_peak (a stage beyond the cut-off
// belongs to a trajectory that has already spiked in this step), so the step stays finite however steep the
// upswing; sub-threshold and near-threshold dynamics are untouched.
//
// Spike convention: the spike belongs to the step at whose end V ≥ v_peak; its reported time is the linearly
// interpolated crossing of v_peak inside the step. The reset happens at the end of that step and the step's recorded
// sample shows V clipped to v_peak, so spikes have equal height. v_peak defaults to 0 mV, the cut-off of Naud et
// al.'s pattern figures: beyond it the exponential term dominates and V diverges within microseconds, so the cut-off
// moves spike times by far less than a step; it does set where w is evaluated last, which matters most for the
// irregular (chaotic) pattern.
//
// Initial condition: V and w at the stable resting fixed point for I = 0 (found numerically), otherwise V = EL,
// w = 0.
//
// Parameters (keys): c_m [pF], g_l [nS], e_l, v_t, delta_t [mV], a [nS], tau_w [ms], b [pA], v_reset, v_peak [mV],
// i_ext [pA], dt [ms], plus the stimulus keys. Defaults: Brette & Gerstner 2005 (281 pF, 30 nS, −70.6, −50.4, 2 mV,
// 4 nS, 144 ms, 80.5 pA, V_r = EL), v_peak 0 mV, I = 0.
// Channels: "v" (mV), "w" (pA), then the common "i_in".
class AdEx final : public NeuronModel, public PhasePlane {
public:
    AdEx();

    std::string id() const override { return "adex"; }
    std::string title() const override { return "Adaptive exponential integrate-and-fire (AdEx)"; }
    std::vector<ParamSpec> specs() const override;
    std::string currentUnit() const override { return "pA"; }
    std::string integrationScheme() const override;
    const PhasePlane* phasePlane() const override { return this; }
    double membranePotential(int cell = 0) const override { return m_v[std::size_t(cell)]; }
    double adaptationCurrent(int cell = 0) const { return m_w[std::size_t(cell)]; }

    // Rheobase of a long step when rest is lost in a saddle-node bifurcation (a < C/τw; otherwise a Hopf
    // bifurcation comes first, Touboul & Brette 2008): the current at which the two fixed points merge,
    // (gL + a)(V* − EL − ΔT) with V* = VT + ΔT·ln(1 + a/gL). Defined for gL + a > 0.
    double saddleNodeRheobase() const;

    // ---- PhasePlane (x = V in mV, y = w in pA) ----
    ChannelInfo xVariable() const override { return {"v", "Membrane potential V", "mV"}; }
    ChannelInfo yVariable() const override { return {"w", "Adaptation current w", "pA"}; }
    std::array<double, 2> derivative(double v, double w, double input) const override;
    std::array<double, 4> jacobian(double v, double w, double input) const override;
    double xNullcline(double v, double input) const override;
    double yNullcline(double v, double input) const override;
    std::vector<FixedPoint> fixedPoints(double input) const override;
    double spikeCutoff() const override { return m_c.vPeak; }
    double resetX() const override { return m_c.vReset; }
    std::array<double, 4> suggestedRange() const override;
    std::array<double, 2> phaseState() const override { return {m_v[0], m_w[0]}; }

    struct Constants {
        double cm = 281, gL = 30, eL = -70.6, vT = -50.4, deltaT = 2, a = 4, tauW = 144, b = 80.5;
        double vReset = -70.6, vPeak = 0, dt = 0.02;
    };
    const Constants& constants() const { return m_c; }

private:
    std::vector<ChannelInfo> modelChannels() const override;
    std::string checkModelConstraints(const ParamSet& p) const override;
    void applyModelParameters(const ParamSet& p) override;
    void resizeCells(int n) override;
    void resetCells() override;
    void stepCells(const double* input, double tStart, const SpikeOut& spike) override;
    void sampleCell0(double* out) const override;
    bool cellsFinite() const override;
    void addModelMetrics(std::map<std::string, double>& metrics) const override;

    Constants m_c;
    std::vector<double> m_v;
    std::vector<double> m_w;
    bool m_cell0Spiked = false;
};

}  // namespace neuroai
