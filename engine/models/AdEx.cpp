#include "engine/models/AdEx.h"

#include "engine/core/Rk4.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai {

AdEx::AdEx()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> AdEx::specs() const
{
    return withStimulus({
        {"c_m", "Membrane capacitance C", "pF", 10, 1000, 281, Scale::Log,
         "Capacitance of the membrane; τm = C/gL is the membrane time constant.", 1},
        {"g_l", "Leak conductance gL", "nS", 1, 100, 30, Scale::Log, "Conductance of the leak current.", 2},
        {"e_l", "Leak reversal EL", "mV", -90, -40, -70.6, Scale::Linear,
         "Reversal potential of the leak; rest lies just above it.", 1},
        {"v_t", "Threshold slope point VT", "mV", -70, -30, -50.4, Scale::Linear,
         "Where the exponential term equals the leak's slope: the rheobase threshold of the non-adapting cell.", 1},
        {"delta_t", "Slope factor ΔT", "mV", 0.2, 10, 2, Scale::Log,
         "Sharpness of spike initiation: small ΔT makes the upswing abrupt (ΔT → 0 is a LIF neuron).", 2},
        {"a", "Sub-threshold adaptation a", "nS", -20, 50, 4, Scale::Linear,
         "Coupling of w to V below threshold. Negative a makes w amplify depolarisation (delayed, accelerating "
         "and irregular patterns).", 2},
        {"tau_w", "Adaptation time constant τw", "ms", 1, 1000, 144, Scale::Log,
         "Time constant of the adaptation current w.", 1},
        {"b", "Spike-triggered adaptation b", "pA", 0, 500, 80.5, Scale::Linear, "Added to w at every spike.", 1},
        {"v_reset", "Reset potential V_r", "mV", -90, -30, -70.6, Scale::Linear,
         "V is set to this value after a spike. A reset above the V-nullcline's minimum allows bursts.", 1},
        {"v_peak", "Spike cut-off v_peak", "mV", -40, 40, 0, Scale::Linear,
         "A spike is registered and the state reset when V reaches this value (0 mV as in Naud et al. 2008).", 1},
        {"i_ext", "Input current I", "pA", -1000, 4000, 0, Scale::Linear,
         "Constant current injected into the cell. With a < C/τw the rheobase is (gL + a)(V* − EL − ΔT), "
         "V* = VT + ΔT·ln(1 + a/gL): 546 pA for the 2005 parameters with a = 0.", 1},
        {"dt", "Time step dt", "ms", 0.001, 0.1, 0.02, Scale::Log,
         "Integration step of the Runge–Kutta scheme; 0.01–0.05 ms resolves the spike upswing.", 3},
    }, {"pA", "fC", -1000, 4000, 0, 100000, 0, 500, 1});
}

std::string AdEx::integrationScheme() const
{
    return "Classical Runge–Kutta 4 with the input held at the protocol's mean over each step; stages are evaluated "
           "with V capped at v_peak so the exponential cannot overflow. A spike is the step at whose end V ≥ v_peak; "
           "its time is the linearly interpolated crossing inside the step, the reset happens at the end of the step, "
           "and that step's sample is drawn at v_peak. Presets use dt = 0.02 ms or smaller.";
}

std::vector<ChannelInfo> AdEx::modelChannels() const
{
    return {{"v", "Membrane potential V", "mV"}, {"w", "Adaptation current w", "pA"}};
}

std::string AdEx::checkModelConstraints(const ParamSet& p) const
{
    if (p["v_peak"] <= p["v_t"])
        return "parameter 'v_peak' (" + formatValue(p["v_peak"]) + " mV) must lie above 'v_t' (" +
               formatValue(p["v_t"]) + " mV)";
    if (p["v_reset"] > p["v_peak"] - 1.0)
        return "parameter 'v_reset' (" + formatValue(p["v_reset"]) + " mV) must be at least 1 mV below 'v_peak' (" +
               formatValue(p["v_peak"]) + " mV)";
    return {};
}

void AdEx::applyModelParameters(const ParamSet& p)
{
    m_c.cm = p["c_m"];
    m_c.gL = p["g_l"];
    m_c.eL = p["e_l"];
    m_c.vT = p["v_t"];
    m_c.deltaT = p["delta_t"];
    m_c.a = p["a"];
    m_c.tauW = p["tau_w"];
    m_c.b = p["b"];
    m_c.vReset = p["v_reset"];
    m_c.vPeak = p["v_peak"];
    m_c.dt = p["dt"];
}

