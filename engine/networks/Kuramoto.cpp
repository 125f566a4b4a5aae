#include "engine/networks/Kuramoto.h"

#include "engine/core/Random.h"
#include "engine/core/Rk4.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::networks {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string("Kuramoto: ") + name + " = " + number(value) + " " + what);
}

// g(ω) of the config's distribution.
double density(const KuramotoConfig& c, double omega)
{
    const double x = omega - c.omega0;
    if (c.distribution == FrequencyDistribution::Lorentzian)
        return c.gamma / (kPi * (x * x + c.gamma * c.gamma));
    return std::exp(-0.5 * x * x / (c.gamma * c.gamma)) / (c.gamma * std::sqrt(2 * kPi));
}

// G⁻¹(p): the quantile function of the config's distribution, p in (0, 1).
double quantile(const KuramotoConfig& c, double p)
{
    if (c.distribution == FrequencyDistribution::Lorentzian)
        return c.omega0 + c.gamma * std::tan(kPi * (p - 0.5));
    return c.omega0 + c.gamma * normalQuantile(p);
}

// K ∫_{−π/2}^{π/2} cos²φ g(ω0 + K r sin φ) dφ − 1 (composite Simpson, `intervals` even).
double selfConsistencyResidual(const KuramotoConfig& c, double coupling, double r)
{
    constexpr int intervals = 4000;
    const double h = kPi / intervals;
    double sum = 0;
    for (int k = 0; k <= intervals; ++k) {
        const double phi = -0.5 * kPi + k * h;
        const double cs = std::cos(phi);
        const double f = cs * cs * density(c, c.omega0 + coupling * r * std::sin(phi));
        const double w = (k == 0 || k == intervals) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
        sum += w * f;
    }
    return coupling * sum * h / 3.0 - 1.0;
}

}  // namespace

namespace {

// sin and cos of one argument with |x| ≤ kSinCosLimit, branch-free (see sinCos()).
inline void sinCosKernel(double x, double& sOut, double& cOut)
{
    // x = k·π/2 + r with k = round(2x/π) and |r| ≤ π/4. π/2 is split into three parts (Cody–Waite): the first two
    // have 27 significant bits, so k·part is exact for |k| < 2^26 and the subtractions lose nothing. Rounding to an
    // integer by adding and subtracting 1.5·2^52 (exact for |value| < 2^51; not folded without -ffast-math), so that
    // the loop body has no branch and no library call and the compiler can vectorise it.
    constexpr double p1 = 0x1.921fb54000000p+0, p2 = 0x1.10b4610000000p-30, p3 = 0x1.a62633145c06ep-58;
    constexpr double magic = 0x1.8p52;
    const double k = (x * (2.0 / kPi) + magic) - magic;
    const double r = ((x - k * p1) - k * p2) - k * p3;
    const double r2 = r * r;
    // Taylor series to r^17 (sin) and r^16 (cos): the first omitted terms are < 3e-19 for |r| ≤ π/4.
    const double ps =
        r + r * r2 *
                (-1.0 / 6 +
                 r2 * (1.0 / 120 +
                       r2 * (-1.0 / 5040 +
                             r2 * (1.0 / 362880 +
                                   r2 * (-1.0 / 39916800 +
                                         r2 * (1.0 / 6227020800 +
                                               r2 * (-1.0 / 1307674368000 + r2 * (1.0 / 355687428096000))))))));
    const double pc =
        1.0 - 0.5 * r2 +
        r2 * r2 *
            (1.0 / 24 +
             r2 * (-1.0 / 720 +
                   r2 * (1.0 / 40320 +
                         r2 * (-1.0 / 3628800 +
                               r2 * (1.0 / 479001600 + r2 * (-1.0 / 87178291200 + r2 * (1.0 / 20922789888000)))))));
    // Quadrant q = k mod 4 = k − 4·floor(k/4); for an integer k, floor(k/4) = round((k − 1.5)/4) (never a tie).
    const double q = k - 4.0 * ((((k - 1.5) * 0.25) + magic) - magic);
    const double h = ((q * 0.5 - 0.25) + magic) - magic;  // floor(q/2): 0, 0, 1, 1
    const double odd = q - 2.0 * h;                       // 0, 1, 0, 1
    const double cosNegative = odd + h - 2.0 * odd * h;   // 0, 1, 1, 0
    // sin(kπ/2 + r) = sin r, cos r, −sin r, −cos r and cos(kπ/2 + r) = cos r, −sin r, −cos r, sin r (q = 0…3).
    sOut = (1.0 - 2.0 * h) * ((1.0 - odd) * ps + odd * pc);
    cOut = (1.0 - 2.0 * cosNegative) * ((1.0 - odd) * pc + odd * ps);
}

constexpr double kSinCosLimit = 0x1.0p25 * 1.5707963267948966;

}  // namespace

