#pragma once

#include "engine/models/NeuronModel.h"

#include <cstdint>

namespace neuroai {

// Izhikevich's simple model (Izhikevich 2003, IEEE Trans. Neural Networks 14:1569).
//
//   v' = 0.04 v² + 5 v + 140 − u + I        v in mV, t in ms
//   u' = a (b v − u)                          u in mV/ms (the recovery variable enters v' directly)
//   when v ≥ v_peak (30 mV): spike, v ← c, u ← u + d
//
// Input: in the 2003 model I is not a current in amperes but the rate of voltage change it causes (mV/ms): the
// equation is v' = … + I, with the membrane capacitance folded into the numbers. Its "charge" (flash protocol) is
// therefore a voltage jump in mV. i_ext plus the shared stimulus protocols, each step receiving the protocol's mean
// over that step.
//
// Integration schemes (parameter "method"), all stepping with dt:
//   paper  The scheme of the paper's published network code, generalised to dt: v is advanced by two forward-Euler
//          half-steps of dt/2 (the second one from the updated v), then u by one forward-Euler step of dt using the
//          new v. At dt = 1 ms this is exactly the published code (0.5 ms half-steps "for numerical stability").
//          When v overshoots v_peak inside the step, the overshoot enters the u update, as in the published code
//          (capped at 10 V, far above any overshoot of the published regime, so that extreme settings stay finite).
//   euler  Plain forward Euler for (v, u) together.
//   rk4    Classical Runge–Kutta; stages whose v lies above v_peak are evaluated at v_peak (the trajectory has
//          already spiked in that step), which keeps large steps finite without affecting sub-threshold dynamics.
// The presets use "paper" at dt = 0.25 ms: the published scheme on a finer grid, giving the same patterns as RK4 at
// 0.01 ms (early spike times within about 2 ms). At dt = 1 ms (the published code exactly) spike times snap to the coarse grid:
// the first intervals lengthen (RS: 39 instead of 18 ms) and fast-spiking trains become irregular (ISI CV 0.24
// instead of 0.05). Users can switch scheme and step to see this.
//
// Spike convention: the spike belongs to the step at whose end v ≥ v_peak. Its reported time is the linearly
// interpolated crossing of v_peak inside the step (inside the half-step that crossed, for "paper"). The state is
// reset at the end of that step (equivalent to the published code, which resets at the start of the next one), and
// the recorded sample of that step shows v clipped to v_peak, so every spike has the same height in a trace.
//
// Initial condition: v at the stable resting fixed point for I = 0 when one exists (−70 mV for b = 0.2), otherwise
// v = c; u = b·v.
//
// Parameters (keys): a [1/ms], b [1/ms], c [mV], d [mV/ms], v_peak [mV], i_ext [mV/ms], method, dt [ms], plus the
// stimulus keys. Defaults are the regular-spiking cell (0.02, 0.2, −65, 8), 30 mV, I = 0, "paper", dt = 0.25 ms.
// Channels: "v" (mV), "u" (mV/ms), then the common "i_in".
class Izhikevich final : public NeuronModel, public PhasePlane {
public:
    enum class Method { Paper = 0, Euler, Rk4 };

    Izhikevich();

    std::string id() const override { return "izhikevich"; }
    std::string title() const override { return "Izhikevich neuron (2003)"; }
    std::vector<ParamSpec> specs() const override;
    std::string currentUnit() const override { return "mV/ms"; }
    std::string integrationScheme() const override;
    const PhasePlane* phasePlane() const override { return this; }
    double membranePotential(int cell = 0) const override { return m_v[std::size_t(cell)]; }
    double recoveryVariable(int cell = 0) const { return m_u[std::size_t(cell)]; }

    // ---- PhasePlane (x = v in mV, y = u in mV/ms) ----
    ChannelInfo xVariable() const override { return {"v", "Membrane potential v", "mV"}; }
    ChannelInfo yVariable() const override { return {"u", "Recovery variable u", "mV/ms"}; }
    std::array<double, 2> derivative(double v, double u, double input) const override;
    std::array<double, 4> jacobian(double v, double u, double input) const override;
    double xNullcline(double v, double input) const override;
    double yNullcline(double v, double input) const override;
    std::vector<FixedPoint> fixedPoints(double input) const override;
    double spikeCutoff() const override { return m_c.vPeak; }
    double resetX() const override { return m_c.c; }
    std::array<double, 4> suggestedRange() const override;
    std::array<double, 2> phaseState() const override { return {m_v[0], m_u[0]}; }

    struct Constants {
        double a = 0.02, b = 0.2, c = -65, d = 8, vPeak = 30, dt = 1;
        Method method = Method::Paper;
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
    std::vector<double> m_u;
    bool m_cell0Spiked = false;  // cell 0 spiked in the last step: its sample shows v_peak
};

}  // namespace neuroai
