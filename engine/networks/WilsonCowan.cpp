#include "engine/networks/WilsonCowan.h"

#include "engine/core/Rk4.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace neuroai::networks {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kRootGrid = 2000;        // grid of the Se input x along the E-nullcline
constexpr double kGridHalfWidth = 40;  // x covers θE ± 40/aE: Se is within e^−40 of its bounds beyond

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string("WilsonCowan: ") + name + " = " + std::to_string(value) + " " + what);
}

// Logistic part and its derivative factor of the subtractive sigmoid.
inline double logistic(double x, double a, double theta) { return 1.0 / (1.0 + std::exp(-a * (x - theta))); }

int sign(double v) { return (v > 0) - (v < 0); }

}  // namespace

void WilsonCowanParams::validate() const
{
    const auto finite = [](double v) { return std::isfinite(v); };
    require(finite(c1) && c1 >= 0, "c1", c1, "must be finite and >= 0");
    require(finite(c2) && c2 > 0, "c2", c2, "must be finite and > 0");
    require(finite(c3) && c3 > 0, "c3", c3, "must be finite and > 0");
    require(finite(c4) && c4 >= 0, "c4", c4, "must be finite and >= 0");
    require(finite(aE) && aE > 0 && aE <= 100, "aE", aE, "must be in (0, 100]");
    require(finite(aI) && aI > 0 && aI <= 100, "aI", aI, "must be in (0, 100]");
    require(finite(thetaE) && thetaE >= 0 && thetaE <= 100, "thetaE", thetaE, "must be in [0, 100]");
    require(finite(thetaI) && thetaI >= 0 && thetaI <= 100, "thetaI", thetaI, "must be in [0, 100]");
    require(finite(rE) && rE >= 0 && rE <= 1, "rE", rE, "must be in [0, 1]");
    require(finite(rI) && rI >= 0 && rI <= 1, "rI", rI, "must be in [0, 1]");
    require(finite(kE) && kE > 0 && kE <= 1, "kE", kE, "must be in (0, 1]");
    require(finite(kI) && kI > 0 && kI <= 1, "kI", kI, "must be in (0, 1]");
    require(finite(tauE) && tauE > 0, "tauE", tauE, "must be > 0");
    require(finite(tauI) && tauI > 0, "tauI", tauI, "must be > 0");
    require(finite(P) && std::abs(P) <= 1e3, "P", P, "must be finite with |P| <= 1000");
    require(finite(Q) && std::abs(Q) <= 1e3, "Q", Q, "must be finite with |Q| <= 1000");
}

const char* fixedPointKindName(FixedPointKind kind)
{
    switch (kind) {
    case FixedPointKind::StableNode: return "stable node";
    case FixedPointKind::StableFocus: return "stable focus";
    case FixedPointKind::UnstableNode: return "unstable node";
    case FixedPointKind::UnstableFocus: return "unstable focus";
    case FixedPointKind::Saddle: return "saddle";
    case FixedPointKind::Centre: return "centre";
    case FixedPointKind::Degenerate: return "degenerate";
    }
    return "?";
}

const char* windowEdgeName(WindowEdge edge)
{
    switch (edge) {
    case WindowEdge::Hopf: return "Hopf";
    case WindowEdge::SaddleNode: return "saddle-node";
    case WindowEdge::ScanLimit: return "scan limit";
    }
    return "?";
}

WilsonCowan::WilsonCowan(const WilsonCowanParams& params) : m_p(params)
{
    m_p.validate();
    m_offsetE = 1.0 / (1.0 + std::exp(m_p.aE * m_p.thetaE));
    m_offsetI = 1.0 / (1.0 + std::exp(m_p.aI * m_p.thetaI));
}

WilsonCowan WilsonCowan::withP(double P) const
{
    WilsonCowanParams p = m_p;
    p.P = P;
    return WilsonCowan(p);
}

double WilsonCowan::sigmoid(double x, double a, double theta)
{
    return logistic(x, a, theta) - 1.0 / (1.0 + std::exp(a * theta));
}

double WilsonCowan::sigmoidMax(double a, double theta) { return subtractiveSigmoidMax(a, theta); }

double WilsonCowan::sigmoidInverse(double y, double a, double theta)
{
    const double z = y + 1.0 / (1.0 + std::exp(a * theta));  // the logistic's value, must be in (0, 1)
    if (!(z > 0 && z < 1))
        return kNaN;
    return theta + (std::log(z) - std::log1p(-z)) / a;
}