namespace {

void sinCosRaw(const double* xp, double* sp, double* cp, Eigen::Index n)
{
    // Blocks of a fixed length through local arrays: a loop with a constant trip count and no possible aliasing,
    // which GCC vectorises even at -O2.
    constexpr int block = 8;
    Eigen::Index i = 0;
    for (; i + block <= n; i += block) {
        double xs[block], ss[block], cs[block];
        for (int j = 0; j < block; ++j)
            xs[j] = xp[i + j];
        for (int j = 0; j < block; ++j)
            sinCosKernel(xs[j], ss[j], cs[j]);
        for (int j = 0; j < block; ++j) {
            sp[i + j] = ss[j];
            cp[i + j] = cs[j];
        }
    }
    for (; i < n; ++i)
        sinCosKernel(xp[i], sp[i], cp[i]);
    for (i = 0; i < n; ++i)
        if (!(std::abs(xp[i]) <= kSinCosLimit)) {  // also NaN and ±∞, which the library turns into NaN
            sp[i] = std::sin(xp[i]);
            cp[i] = std::cos(xp[i]);
        }
}

}  // namespace

void sinCos(const Eigen::ArrayXd& x, Eigen::ArrayXd& s, Eigen::ArrayXd& c)
{
    s.resize(x.size());
    c.resize(x.size());
    sinCosRaw(x.data(), s.data(), c.data(), x.size());
}

void KuramotoConfig::validate() const
{
    require(oscillators >= 1 && oscillators <= 10'000'000, "oscillators", oscillators, "must be in [1, 1e7]");
    require(std::isfinite(coupling) && coupling >= 0, "coupling", coupling, "must be finite and >= 0");
    require(std::isfinite(omega0), "omega0", omega0, "must be finite");
    require(std::isfinite(gamma) && gamma > 0, "gamma", gamma, "must be finite and > 0");
    require(std::isfinite(dt) && dt > 0 && dt <= 1, "dt", dt, "must be in (0, 1]");
}

double KuramotoConfig::criticalCoupling() const { return 2.0 / (kPi * density(*this, omega0)); }

double theoreticalOrderParameter(const KuramotoConfig& config, double coupling)
{
    config.validate();
    require(std::isfinite(coupling) && coupling >= 0, "coupling", coupling, "must be finite and >= 0");
    const double kc = config.criticalCoupling();
    if (coupling <= kc)
        return 0.0;
    if (config.distribution == FrequencyDistribution::Lorentzian)
        return std::sqrt(1.0 - kc / coupling);
    return selfConsistentOrderParameter(config, coupling);
}

