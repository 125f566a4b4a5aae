#include "engine/models/HodgkinHuxley.h"

#include "engine/core/Rk4.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

namespace neuroai {

namespace {

using Lanes = Eigen::Array<double, HodgkinHuxley::kLanes, 1>;
using LaneMap = Eigen::Map<Lanes>;
using ConstLaneMap = Eigen::Map<const Lanes>;

constexpr double kInitialV = -65.0;

// vtrap(x, y) = x/(exp(x/y) − 1) given ex = exp(x/y), with hh.mod's guard near x = 0.
inline Lanes vtrap(const Lanes& x, const Lanes& ex, double y)
{
    const Lanes ratio = x / y;
    return (ratio.abs() < 1e-6).select(y * (1.0 - 0.5 * ratio), x / (ex - 1.0));
}

// All six rates at 6.3 °C. Only two exponentials are evaluated: every other one is a power of exp(−(V + 65)/80)
// times a constant, e.g. exp(−(V + 40)/10) = exp(−(V + 65)/80)⁸ · e^{2.5}.
struct LaneRates {
    Lanes am, bm, ah, bh, an, bn;
};

inline LaneRates laneRates(const Lanes& v)
{
    static const double e1 = std::exp(1.0), e25 = std::exp(2.5), e3 = std::exp(3.0);
    const Lanes u = v + 65.0;
    const Lanes e80 = (u * (-1.0 / 80.0)).exp();
    const Lanes e18 = (u * (-1.0 / 18.0)).exp();
    const Lanes e40 = e80.square();
    const Lanes e20 = e40.square();
    const Lanes e10 = e20.square();
    LaneRates r;
    r.am = 0.1 * vtrap(-(v + 40.0), e10 * e25, 10.0);  // exp(−(V + 40)/10)
    r.bm = 4.0 * e18;
    r.ah = 0.07 * e20;
    r.bh = 1.0 / (1.0 + e10 * e3);  // exp(−(V + 35)/10)
    r.an = 0.01 * vtrap(-(v + 55.0), e10 * e1, 10.0);  // exp(−(V + 55)/10)
    r.bn = 0.125 * e80;
    return r;
}

struct LaneState {
    Lanes v, m, h, n;
};

inline LaneState derivative(const HodgkinHuxley::Constants& c, const LaneState& s, const Lanes& input)
{
    const LaneRates r = laneRates(s.v);
    const Lanes gNa = c.gNa * s.m.cube() * s.h;
    const Lanes gK = c.gK * s.n.square().square();
    LaneState d;
    d.v = (input - gNa * (s.v - c.eNa) - gK * (s.v - c.eK) - c.gL * (s.v - c.eL)) * (1.0 / c.c);
    d.m = c.q10 * (r.am * (1.0 - s.m) - r.bm * s.m);
    d.h = c.q10 * (r.ah * (1.0 - s.h) - r.bh * s.h);
    d.n = c.q10 * (r.an * (1.0 - s.n) - r.bn * s.n);
    return d;
}

inline LaneState operator+(const LaneState& a, const LaneState& b) { return {a.v + b.v, a.m + b.m, a.h + b.h, a.n + b.n}; }
inline LaneState operator*(double a, const LaneState& d) { return {a * d.v, a * d.m, a * d.h, a * d.n}; }
inline LaneState operator*(const Lanes& a, const LaneState& d) { return {a * d.v, a * d.m, a * d.h, a * d.n}; }

// x ← x∞ + (x − x∞)·e^{−dt·q10(α + β)} with x∞ = α/(α + β).
inline Lanes relaxGate(const Lanes& x, const Lanes& alpha, const Lanes& beta, double dtq)
{
    const Lanes sum = alpha + beta;
    const Lanes xInf = alpha / sum;
    return xInf + (x - xInf) * (sum * -dtq).exp();
}

inline void stepExponentialEuler(const HodgkinHuxley::Constants& c, LaneState& s, const Lanes& input)
{
    const LaneRates r = laneRates(s.v);
    const Lanes gNa = c.gNa * s.m.cube() * s.h;
    const Lanes gK = c.gK * s.n.square().square();
    const Lanes g = gNa + gK + c.gL;
    const Lanes vInf = (gNa * c.eNa + gK * c.eK + (c.gL * c.eL) + input) / g;
    const double dtq = c.dt * c.q10;
    s.v = vInf + (s.v - vInf) * (g * (-c.dt / c.c)).exp();
    s.m = relaxGate(s.m, r.am, r.bm, dtq);
    s.h = relaxGate(s.h, r.ah, r.bh, dtq);
    s.n = relaxGate(s.n, r.an, r.bn, dtq);
}

// RK4's stability interval on the negative real axis ends at λ·h ≈ 2.79; 1.5 leaves room for the rates to grow
// within a step (the stiffness is taken at the start of the step).
constexpr double kRk4StiffnessBudget = 1.5;
constexpr double kRk4MaxSubsteps = 100;

// RK4 with per-cell sub-stepping (see HodgkinHuxley.h): a cell whose stiffest rate λ makes λ·dt exceed the budget
// takes ⌈λ·dt / budget⌉ equal sub-steps; one that would need more than kRk4MaxSubsteps takes an exponential Euler
// step instead. Cells that need no sub-step take exactly the plain RK4 step.
inline void stepRk4(const HodgkinHuxley::Constants& c, LaneState& s, const Lanes& input)
{
    const LaneRates r = laneRates(s.v);
    const Lanes g = c.gNa * s.m.cube() * s.h + c.gK * s.n.square().square() + c.gL;
    const Lanes stiffness = (c.q10 * (r.am + r.bm))
                                .max(c.q10 * (r.ah + r.bh))
                                .max(c.q10 * (r.an + r.bn))
                                .max(g * (1.0 / c.c));
    const Lanes needed = (stiffness * (c.dt / kRk4StiffnessBudget)).ceil().max(1.0);
    const auto fallback = !(needed <= kRk4MaxSubsteps);  // also for a non-finite stiffness
    const Lanes substeps = fallback.select(Lanes::Ones(), needed);
    const auto derivativeOf = [&](const LaneState& x) { return derivative(c, x, input); };
    const LaneState start = s;
    const Lanes h = fallback.select(Lanes::Zero(), c.dt / substeps);  // dt / 1 = dt exactly: the plain step
    const int most = int(substeps.maxCoeff());
    for (int i = 0; i < most; ++i)  // a cell that has taken all its sub-steps continues with h = 0: unchanged
        s = rk4Step(s, i == 0 ? h : Lanes((Lanes::Constant(double(i)) < substeps).select(h, 0.0)), derivativeOf);
    if (fallback.any()) {
        LaneState stable = start;
        stepExponentialEuler(c, stable, input);
        s = {fallback.select(stable.v, s.v), fallback.select(stable.m, s.m), fallback.select(stable.h, s.h),
             fallback.select(stable.n, s.n)};
    }
}

std::size_t paddedSize(int cells)
{
    const std::size_t lanes = HodgkinHuxley::kLanes;
    return (std::size_t(cells) + lanes - 1) / lanes * lanes;
}

}  // namespace

HodgkinHuxley::HodgkinHuxley()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> HodgkinHuxley::specs() const
{
    return withStimulus({
        {"g_na", "Sodium conductance ḡNa", "mS/cm²", 0, 360, 120, Scale::Linear,
         "Maximal sodium conductance (all Na channels open). Sodium current drives the upstroke of the spike.", 1},
        {"g_k", "Potassium conductance ḡK", "mS/cm²", 0, 108, 36, Scale::Linear,
         "Maximal delayed-rectifier potassium conductance. Potassium current repolarises the membrane.", 1},
        {"g_l", "Leak conductance gL", "mS/cm²", 0.01, 3, 0.3, Scale::Log,
         "Conductance of the voltage-independent leak.", 3},
        {"e_na", "Sodium reversal ENa", "mV", 0, 100, 50, Scale::Linear,
         "Nernst potential of sodium: the spike peak approaches it.", 1},
        {"e_k", "Potassium reversal EK", "mV", -120, -50, -77, Scale::Linear,
         "Nernst potential of potassium: the after-hyperpolarisation approaches it.", 1},
        {"e_l", "Leak reversal EL", "mV", -90, -30, -54.3, Scale::Linear,
         "Reversal potential of the leak (−54.3 mV puts the resting potential at about −65 mV).", 1},
        {"c_m", "Membrane capacitance C", "µF/cm²", 0.5, 5, 1, Scale::Log,
         "Specific membrane capacitance; 1 µF/cm² for most biological membranes.", 2},
        {"celsius", "Temperature", "°C", 0, 30, 6.3, Scale::Linear,
         "All gate rates are multiplied by q10 = 3^((celsius − 6.3)/10): warmer is faster. The squid data were taken "
         "at 6.3 °C; above about 28 °C the cell no longer fires repetitively (heat block).",
         1},
        {"i_ext", "Input current density I", "µA/cm²", -20, 100, 10, Scale::Linear,
         "Constant current injected per unit membrane area. A long step needs about 2.2 µA/cm² for one spike and "
         "about 6.2 µA/cm² for repetitive firing.",
         2},
        choiceSpec("method", "Integration method", {"rk4", "exponential euler"}, 1,
                   "Exponential Euler (Rush–Larsen, the default): each gate and V are advanced exactly with the others "
                   "frozen over the step; first order (rates within 1% of NEURON at dt 0.01 ms) and stable for any "
                   "input and dt. rk4: fourth-order Runge–Kutta, within 0.01% of NEURON; where its explicit step "
                   "would be unstable (strong hyperpolarisation, warm temperatures) a step is split into sub-steps, "
                   "and where even that would take too many it falls back to one exponential Euler step."),
        {"dt", "Time step dt", "ms", 0.001, 0.05, 0.01, Scale::Log,
         "Integration step. At 0.01 ms both methods reproduce NEURON's spike rates to better than 1%; the maximum "
         "keeps rk4 stable at the default parameters.",
         4},
    }, {"µA/cm²", "nC/cm²", -50, 200, 10, 200, 20, 20, 2});
}

std::string HodgkinHuxley::integrationScheme() const
{
    if (m_c.method == Method::ExponentialEuler)
        return "Exponential Euler (Rush–Larsen): over each step every gate relaxes exactly towards its steady state "
               "with V frozen, and V relaxes exactly towards its steady state with the conductances frozen. First "
               "order in dt but stable for any dt. A spike is the upward crossing of 0 mV, linearly interpolated "
               "inside the step.";
    return "Classical fourth-order Runge–Kutta with the input held at its step mean; error falls as dt⁴. Where the "
           "fastest rate would make the explicit step unstable, the step is split into up to 100 sub-steps, beyond "
           "that it is one exponential Euler step. A spike is the upward crossing of 0 mV, linearly interpolated "
           "inside the step.";
}

HodgkinHuxley::Rates HodgkinHuxley::rates(double v)
{
    const LaneRates r = laneRates(Lanes::Constant(v));
    return {r.am[0], r.bm[0], r.ah[0], r.bh[0], r.an[0], r.bn[0]};
}

std::vector<ChannelInfo> HodgkinHuxley::modelChannels() const
{
    return {
        {"v", "Membrane potential V", "mV"},
        {"m", "Na activation m", ""},
        {"h", "Na inactivation h", ""},
        {"n", "K activation n", ""},
    };
}

void HodgkinHuxley::applyModelParameters(const ParamSet& p)
{
    m_c.gNa = p["g_na"];
    m_c.gK = p["g_k"];
    m_c.gL = p["g_l"];
    m_c.eNa = p["e_na"];
    m_c.eK = p["e_k"];
    m_c.eL = p["e_l"];
    m_c.c = p["c_m"];
    m_c.celsius = p["celsius"];
    m_c.dt = p["dt"];
    m_c.q10 = std::pow(3.0, (m_c.celsius - 6.3) / 10.0);
    m_c.method = Method(int(p["method"]));
}

void HodgkinHuxley::resizeCells(int n)
{
    m_cells = n;
    const std::size_t size = paddedSize(n);
    for (std::vector<double>* a : {&m_v, &m_m, &m_h, &m_n, &m_in})
        a->assign(size, 0.0);
}

void HodgkinHuxley::resetCells()
{
    const Rates r = rates(kInitialV);
    std::fill(m_v.begin(), m_v.end(), kInitialV);
    std::fill(m_m.begin(), m_m.end(), r.alphaM / (r.alphaM + r.betaM));
    std::fill(m_h.begin(), m_h.end(), r.alphaH / (r.alphaH + r.betaH));
    std::fill(m_n.begin(), m_n.end(), r.alphaN / (r.alphaN + r.betaN));
    std::fill(m_in.begin(), m_in.end(), 0.0);
    m_runningPeak = m_lastPeak = 0;
    m_inSpike = m_havePeak = false;
}

void HodgkinHuxley::stepCells(const double* input, double tStart, const SpikeOut& spike)
{
    std::copy(input, input + m_cells, m_in.begin());
    const Constants c = m_c;
    const bool rk4 = c.method == Method::Rk4;
    const std::size_t size = m_v.size();
    for (std::size_t base = 0; base < size; base += kLanes) {
        LaneMap v(m_v.data() + base), m(m_m.data() + base), h(m_h.data() + base), n(m_n.data() + base);
        const ConstLaneMap in(m_in.data() + base);
        LaneState s{v, m, h, n};
        if (rk4)
            stepRk4(c, s, in);
        else
            stepExponentialEuler(c, s, in);
        const Lanes vOld = v;
        v = s.v;
        m = s.m;
        h = s.h;
        n = s.n;
        if (((vOld < 0.0) && (s.v >= 0.0)).any()) {
            for (int k = 0; k < kLanes; ++k) {
                const int cell = int(base) + k;
                if (vOld[k] < 0.0 && s.v[k] >= 0.0 && cell < m_cells)
                    spike(cell, tStart + c.dt * (-vOld[k] / (s.v[k] - vOld[k])));
            }
        }
    }
    // Peak of cell 0's current spike, for last_peak_mv.
    const double v0 = m_v[0];
    if (v0 >= 0.0) {
        m_runningPeak = m_inSpike ? std::max(m_runningPeak, v0) : v0;
        m_inSpike = true;
    } else if (m_inSpike) {
        m_inSpike = false;
        m_lastPeak = m_runningPeak;
        m_havePeak = true;
    }
}

void HodgkinHuxley::sampleCell0(double* out) const
{
    out[0] = m_v[0];
    out[1] = m_m[0];
    out[2] = m_h[0];
    out[3] = m_n[0];
}

bool HodgkinHuxley::cellsFinite() const
{
    for (std::size_t i = 0; i < std::size_t(m_cells); ++i)
        if (!std::isfinite(m_v[i]) || !std::isfinite(m_m[i]) || !std::isfinite(m_h[i]) || !std::isfinite(m_n[i]))
            return false;
    return true;
}

void HodgkinHuxley::addModelMetrics(std::map<std::string, double>& metrics) const
{
    if (m_havePeak)
        metrics["last_peak_mv"] = m_lastPeak;
}

}  // namespace neuroai