WcState WilsonCowan::derivative(WcState s, double P, double Q) const
{
    const double se = logistic(m_p.c1 * s.E - m_p.c2 * s.I + P, m_p.aE, m_p.thetaE) - m_offsetE;
    const double si = logistic(m_p.c3 * s.E - m_p.c4 * s.I + Q, m_p.aI, m_p.thetaI) - m_offsetI;
    return {(-s.E + (m_p.kE - m_p.rE * s.E) * se) / m_p.tauE, (-s.I + (m_p.kI - m_p.rI * s.I) * si) / m_p.tauI};
}

WcState WilsonCowan::rk4Step(WcState s, double dtMs) const
{
    const Eigen::Array2d x(s.E, s.I);
    const Eigen::Array2d next = neuroai::rk4Step(x, dtMs, [this](const Eigen::Array2d& v) {
        const WcState d = derivative({v[0], v[1]});
        return Eigen::Array2d(d.E, d.I);
    });
    return {next[0], next[1]};
}

WcTrajectory WilsonCowan::simulate(WcState s0, double durationMs, double dtMs, int recordEvery) const
{
    require(std::isfinite(dtMs) && dtMs > 0 && dtMs <= 0.5 * std::min(m_p.tauE, m_p.tauI), "dtMs", dtMs,
            "must be > 0 and <= half the smaller time constant");
    require(std::isfinite(durationMs) && durationMs >= 0 && durationMs / dtMs <= 1e8, "durationMs", durationMs,
            "must be >= 0 and at most 1e8 steps");
    require(recordEvery >= 1, "recordEvery", recordEvery, "must be >= 1");
    require(std::isfinite(s0.E) && std::isfinite(s0.I), "initial E", s0.E, "and I must be finite");
    const long steps = std::lround(durationMs / dtMs);
    WcTrajectory out;
    out.tMs.push_back(0);
    out.E.push_back(s0.E);
    out.I.push_back(s0.I);
    WcState s = s0;
    for (long k = 1; k <= steps; ++k) {
        s = rk4Step(s, dtMs);
        if (!std::isfinite(s.E) || !std::isfinite(s.I) || std::abs(s.E) > 1e6 || std::abs(s.I) > 1e6) {
            out.diverged = true;
            break;
        }
        if (k % recordEvery == 0) {
            out.tMs.push_back(double(k) * dtMs);
            out.E.push_back(s.E);
            out.I.push_back(s.I);
        }
    }
    return out;
}

double WilsonCowan::eNullclineI(double E) const
{
    const double room = m_p.kE - m_p.rE * E;
    if (!(room > 0))
        return kNaN;
    const double x = sigmoidInverse(E / room, m_p.aE, m_p.thetaE);
    return (m_p.c1 * E + m_p.P - x) / m_p.c2;
}

double WilsonCowan::iNullclineE(double I) const
{
    const double room = m_p.kI - m_p.rI * I;
    if (!(room > 0))
        return kNaN;
    const double x = sigmoidInverse(I / room, m_p.aI, m_p.thetaI);
    return (x + m_p.c4 * I - m_p.Q) / m_p.c3;
}

Nullcline WilsonCowan::eNullcline(double eLo, double eHi, int points) const
{
    require(std::isfinite(eLo) && std::isfinite(eHi) && eHi > eLo, "eHi", eHi, "must be finite and > eLo");
    require(points >= 2 && points <= 1000000, "points", points, "must be in [2, 1e6]");
    Nullcline c;
    for (int k = 0; k < points; ++k) {
        const double E = eLo + (eHi - eLo) * k / (points - 1);
        const double I = eNullclineI(E);
        if (std::isfinite(I)) {
            c.E.push_back(E);
            c.I.push_back(I);
        }
    }
    return c;
}

Nullcline WilsonCowan::iNullcline(double iLo, double iHi, int points) const
{
    require(std::isfinite(iLo) && std::isfinite(iHi) && iHi > iLo, "iHi", iHi, "must be finite and > iLo");
    require(points >= 2 && points <= 1000000, "points", points, "must be in [2, 1e6]");
    Nullcline c;
    for (int k = 0; k < points; ++k) {
        const double I = iLo + (iHi - iLo) * k / (points - 1);
        const double E = iNullclineE(I);
        if (std::isfinite(E)) {
            c.E.push_back(E);
            c.I.push_back(I);
        }
    }
    return c;
}