double selfConsistentOrderParameter(const KuramotoConfig& config, double coupling)
{
    config.validate();
    require(std::isfinite(coupling) && coupling >= 0, "coupling", coupling, "must be finite and >= 0");
    if (coupling <= config.criticalCoupling())
        return 0.0;
    // The residual is positive as r → 0 (K > K_c) and ≤ 0 at r = 1 (the locked oscillators alone cannot give more
    // than r = 1), and decreasing for a unimodal g: bisection.
    double lo = 0.0, hi = 1.0;
    for (int it = 0; it < 60; ++it) {
        const double mid = 0.5 * (lo + hi);
        (selfConsistencyResidual(config, coupling, mid) > 0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double normalQuantile(double p)
{
    if (!(p > 0 && p < 1))
        throw std::invalid_argument("normalQuantile: p = " + number(p) + " must be in (0, 1)");
    // Rational approximation (Acklam 2003), relative error < 1.2e-9, refined by one Halley step.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    constexpr double pLow = 0.02425;
    double x;
    if (p < pLow) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - pLow) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // Halley step on Φ(x) − p, with Φ(x) = ½ erfc(−x/√2).
    const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2 * kPi) * std::exp(0.5 * x * x);
    return x - u / (1 + 0.5 * x * u);
}

std::vector<double> naturalFrequencies(const KuramotoConfig& config)
{
    config.validate();
    const int n = config.oscillators;
    std::vector<double> omega(std::size_t(n), 0.0);
    if (config.sampling == FrequencySampling::Quantile) {
        for (int i = 0; i < n; ++i)
            omega[std::size_t(i)] = quantile(config, (i + 0.5) / n);
        return omega;
    }
    Random rng(config.seed);
    for (double& w : omega) {
        if (config.distribution == FrequencyDistribution::Lorentzian) {
            double u = rng.uniform();
            while (u <= 0.0)
                u = rng.uniform();
            w = quantile(config, u);
        } else {
            w = config.omega0 + config.gamma * rng.normal();
        }
    }
    return omega;
}

OrderParameter orderParameter(const Eigen::ArrayXd& phases)
{
    if (phases.size() == 0)
        return {};
    Eigen::ArrayXd s, c;
    sinCos(phases, s, c);
    const double sx = c.sum(), sy = s.sum();
    return {std::min(1.0, std::hypot(sx, sy) / double(phases.size())), std::atan2(sy, sx)};
}

Kuramoto::Kuramoto(const KuramotoConfig& config) : m_config(config)
{
    m_config.validate();
    const std::vector<double> omega = naturalFrequencies(m_config);
    m_omega = Eigen::Map<const Eigen::ArrayXd>(omega.data(), Eigen::Index(omega.size()));
    m_theta = Eigen::ArrayXd::Zero(m_omega.size());
    if (m_config.initialPhases == InitialPhases::Random) {
        // A separate stream from the frequencies' (which used `seed` itself), so that the phases of a Quantile run
        // and of a Random run with the same seed are the same.
        Random rng(m_config.seed ^ 0x9E3779B97F4A7C15ull);
        for (Eigen::Index i = 0; i < m_theta.size(); ++i)
            m_theta[i] = 2 * kPi * rng.uniform();
    }
    for (Eigen::ArrayXd* a : {&m_sin, &m_cos, &m_stage, &m_k, &m_acc})
        a->resize(m_theta.size());
}

void Kuramoto::setPhases(const Eigen::ArrayXd& phases)
{
    if (phases.size() != m_theta.size())
        throw std::invalid_argument("Kuramoto: phases has " + std::to_string(phases.size()) + " entries, expected " +
                                    std::to_string(m_theta.size()));
    if (!phases.allFinite())
        throw std::invalid_argument("Kuramoto: phases contain a non-finite value");
    m_theta = phases;
}

void Kuramoto::setFrequencies(const Eigen::ArrayXd& omega)
{
    if (omega.size() != m_omega.size())
        throw std::invalid_argument("Kuramoto: frequencies has " + std::to_string(omega.size()) +
                                    " entries, expected " + std::to_string(m_omega.size()));
    if (!omega.allFinite())
        throw std::invalid_argument("Kuramoto: frequencies contain a non-finite value");
    m_omega = omega;
}

void Kuramoto::setCoupling(double coupling)
{
    require(std::isfinite(coupling) && coupling >= 0, "coupling", coupling, "must be finite and >= 0");
    m_config.coupling = coupling;
}

Eigen::ArrayXd Kuramoto::derivative(const Eigen::ArrayXd& phases, Method method) const
{
    const Eigen::Index n = m_omega.size();
    if (phases.size() != n)
        throw std::invalid_argument("Kuramoto: phases has " + std::to_string(phases.size()) + " entries, expected " +
                                    std::to_string(n));
    const double k = m_config.coupling;
    Eigen::ArrayXd d(n);
    if (method == Method::Pairwise) {
        for (Eigen::Index i = 0; i < n; ++i) {
            double s = 0;
            for (Eigen::Index j = 0; j < n; ++j)
                s += std::sin(phases[j] - phases[i]);
            d[i] = m_omega[i] + k / double(n) * s;
        }
        return d;
    }
    meanFieldDerivative(phases.data(), d.data());
    return d;
}

void Kuramoto::meanFieldDerivative(const double* theta, double* out) const
{
    // Z = (1/N) Σ e^{iθ_j};  (K/N) Σ_j sin(θ_j − θ_i) = K (Im Z cos θ_i − Re Z sin θ_i).
    const Eigen::Index n = m_omega.size();
    double* sp = m_sin.data();
    double* cp = m_cos.data();
    sinCosRaw(theta, sp, cp, n);
    double sx = 0, sy = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
        sx += cp[j];
        sy += sp[j];
    }
    const double zx = m_config.coupling * sx / double(n), zy = m_config.coupling * sy / double(n);
    const double* w = m_omega.data();
    for (Eigen::Index i = 0; i < n; ++i)
        out[i] = w[i] + (zy * cp[i] - zx * sp[i]);
}