void AdEx::resizeCells(int n)
{
    m_v.assign(std::size_t(n), m_c.eL);
    m_w.assign(std::size_t(n), 0.0);
}

void AdEx::resetCells()
{
    double v0 = m_c.eL, w0 = 0.0;
    for (const FixedPoint& fp : fixedPoints(0.0)) {
        if (fp.stable && fp.x < m_c.vPeak) {
            v0 = fp.x;
            w0 = fp.y;
            break;
        }
    }
    std::fill(m_v.begin(), m_v.end(), v0);
    std::fill(m_w.begin(), m_w.end(), w0);
    m_cell0Spiked = false;
}

void AdEx::stepCells(const double* input, double tStart, const SpikeOut& spike)
{
    const std::size_t n = m_v.size();
    double* vs = m_v.data();
    double* ws = m_w.data();
    const double h = m_c.dt, invC = 1.0 / m_c.cm, gL = m_c.gL, eL = m_c.eL, vT = m_c.vT;
    const double gLdT = m_c.gL * m_c.deltaT, invDT = 1.0 / m_c.deltaT, a = m_c.a, invTauW = 1.0 / m_c.tauW;
    const double vPeak = m_c.vPeak;
    bool spiked0 = false;
    for (std::size_t i = 0; i < n; ++i) {
        const double in = input[i];
        const double v0 = vs[i], w0 = ws[i];
        const Eigen::Array2d next = rk4Step(Eigen::Array2d(v0, w0), h, [&](const Eigen::Array2d& x) {
            const double v = std::min(x[0], vPeak);  // the guard: a stage past the cut-off has already spiked
            return Eigen::Array2d((-gL * (v - eL) + gLdT * std::exp((v - vT) * invDT) - x[1] + in) * invC,
                                  (a * (v - eL) - x[1]) * invTauW);
        });
        double v = next[0];
        double w = next[1];
        if (v >= vPeak) {
            const double frac = v0 < vPeak ? (vPeak - v0) / (v - v0) : 0.0;
            spike(int(i), tStart + h * std::clamp(frac, 0.0, 1.0));
            v = m_c.vReset;
            w += m_c.b;
            if (i == 0)
                spiked0 = true;
        }
        vs[i] = v;
        ws[i] = w;
    }
    m_cell0Spiked = spiked0;
}

void AdEx::sampleCell0(double* out) const
{
    out[0] = m_cell0Spiked ? m_c.vPeak : m_v[0];
    out[1] = m_w[0];
}

bool AdEx::cellsFinite() const
{
    for (std::size_t i = 0; i < m_v.size(); ++i)
        if (!std::isfinite(m_v[i]) || !std::isfinite(m_w[i]))
            return false;
    return true;
}

void AdEx::addModelMetrics(std::map<std::string, double>& metrics) const
{
    metrics["w_pa"] = m_w[0];
}

double AdEx::saddleNodeRheobase() const
{
    const double k = m_c.gL + m_c.a;
    const double vStar = m_c.vT + m_c.deltaT * std::log(k / m_c.gL);
    return k * (vStar - m_c.eL - m_c.deltaT);
}

// ---- phase plane ----

std::array<double, 2> AdEx::derivative(double v, double w, double input) const
{
    const double dv = (-m_c.gL * (v - m_c.eL) + m_c.gL * m_c.deltaT * std::exp((v - m_c.vT) / m_c.deltaT) - w + input) /
                      m_c.cm;
    return {dv, (m_c.a * (v - m_c.eL) - w) / m_c.tauW};
}

std::array<double, 4> AdEx::jacobian(double v, double /*w*/, double /*input*/) const
{
    const double e = std::exp((v - m_c.vT) / m_c.deltaT);
    return {m_c.gL * (e - 1.0) / m_c.cm, -1.0 / m_c.cm, m_c.a / m_c.tauW, -1.0 / m_c.tauW};
}

double AdEx::xNullcline(double v, double input) const
{
    return -m_c.gL * (v - m_c.eL) + m_c.gL * m_c.deltaT * std::exp((v - m_c.vT) / m_c.deltaT) + input;
}

double AdEx::yNullcline(double v, double /*input*/) const
{
    return m_c.a * (v - m_c.eL);
}

