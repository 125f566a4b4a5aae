#include "engine/models/Izhikevich.h"

#include "engine/core/Rk4.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>

namespace neuroai {

namespace {

constexpr double kA2 = 0.04, kA1 = 5.0, kA0 = 140.0;  // the fixed quadratic of the model
constexpr double kOvershootCap = 1e4;                  // mV, see the paper scheme in stepCells

inline double vDot(double v, double u, double input)
{
    return (kA2 * v + kA1) * v + kA0 - u + input;
}

// Fixed points satisfy u = b·v and 0.04 v² + (5 − b) v + 140 + I = 0.
std::vector<double> fixedPointVoltages(double b, double input)
{
    const double p = kA1 - b;
    const double disc = p * p - 4.0 * kA2 * (kA0 + input);
    if (disc < 0)
        return {};
    if (disc == 0)
        return {-p / (2.0 * kA2)};
    // Numerically stable pair of roots (no cancellation between −p and ±√disc).
    const double q = -0.5 * (p + std::copysign(std::sqrt(disc), p));
    double r1 = q / kA2;
    double r2 = (kA0 + input) / q;
    if (r1 > r2)
        std::swap(r1, r2);
    return {r1, r2};
}

}  // namespace

Izhikevich::Izhikevich()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> Izhikevich::specs() const
{
    return withStimulus({
        {"a", "Recovery rate a", "1/ms", 0.001, 1, 0.02, Scale::Log,
         "Time scale of the recovery variable u: small a = slow recovery (0.02 for regular spiking, 0.1 for fast "
         "spiking).", 3},
        {"b", "Recovery sensitivity b", "1/ms", -0.5, 1, 0.2, Scale::Linear,
         "How strongly u follows the sub-threshold v. Larger b couples u and v more tightly: low threshold, "
         "rebound and resonance (0.25, 0.26).", 3},
        {"c", "Reset potential c", "mV", -90, -30, -65, Scale::Linear,
         "v is set to c after a spike (−65 mV regular, −55 intrinsically bursting, −50 chattering).", 1},
        {"d", "Reset jump of u, d", "mV/ms", -20, 20, 8, Scale::Linear,
         "Added to u at each spike: the after-spike adaptation (8 regular spiking, 2 fast spiking, 0.05 "
         "thalamo-cortical).", 2},
        {"v_peak", "Spike cut-off v_peak", "mV", 0, 50, 30, Scale::Linear,
         "A spike is registered when v reaches this value, and the state is reset (30 mV in the paper).", 1},
        {"i_ext", "Input I", "mV/ms", -50, 50, 0, Scale::Linear,
         "Constant input. In the 2003 model the input is written as the rate of voltage change it causes "
         "(mV/ms), not as a current in amperes: the capacitance is folded into the equation. Rheobase for "
         "b = 0.2 is I = 4.", 2},
        choiceSpec("method", "Integration scheme", {"paper", "euler", "rk4"}, 0,
                   "paper: the published code's scheme (v by two Euler half-steps, then u by one step; exact at "
                   "dt = 1 ms); euler: plain forward Euler; rk4: Runge–Kutta 4, use a small dt (≤ 0.1 ms) to "
                   "approach the exact solution of the equations."),
        {"dt", "Time step dt", "ms", 0.01, 1, 0.25, Scale::Log,
         "Integration step. 1 ms with the paper scheme is the published code; the presets use 0.25 ms, which gives "
         "the same firing patterns as the converged solution.", 3},
    }, {"mV/ms", "mV", -50, 50, 0, 500, 0, 20, 2});
}

std::string Izhikevich::integrationScheme() const
{
    std::string now;
    switch (m_c.method) {
    case Method::Paper:
        now = "Now: the published code's scheme (v by two forward-Euler half-steps of dt/2, then u by one step of dt "
              "from the new v; at dt = 1 ms exactly Izhikevich's 2003 code, spike overshoot included).";
        break;
    case Method::Euler:
        now = "Now: forward Euler for v and u together.";
        break;
    case Method::Rk4:
        now = "Now: classical Runge–Kutta 4 (stages above v_peak evaluated at v_peak).";
        break;
    }
    return now + " The presets use the published scheme at dt = 0.25 ms, close to the converged solution (at "
                 "dt = 1 ms spikes snap to the coarse grid: fast-spiking trains turn irregular and first intervals "
                 "lengthen). A spike is the step at whose end v ≥ v_peak; its time is the "
                 "linearly interpolated crossing of v_peak inside the step, and that step's sample is drawn at "
                 "v_peak so every spike has the same height.";
}

std::vector<ChannelInfo> Izhikevich::modelChannels() const
{
    return {{"v", "Membrane potential v", "mV"}, {"u", "Recovery variable u", "mV/ms"}};
}

std::string Izhikevich::checkModelConstraints(const ParamSet& p) const
{
    if (p["c"] > p["v_peak"] - 1.0)
        return "parameter 'c' (" + formatValue(p["c"]) + " mV) must be at least 1 mV below 'v_peak' (" +
               formatValue(p["v_peak"]) + " mV)";
    return {};
}

void Izhikevich::applyModelParameters(const ParamSet& p)
{
    m_c.a = p["a"];
    m_c.b = p["b"];
    m_c.c = p["c"];
    m_c.d = p["d"];
    m_c.vPeak = p["v_peak"];
    m_c.dt = p["dt"];
    m_c.method = Method(int(p["method"]));
}

void Izhikevich::resizeCells(int n)
{
    m_v.assign(std::size_t(n), m_c.c);
    m_u.assign(std::size_t(n), m_c.b * m_c.c);
}

void Izhikevich::resetCells()
{
    double v0 = m_c.c;
    for (const FixedPoint& fp : fixedPoints(0.0)) {
        if (fp.stable && fp.x < m_c.vPeak) {
            v0 = fp.x;
            break;
        }
    }
    std::fill(m_v.begin(), m_v.end(), v0);
    std::fill(m_u.begin(), m_u.end(), m_c.b * v0);
    m_cell0Spiked = false;
}

void Izhikevich::stepCells(const double* input, double tStart, const SpikeOut& spike)
{
    const std::size_t n = m_v.size();
    double* vs = m_v.data();
    double* us = m_u.data();
    const double h = m_c.dt, a = m_c.a, b = m_c.b, vPeak = m_c.vPeak;
    bool spiked0 = false;
    for (std::size_t i = 0; i < n; ++i) {
        const double in = input[i];
        const double v0 = vs[i];
        double u = us[i];
        double v = v0;
        double tCross = 0;  // valid when v ends ≥ v_peak
        switch (m_c.method) {
        case Method::Paper: {
            const double v1 = v0 + 0.5 * h * vDot(v0, u, in);
            v = v1 + 0.5 * h * vDot(v1, u, in);
            // The published code feeds the overshoot (about 1.5 V at dt = 1 ms and I = 10) into u. Capping what
            // enters u at 10 V leaves that regime untouched and keeps u bounded by |b|·10 V, so extreme parameter
            // combinations (a·dt near 1, |I| ≈ 50) cannot run away to infinity.
            u += h * a * (b * std::min(v, kOvershootCap) - u);
            if (v >= vPeak)
                tCross = v1 >= vPeak ? 0.5 * h * (vPeak - v0) / (v1 - v0)
                                     : 0.5 * h + 0.5 * h * (vPeak - v1) / (v - v1);
            break;
        }
        case Method::Euler: {
            const double dv = vDot(v0, u, in);
            u += h * a * (b * v0 - u);
            v = v0 + h * dv;
            if (v >= vPeak)
                tCross = h * (vPeak - v0) / (v - v0);
            break;
        }
        case Method::Rk4: {
            const Eigen::Array2d next = rk4Step(Eigen::Array2d(v0, u), h, [&](const Eigen::Array2d& x) {
                const double vv = std::min(x[0], vPeak);
                return Eigen::Array2d(vDot(vv, x[1], in), a * (b * vv - x[1]));
            });
            v = next[0];
            u = next[1];
            if (v >= vPeak)
                tCross = h * (vPeak - v0) / (v - v0);
            break;
        }
        }
        if (v >= vPeak) {
            spike(int(i), tStart + std::clamp(tCross, 0.0, h));
            v = m_c.c;
            u += m_c.d;
            if (i == 0)
                spiked0 = true;
        }
        vs[i] = v;
        us[i] = u;
    }
    m_cell0Spiked = spiked0;
}

void Izhikevich::sampleCell0(double* out) const
{
    out[0] = m_cell0Spiked ? m_c.vPeak : m_v[0];
    out[1] = m_u[0];
}

bool Izhikevich::cellsFinite() const
{
    for (std::size_t i = 0; i < m_v.size(); ++i)
        if (!std::isfinite(m_v[i]) || !std::isfinite(m_u[i]))
            return false;
    return true;
}

void Izhikevich::addModelMetrics(std::map<std::string, double>& metrics) const
{
    metrics["u"] = m_u[0];
}

// ---- phase plane ----

std::array<double, 2> Izhikevich::derivative(double v, double u, double input) const
{
    return {vDot(v, u, input), m_c.a * (m_c.b * v - u)};
}

std::array<double, 4> Izhikevich::jacobian(double v, double /*u*/, double /*input*/) const
{
    return {2.0 * kA2 * v + kA1, -1.0, m_c.a * m_c.b, -m_c.a};
}

double Izhikevich::xNullcline(double v, double input) const
{
    return vDot(v, 0.0, input);
}

double Izhikevich::yNullcline(double v, double /*input*/) const
{
    return m_c.b * v;
}

std::vector<FixedPoint> Izhikevich::fixedPoints(double input) const
{
    std::vector<FixedPoint> result;
    for (const double v : fixedPointVoltages(m_c.b, input))
        result.push_back(classifyFixedPoint(v, m_c.b * v, jacobian(v, m_c.b * v, input)));
    return result;
}

std::array<double, 4> Izhikevich::suggestedRange() const
{
    const double xMin = std::min(m_c.c, -70.0) - 15.0;
    const double xMax = m_c.vPeak + 5.0;
    // The v-nullcline's lowest point is at v = −62.5 mV (u = −16.25 + I); the u-nullcline is the line u = b·v.
    const double vertex = xNullcline(-kA1 / (2.0 * kA2), 0.0);
    const double lineLo = std::min(m_c.b * xMin, m_c.b * xMax);
    const double lineHi = std::max(m_c.b * xMin, m_c.b * xMax);
    const double yMin = std::min(vertex, lineLo) - 5.0 - std::abs(m_c.d);
    const double yMax = std::max(lineHi, vertex) + 15.0 + 2.0 * std::abs(m_c.d);
    return {xMin, xMax, yMin, yMax};
}

}  // namespace neuroai