void Kuramoto::step(Method method)
{
    if (method == Method::Pairwise) {
        // The reference: the engine's shared RK4 step on the O(N²) right-hand side.
        m_theta = rk4Step(m_theta, m_config.dt, [&](const Eigen::ArrayXd& x) { return derivative(x, method); });
    } else {
        // The same RK4 step (same operation order as engine/core/Rk4.h: θ + h/6·(((k1 + 2k2) + 2k3) + k4)) written
        // as plain loops over preallocated buffers.
        const Eigen::Index n = m_theta.size();
        const double h = m_config.dt, half = 0.5 * h, sixth = h / 6.0;
        double* theta = m_theta.data();
        double* x = m_stage.data();
        double* k = m_k.data();
        double* acc = m_acc.data();
        meanFieldDerivative(theta, k);
        for (Eigen::Index i = 0; i < n; ++i) {
            acc[i] = k[i];
            x[i] = theta[i] + half * k[i];
        }
        meanFieldDerivative(x, k);
        for (Eigen::Index i = 0; i < n; ++i) {
            acc[i] = acc[i] + 2.0 * k[i];
            x[i] = theta[i] + half * k[i];
        }
        meanFieldDerivative(x, k);
        for (Eigen::Index i = 0; i < n; ++i) {
            acc[i] = acc[i] + 2.0 * k[i];
            x[i] = theta[i] + h * k[i];
        }
        meanFieldDerivative(x, k);
        for (Eigen::Index i = 0; i < n; ++i)
            theta[i] = theta[i] + sixth * (acc[i] + k[i]);
    }
    m_time += m_config.dt;
    if (!m_theta.allFinite())
        throw std::runtime_error("Kuramoto: a phase became non-finite at t = " + number(m_time) +
                                 " (frequencies or coupling too large for dt)");
}

void Kuramoto::advance(double duration)
{
    require(std::isfinite(duration) && duration >= 0, "duration", duration, "must be finite and >= 0");
    const long steps = std::lround(duration / m_config.dt);
    for (long s = 0; s < steps; ++s)
        step();
}

void KuramotoRunSettings::validate() const
{
    require(std::isfinite(transient) && transient >= 0, "transient", transient, "must be finite and >= 0");
    require(std::isfinite(duration) && duration > 0, "duration", duration, "must be finite and > 0");
    require(std::isfinite(sampleEvery) && sampleEvery > 0, "sampleEvery", sampleEvery, "must be finite and > 0");
    require(blocks >= 2, "blocks", blocks, "must be >= 2");
    require(duration / sampleEvery >= 2.0 * blocks, "blocks", blocks,
            "needs at least two samples per block (duration / sampleEvery >= 2 blocks)");
}

KuramotoRun runKuramoto(const KuramotoConfig& config, const KuramotoRunSettings& settings,
                        const std::function<bool(double fraction)>& progress, const Eigen::ArrayXd& initial)
{
    settings.validate();
    Kuramoto model(config);
    if (initial.size() > 0)
        model.setPhases(initial);
    const double dt = model.config().dt;
    const long transientSteps = std::lround(settings.transient / dt);
    const long windowSteps = std::max(1L, std::lround(settings.duration / dt));
    const long totalSteps = transientSteps + windowSteps;
    const long stride = std::max(1L, std::lround(settings.sampleEvery / dt));
    // Report progress about every 2e5 oscillator-steps (~4 ms at ~5 ns per oscillator and RK4 stage).
    const long chunk = std::max(1L, 200000L / model.size());

    KuramotoRun run;
    std::vector<double> window;  // r samples inside the averaging window
    std::vector<double> window2;
    auto sample = [&](long stepIndex) {
        const OrderParameter z = model.orderParameter();
        run.time.push_back(double(stepIndex) * dt);
        run.r.push_back(z.r);
        run.psi.push_back(z.psi);
        if (stepIndex > transientSteps) {
            window.push_back(z.r);
            window2.push_back(z.r * z.r);
        }
    };
    Eigen::ArrayXd windowStart = model.phases();
    sample(0);
    long done = 0;
    for (long s = 1; s <= totalSteps; ++s) {
        model.step();
        if (s == transientSteps)
            windowStart = model.phases();
        if (s % stride == 0)
            sample(s);
        done = s;
        if (progress && s % chunk == 0 && !progress(double(s) / double(totalSteps))) {
            run.cancelled = true;
            break;
        }
    }
    run.finalPhases = model.phases();
    if (window.empty())
        return run;
    // Time average and block-average standard error.
    const std::size_t n = window.size();
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += window[i];
        sum2 += window2[i];
    }
    run.rMean = sum / double(n);
    run.r2Mean = sum2 / double(n);
    const std::size_t blocks = std::min<std::size_t>(std::size_t(settings.blocks), n);
    if (blocks >= 2) {
        std::vector<double> means(blocks, 0.0);
        for (std::size_t b = 0; b < blocks; ++b) {
            const std::size_t from = b * n / blocks, to = (b + 1) * n / blocks;
            for (std::size_t i = from; i < to; ++i)
                means[b] += window[i];
            means[b] /= double(to - from);
        }
        double m = 0, v = 0;
        for (const double x : means)
            m += x;
        m /= double(blocks);
        for (const double x : means)
            v += (x - m) * (x - m);
        run.rSE = std::sqrt(v / double(blocks - 1) / double(blocks));
    } else {
        run.rSE = kNaN;
    }
    // Effective frequencies over the part of the window that was run, and the locked cluster: the largest set of
    // oscillators whose effective frequencies fit in an interval of width 2π / (window duration) (a drifting
    // oscillator's mean frequency is only resolved to about one cycle per window).
    const double windowTime = double(done - transientSteps) * dt;
    if (windowTime > 0) {
        const Eigen::ArrayXd eff = (model.phases() - windowStart) / windowTime;
        run.effectiveFrequency.assign(eff.data(), eff.data() + eff.size());
        std::vector<double> sorted = run.effectiveFrequency;
        std::sort(sorted.begin(), sorted.end());
        const double width = 2 * kPi / windowTime;
        std::size_t best = 0, lo = 0;
        for (std::size_t hi = 0; hi < sorted.size(); ++hi) {
            while (sorted[hi] - sorted[lo] > width)
                ++lo;
            best = std::max(best, hi - lo + 1);
        }
        run.lockedFraction = double(best) / double(sorted.size());
    }
    return run;
}