namespace {

// Root of a continuous, monotone-on-[lo, hi] function with F(lo)·F(hi) < 0: Newton steps safeguarded by bisection,
// to an absolute tolerance of about 1e-13 mV (far inside the 1e-12 the phase plane promises).
template <typename F, typename DF>
double solveBracketed(double lo, double hi, F&& f, DF&& df)
{
    double fLo = f(lo);
    double x = 0.5 * (lo + hi);
    for (int iter = 0; iter < 400; ++iter) {
        const double fx = f(x);
        if (fx == 0.0)
            return x;
        if ((fx < 0) == (fLo < 0)) {
            lo = x;
            fLo = fx;
        } else {
            hi = x;
        }
        const double d = df(x);
        double next = x - fx / d;
        if (!std::isfinite(next) || next <= lo || next >= hi)
            next = 0.5 * (lo + hi);
        if (std::abs(next - x) < 1e-14 * (1.0 + std::abs(x)) || hi - lo < 1e-13)
            return next;
        x = next;
    }
    return x;
}

}  // namespace

std::vector<FixedPoint> AdEx::fixedPoints(double input) const
{
    // Fixed points: w = a(V − EL) and F(V) = −(gL + a)(V − EL) + gL ΔT e^{(V−VT)/ΔT} + I = 0. F is strictly convex,
    // so there are at most two roots, one on each side of F's minimum V* = VT + ΔT ln((gL + a)/gL).
    const double k = m_c.gL + m_c.a;
    const auto f = [&](double v) {
        return -k * (v - m_c.eL) + m_c.gL * m_c.deltaT * std::exp((v - m_c.vT) / m_c.deltaT) + input;
    };
    const auto df = [&](double v) { return -k + m_c.gL * std::exp((v - m_c.vT) / m_c.deltaT); };
    constexpr double kReach = 1e6;  // mV: how far the brackets are searched
    std::vector<double> roots;
    if (k > 0) {
        const double vMin = m_c.vT + m_c.deltaT * std::log(k / m_c.gL);
        const double fMin = f(vMin);
        if (fMin == 0.0) {
            roots.push_back(vMin);
        } else if (fMin < 0) {
            for (double s = m_c.deltaT; s < kReach; s *= 2) {  // left: F grows linearly
                if (f(vMin - s) > 0) {
                    roots.push_back(solveBracketed(vMin - s, vMin, f, df));
                    break;
                }
            }
            for (double s = m_c.deltaT; s < kReach; s *= 2) {  // right: F grows exponentially
                if (f(vMin + s) > 0) {
                    roots.push_back(solveBracketed(vMin, vMin + s, f, df));
                    break;
                }
            }
        }
    } else {
        // F is increasing everywhere: at most one root.
        double lo = m_c.eL, hi = m_c.eL;
        for (double s = m_c.deltaT; s < kReach && f(lo) >= 0; s *= 2)
            lo = m_c.eL - s;
        for (double s = m_c.deltaT; s < kReach && f(hi) <= 0; s *= 2)
            hi = m_c.eL + s;
        if (f(lo) < 0 && f(hi) > 0)
            roots.push_back(solveBracketed(lo, hi, f, df));
    }
    std::vector<FixedPoint> result;
    for (const double v : roots) {
        const double w = m_c.a * (v - m_c.eL);
        result.push_back(classifyFixedPoint(v, w, jacobian(v, w, input)));
    }
    return result;
}

std::array<double, 4> AdEx::suggestedRange() const
{
    const double xMin = std::min(m_c.eL, m_c.vReset) - 15.0;
    const double xMax = m_c.vPeak + 5.0;
    double yMin = 0, yMax = 0;
    for (const double v : {xMin, m_c.vT, xMax}) {
        yMin = std::min(yMin, yNullcline(v, 0.0));
        yMax = std::max(yMax, yNullcline(v, 0.0));
    }
    const double k = m_c.gL + m_c.a;
    if (k > 0)  // the V-nullcline's minimum
        yMin = std::min(yMin, xNullcline(m_c.vT + m_c.deltaT * std::log(k / m_c.gL), 0.0));
    yMax = std::max(yMax, 5.0 * m_c.b);
    const double margin = 0.1 * (yMax - yMin) + 50.0;
    return {xMin, xMax, yMin - margin, yMax + margin};
}

}  // namespace neuroai