WcState WilsonCowan::nullclinePoint(double x) const
{
    // On the E-nullcline E = (kE − rE·E)·Se(x) with x = c1·E − c2·I + P, so E = kE·y/(1 + rE·y), y = Se(x);
    // 1 + rE·y > 0 because y > −1/2 and rE ≤ 1.
    const double y = logistic(x, m_p.aE, m_p.thetaE) - m_offsetE;
    const double E = m_p.kE * y / (1.0 + m_p.rE * y);
    return {E, (m_p.c1 * E + m_p.P - x) / m_p.c2};
}

double WilsonCowan::fixedPointResidual(double x) const
{
    const WcState s = nullclinePoint(x);
    return -s.I + (m_p.kI - m_p.rI * s.I) * (logistic(m_p.c3 * s.E - m_p.c4 * s.I + m_p.Q, m_p.aI, m_p.thetaI) -
                                             m_offsetI);
}

std::vector<FixedPoint> WilsonCowan::fixedPoints() const
{
    const double lo = m_p.thetaE - kGridHalfWidth / m_p.aE;
    const double hi = m_p.thetaE + kGridHalfWidth / m_p.aE;
    std::vector<double> xs(kRootGrid + 1), rs(kRootGrid + 1);
    for (int k = 0; k <= kRootGrid; ++k) {
        xs[std::size_t(k)] = lo + (hi - lo) * k / kRootGrid;
        rs[std::size_t(k)] = fixedPointResidual(xs[std::size_t(k)]);
    }
    // Bisection of a bracketed sign change down to adjacent doubles.
    const auto bisect = [this](double a, double b, double ra) {
        for (int it = 0; it < 200; ++it) {
            const double m = 0.5 * (a + b);
            if (m <= a || m >= b)
                break;
            const double rm = fixedPointResidual(m);
            if (rm == 0)
                return m;
            if (sign(rm) == sign(ra)) {
                a = m;
                ra = rm;
            } else {
                b = m;
            }
        }
        return 0.5 * (a + b);
    };
    std::vector<double> roots;
    for (int k = 0; k < kRootGrid; ++k) {
        const double ra = rs[std::size_t(k)], rb = rs[std::size_t(k) + 1];
        if (ra == 0) {
            roots.push_back(xs[std::size_t(k)]);
        } else if (sign(ra) * sign(rb) < 0) {
            roots.push_back(bisect(xs[std::size_t(k)], xs[std::size_t(k) + 1], ra));
        } else if (k > 0 && sign(rs[std::size_t(k) - 1]) == sign(ra) && sign(ra) == sign(rb)) {
            // A sampled extremum pointing towards zero may hide two close roots: golden-section search for the
            // extremum of s·r (s the common sign) on [x_{k−1}, x_{k+1}], and bisect both sides if it crosses zero.
            const double rp = rs[std::size_t(k) - 1];
            const int s = sign(ra);
            if (!(s * ra < s * rp && s * ra < s * rb))
                continue;
            double a = xs[std::size_t(k) - 1], b = xs[std::size_t(k) + 1];
            const double g = (std::sqrt(5.0) - 1) / 2;
            double c = b - g * (b - a), d = a + g * (b - a);
            double fc = s * fixedPointResidual(c), fd = s * fixedPointResidual(d);
            for (int it = 0; it < 100 && b - a > 1e-15 * (1 + std::abs(a)); ++it) {
                if (fc < fd) {
                    b = d;
                    d = c;
                    fd = fc;
                    c = b - g * (b - a);
                    fc = s * fixedPointResidual(c);
                } else {
                    a = c;
                    c = d;
                    fc = fd;
                    d = a + g * (b - a);
                    fd = s * fixedPointResidual(d);
                }
                if (std::min(fc, fd) < 0)
                    break;
            }
            const double xm = fc < fd ? c : d;
            const double rm = fixedPointResidual(xm);
            if (sign(rm) == -s) {
                roots.push_back(bisect(xs[std::size_t(k) - 1], xm, rp));
                roots.push_back(bisect(xm, xs[std::size_t(k) + 1], rm));
            } else if (rm == 0) {
                roots.push_back(xm);
            }
        }
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    std::vector<FixedPoint> out;
    for (const double x : roots) {
        FixedPoint f = analyse(nullclinePoint(x));
        f.x = x;
        out.push_back(f);
    }
    return out;
}

std::array<double, 4> WilsonCowan::jacobian(WcState s) const
{
    const double le = logistic(m_p.c1 * s.E - m_p.c2 * s.I + m_p.P, m_p.aE, m_p.thetaE);
    const double li = logistic(m_p.c3 * s.E - m_p.c4 * s.I + m_p.Q, m_p.aI, m_p.thetaI);
    const double se = le - m_offsetE, si = li - m_offsetI;
    const double dse = m_p.aE * le * (1 - le), dsi = m_p.aI * li * (1 - li);  // S'(x)
    const double roomE = m_p.kE - m_p.rE * s.E, roomI = m_p.kI - m_p.rI * s.I;
    return {(-1 - m_p.rE * se + roomE * dse * m_p.c1) / m_p.tauE, (-roomE * dse * m_p.c2) / m_p.tauE,
            (roomI * dsi * m_p.c3) / m_p.tauI, (-1 - m_p.rI * si - roomI * dsi * m_p.c4) / m_p.tauI};
}

FixedPoint WilsonCowan::analyse(WcState s) const
{
    FixedPoint f;
    f.E = s.E;
    f.I = s.I;
    f.x = m_p.c1 * s.E - m_p.c2 * s.I + m_p.P;
    f.jacobian = jacobian(s);
    const auto& J = f.jacobian;
    f.trace = J[0] + J[3];
    f.det = J[0] * J[3] - J[1] * J[2];
    const double half = 0.5 * f.trace;
    const double disc = half * half - f.det;
    if (disc < 0) {
        const double w = std::sqrt(-disc);
        f.lambda1 = {half, w};
        f.lambda2 = {half, -w};
    } else {
        const double r = std::sqrt(disc);
        // Stable pair of real roots: the larger-magnitude one first, the other from the product.
        const double big = half + std::copysign(r, half);
        const double other = big != 0 ? f.det / big : half - r;
        f.lambda1 = std::max(big, other);
        f.lambda2 = std::min(big, other);
    }
    if (f.det < 0)
        f.kind = FixedPointKind::Saddle;
    else if (f.det == 0)
        f.kind = FixedPointKind::Degenerate;
    else if (disc < 0)
        f.kind = f.trace < 0 ? FixedPointKind::StableFocus
                             : (f.trace > 0 ? FixedPointKind::UnstableFocus : FixedPointKind::Centre);
    else
        f.kind = f.trace < 0 ? FixedPointKind::StableNode
                             : (f.trace > 0 ? FixedPointKind::UnstableNode : FixedPointKind::Degenerate);
    return f;
}

OscillationWindow WilsonCowan::oscillationWindow(double pMin, double pMax, int steps) const
{
    require(std::isfinite(pMin) && std::abs(pMin) <= 1e3, "pMin", pMin, "must be finite with |pMin| <= 1000");
    require(std::isfinite(pMax) && pMax > pMin && std::abs(pMax) <= 1e3, "pMax", pMax,
            "must be finite, > pMin and <= 1000");
    require(steps >= 2 && steps <= 100000, "steps", steps, "must be in [2, 100000]");
    OscillationWindow w;
    w.scanMin = pMin;
    w.scanMax = pMax;
    w.scanSteps = steps;
    const auto unstable = [](const std::vector<FixedPoint>& fps) {
        return fps.size() == 1 && fps[0].trace > 0 && fps[0].det > 0;
    };
    const double step = (pMax - pMin) / steps;
    std::vector<std::size_t> counts(std::size_t(steps) + 1);
    int first = -1, last = -1;
    bool previous = false;
    for (int k = 0; k <= steps; ++k) {
        const std::vector<FixedPoint> fps = withP(pMin + k * step).fixedPoints();
        counts[std::size_t(k)] = fps.size();
        const bool u = unstable(fps);
        if (u && !previous)
            ++w.windows;
        if (u && w.windows == 1) {
            if (first < 0)
                first = k;
            last = k;
            w.focusThroughout = w.focusThroughout && fps[0].kind == FixedPointKind::UnstableFocus;
        }
        previous = u;
    }
    // Bisection of a predicate's change between `in` (true) and `out` (false) to |ΔP| <= 1e-9; returns the
    // bracket's ends.
    const auto bisect = [this](double in, double out, const auto& predicate) {
        while (std::abs(in - out) > 1e-9) {
            const double m = 0.5 * (in + out);
            (predicate(withP(m).fixedPoints()) ? in : out) = m;
        }
        return std::pair<double, double>(in, out);
    };
    // The first band with several fixed points.
    int mFirst = -1, mLast = -1;
    for (int k = 0; k <= steps; ++k)
        if (counts[std::size_t(k)] != 1) {
            w.uniqueFixedPoint = false;
            if (mFirst < 0)
                mFirst = k;
            if (mLast == k - 1 || mLast < 0)
                mLast = k;
        }
    const auto several = [](const std::vector<FixedPoint>& fps) { return fps.size() != 1; };
    if (mFirst >= 0) {
        w.multiLow = mFirst == 0 ? pMin : bisect(pMin + mFirst * step, pMin + (mFirst - 1) * step, several).first;
        w.multiHigh = mLast == steps ? pMax : bisect(pMin + mLast * step, pMin + (mLast + 1) * step, several).first;
    }
    if (first < 0)
        return w;
    const auto edge = [&](int inside, int outside, double* p, WindowEdge* kind, FixedPoint* fp) {
        if (outside < 0 || outside > steps) {
            *p = pMin + inside * step;
            *kind = WindowEdge::ScanLimit;
        } else {
            const auto [in, out] = bisect(pMin + inside * step, pMin + outside * step, unstable);
            *p = 0.5 * (in + out);
            *kind = withP(out).fixedPoints().size() == 1 ? WindowEdge::Hopf : WindowEdge::SaddleNode;
            *p = *kind == WindowEdge::Hopf ? *p : in;  // a saddle-node edge: the last P with one fixed point
        }
        const std::vector<FixedPoint> fps = withP(*p).fixedPoints();
        if (!fps.empty())
            *fp = fps.front();
    };
    edge(first, first - 1, &w.pLow, &w.lowEdge, &w.atLow);
    edge(last, last + 1, &w.pHigh, &w.highEdge, &w.atHigh);
    w.found = w.lowEdge != WindowEdge::ScanLimit && w.highEdge != WindowEdge::ScanLimit;
    return w;
}

double WilsonCowan::linearPeriodMs() const
{
    const std::vector<FixedPoint> fps = fixedPoints();
    if (fps.empty() || fps[0].omega() <= 0)
        return kNaN;
    return 2 * std::numbers::pi / fps[0].omega();
}

OscillationMeasure WilsonCowan::measureOscillation(WcState s0, double transientMs, double measureMs, double dtMs) const
{
    require(std::isfinite(transientMs) && transientMs >= 0, "transientMs", transientMs, "must be >= 0");
    require(std::isfinite(measureMs) && measureMs > 0, "measureMs", measureMs, "must be > 0");
    require(std::isfinite(dtMs) && dtMs > 0 && dtMs <= 0.5 * std::min(m_p.tauE, m_p.tauI), "dtMs", dtMs,
            "must be > 0 and <= half the smaller time constant");
    OscillationMeasure m;
    WcState s = s0;
    const long transientSteps = std::lround(transientMs / dtMs);
    for (long k = 0; k < transientSteps; ++k) {
        s = rk4Step(s, dtMs);
        if (!std::isfinite(s.E) || !std::isfinite(s.I) || std::abs(s.E) > 1e6 || std::abs(s.I) > 1e6) {
            m.diverged = true;
            return m;
        }
    }
    const WcTrajectory run = simulate(s, measureMs, dtMs);
    if (run.diverged) {
        m.diverged = true;
        return m;
    }
    const std::vector<double>& E = run.E;
    double sum = 0;
    m.minE = m.maxE = E.front();
    for (const double e : E) {
        sum += e;
        m.minE = std::min(m.minE, e);
        m.maxE = std::max(m.maxE, e);
    }
    m.meanE = sum / double(E.size());
    m.amplitude = 0.5 * (m.maxE - m.minE);
    std::vector<double> up;
    for (std::size_t k = 1; k < E.size(); ++k)
        if (E[k - 1] < m.meanE && E[k] >= m.meanE)
            up.push_back(run.tMs[k - 1] + dtMs * (m.meanE - E[k - 1]) / (E[k] - E[k - 1]));
    m.crossings = int(up.size());
    m.periodMs = up.size() >= 3 ? (up.back() - up.front()) / double(up.size() - 1) : kNaN;
    m.finalState = {run.E.back(), run.I.back()};
    return m;
}

}  // namespace neuroai::networks
