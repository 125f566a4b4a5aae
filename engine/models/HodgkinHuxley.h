#pragma once

#include "engine/models/NeuronModel.h"

#include <vector>

namespace neuroai {

// Hodgkin–Huxley neuron: the squid giant axon membrane of Hodgkin & Huxley (1952), as a single isopotential
// compartment with the equations and parameters of NEURON's built-in `hh` mechanism (hh.mod; Dayan & Abbott 2001,
// §5.6). All quantities are densities per unit membrane area.
//
//   C dV/dt = I − ḡNa m³h (V − ENa) − ḡK n⁴ (V − EK) − gL (V − EL)
//   dx/dt   = q10 · (αx(V) (1 − x) − βx(V) x),   x ∈ {m, h, n},   q10 = 3^((celsius − 6.3)/10)
//
//   αm = 0.1 · vtrap(−(V + 40), 10)      βm = 4 exp(−(V + 65)/18)
//   αh = 0.07 exp(−(V + 65)/20)          βh = 1 / (1 + exp(−(V + 35)/10))
//   αn = 0.01 · vtrap(−(V + 55), 10)     βn = 0.125 exp(−(V + 65)/80)
//   vtrap(x, y) = x / (exp(x/y) − 1), and y (1 − x/(2y)) when |x/y| < 1e-6
//
// vtrap is hh.mod's guard of the removable singularities of αm at −40 mV and αn at −55 mV (0/0 there): inside a
// 1e-5 mV window it uses the first two terms of the Taylor series, whose error there is below 1e-12 relative.
// Rates are in 1/ms with V in mV.
//
// Units: V, E in mV; t in ms; C in µF/cm²; conductances in mS/cm²; currents in µA/cm² (mS/cm² × mV = µA/cm²);
// charge (flash protocol) in nC/cm² = µA/cm² × ms. Defaults: ḡNa 120, ḡK 36, gL 0.3 mS/cm², ENa 50, EK −77,
// EL −54.3 mV, C 1 µF/cm², celsius 6.3 °C, dt 0.01 ms.
//
// Initial state (as NEURON's finitialize(−65)): V = −65 mV and every gate at its steady state x∞ = αx/(αx + βx) at
// −65 mV. With no input the cell then relaxes to its true rest, −64.974 mV at the defaults.
//
// Integration (parameter `method`, default exponential Euler), the input held at its mean over each step:
//  * "rk4": classical fourth-order Runge–Kutta on (V, m, h, n) (engine/core/Rk4.h). Error O(dt⁴). Being explicit,
//    it is only stable while λ·h stays below about 2.8, where λ is the stiffest rate: βm grows as e^{−V/18}, so a
//    strongly hyperpolarised membrane (V below about −140 mV at dt 0.01 ms) or a warm temperature at a larger dt
//    would make plain RK4 diverge. Each cell therefore checks λ = max(q10(αx + βx), G/C) at the start of every
//    step and, when λ·dt > 1.5, takes ⌈λ·dt / 1.5⌉ equal RK4 sub-steps instead; a cell that would need more than
//    100 (V hundreds of mV below rest, gates pinned at their limits) takes one exponential Euler step (below)
//    instead. At the defaults no step is ever split, so results are those of plain RK4. The state stays finite
//    over every declared parameter range.
//  * "exponential euler" (Rush–Larsen): over a step the gates are advanced exactly for V frozen at its value at
//    the start of the step, x ← x∞ + (x − x∞) e^{−dt·q10(αx + βx)}, and V exactly for the conductances frozen at the
//    start of the step, V ← V∞ + (V − V∞) e^{−dt·G/C} with G = ḡNa m³h + ḡK n⁴ + gL and
//    V∞ = (ḡNa m³h ENa + ḡK n⁴ EK + gL EL + I)/G. First order, but unconditionally stable: V and the gates stay
//    bounded (gates in [0, 1]) for any dt.
//
// Spike convention: a spike is the upward crossing of 0 mV (V < 0 at the start of a step and V ≥ 0 at its end),
// stamped at the time where the straight line between the two end-of-step values crosses 0 mV. There is no
// reset; the channels repolarise the membrane themselves.
//
// Channels: "v" (mV), "m", "h", "n" (dimensionless), then the common "i_in". Extra metric: "last_peak_mv", the
// largest end-of-step V of cell 0 during its most recent completed spike (from the upward to the downward
// crossing of 0 mV); absent until the first spike has repolarised.
//
// Cells are stored as structure-of-arrays padded to a multiple of kLanes, and every cell (padding included) goes
// through the same fixed-width Eigen array code, so the loop vectorises (Eigen's SIMD exp) and a cell's result
// does not depend on its index or on the number of cells.
class HodgkinHuxley final : public NeuronModel {
public:
    HodgkinHuxley();

    enum class Method { Rk4 = 0, ExponentialEuler = 1 };
    static constexpr int kLanes = 4;

    std::string id() const override { return "hh"; }
    std::string title() const override { return "Hodgkin–Huxley neuron (squid axon, 1952)"; }
    std::vector<ParamSpec> specs() const override;
    std::string currentUnit() const override { return "µA/cm²"; }
    std::string integrationScheme() const override;
    double membranePotential(int cell = 0) const override { return m_v[std::size_t(cell)]; }
    Method method() const { return m_c.method; }

    // The opening and closing rates (1/ms) at 6.3 °C (q10 = 1) at membrane potential v (mV), computed by the same
    // code the integrators use.
    struct Rates {
        double alphaM, betaM, alphaH, betaH, alphaN, betaN;
    };
    static Rates rates(double v);

    struct Constants {
        double gNa = 120, gK = 36, gL = 0.3, eNa = 50, eK = -77, eL = -54.3, c = 1, celsius = 6.3, dt = 0.01;
        double q10 = 1;  // 3^((celsius − 6.3)/10)
        Method method = Method::ExponentialEuler;
    };

private:
    std::vector<ChannelInfo> modelChannels() const override;
    void applyModelParameters(const ParamSet& p) override;
    void resizeCells(int n) override;
    void resetCells() override;
    void stepCells(const double* input, double tStart, const SpikeOut& spike) override;
    void sampleCell0(double* out) const override;
    bool cellsFinite() const override;
    void addModelMetrics(std::map<std::string, double>& metrics) const override;

    Constants m_c;
    int m_cells = 0;
    // Structure of arrays, each of size paddedCells (a multiple of kLanes); padding cells get zero input.
    std::vector<double> m_v, m_m, m_h, m_n, m_in;
    // Cell 0's spike-peak tracking for last_peak_mv.
    double m_runningPeak = 0, m_lastPeak = 0;
    bool m_inSpike = false, m_havePeak = false;
};

}  // namespace neuroai