KuramotoSweep sweepCoupling(const KuramotoConfig& config, const std::vector<double>& couplings,
                            const KuramotoRunSettings& settings, int realisations, bool continuation,
                            const std::function<bool(double fraction)>& progress)
{
    config.validate();
    settings.validate();
    require(realisations >= 1 && realisations <= 10000, "realisations", realisations, "must be in [1, 10000]");
    for (const double k : couplings)
        require(std::isfinite(k) && k >= 0, "coupling", k, "must be finite and >= 0 (in the sweep)");
    KuramotoSweep sweep;
    const std::size_t nk = couplings.size();
    std::vector<std::vector<double>> means(nk), means2(nk), blockSE(nk);
    const double totalRuns = double(nk) * realisations;
    double runsDone = 0;
    for (int m = 0; m < realisations && !sweep.cancelled; ++m) {
        KuramotoConfig c = config;
        c.seed = config.seed + std::uint64_t(m);
        Eigen::ArrayXd phases;
        for (std::size_t k = 0; k < nk; ++k) {
            c.coupling = couplings[k];
            std::function<bool(double)> sub;
            if (progress)
                sub = [&](double f) { return progress((runsDone + f) / totalRuns); };
            const KuramotoRun run = runKuramoto(c, settings, sub, continuation ? phases : Eigen::ArrayXd());
            if (run.cancelled) {
                sweep.cancelled = true;
                break;
            }
            phases = run.finalPhases;
            means[k].push_back(run.rMean);
            means2[k].push_back(run.r2Mean);
            blockSE[k].push_back(run.rSE);
            runsDone += 1;
        }
    }
    for (std::size_t k = 0; k < nk; ++k) {
        KuramotoSweepPoint p;
        p.coupling = couplings[k];
        p.rTheory = theoreticalOrderParameter(config, couplings[k]);
        const std::size_t n = means[k].size();
        if (n == 0) {
            p.rMean = p.rSE = p.r2Mean = kNaN;
        } else {
            double s = 0, s2 = 0;
            for (std::size_t i = 0; i < n; ++i) {
                s += means[k][i];
                s2 += means2[k][i];
            }
            p.rMean = s / double(n);
            p.r2Mean = s2 / double(n);
            if (n >= 2) {
                double v = 0;
                for (const double x : means[k])
                    v += (x - p.rMean) * (x - p.rMean);
                p.rSE = std::sqrt(v / double(n - 1) / double(n));
            } else {
                p.rSE = blockSE[k][0];
            }
        }
        sweep.points.push_back(p);
    }
    return sweep;
}

double onsetCoupling(const KuramotoSweep& sweep, double threshold)
{
    require(std::isfinite(threshold) && threshold > 0 && threshold < 1, "threshold", threshold, "must be in (0, 1)");
    const auto& p = sweep.points;
    for (std::size_t k = 0; k < p.size(); ++k) {
        if (!(p[k].rMean > threshold))
            continue;
        if (k == 0)
            return p[0].coupling;
        const double f = (threshold - p[k - 1].rMean) / (p[k].rMean - p[k - 1].rMean);
        return p[k - 1].coupling + f * (p[k].coupling - p[k - 1].coupling);
    }
    return kNaN;
}

}  // namespace neuroai::networks
