#pragma once

// The Kuramoto model of coupled phase oscillators (chapter 5, "networks").
//
// Model. N oscillators with phases θ_i (rad) and natural frequencies ω_i (rad per unit time), all-to-all coupled:
//     dθ_i/dt = ω_i + (K/N) Σ_j sin(θ_j − θ_i).
// With the complex order parameter  Z = r e^{iψ} = (1/N) Σ_j e^{iθ_j}  the sum collapses to the mean-field form
//     dθ_i/dt = ω_i + K r sin(ψ − θ_i) = ω_i + K (Im Z · cos θ_i − Re Z · sin θ_i),
// so one evaluation of the right-hand side costs O(N) (one sin/cos per oscillator) instead of O(N²). Integration is
// the classical fourth-order Runge–Kutta method with a fixed step dt (the operation order of engine/core/Rk4.h); Z is
// recomputed at every stage, with sin/cos from a vectorisable polynomial (sinCos below, ~4× faster than the library). Phases are kept unwrapped (never reduced mod 2π), so (θ_i(t₂) − θ_i(t₁)) / (t₂ − t₁) is the oscillator's
// mean (effective) frequency, which separates the locked oscillators (all at the same frequency Ω) from the drifting
// ones.
//
// Natural frequencies g(ω):
//   - Lorentzian (Cauchy) of centre ω0 and half-width at half-maximum γ, g(ω) = (γ/π) / ((ω − ω0)² + γ²);
//   - Gaussian of mean ω0 and standard deviation γ (the same field is reused as the width).
// Sampling:
//   - Random: independent draws from a neuroai::Random seeded with `seed` (Lorentzian by inversion,
//     ω = ω0 + γ tan(π(u − ½)) with u uniform in (0, 1); Gaussian ω = ω0 + γ·normal());
//   - Quantile ("deterministic" or "regular" sampling): ω_i = G⁻¹((i − ½)/N) for i = 1…N, G the cumulative
//     distribution, i.e. the midpoints of N equal-probability bins. For the Lorentzian this is exactly
//         ω_i = ω0 + γ tan(π(i − ½)/N − π/2),   i = 1…N (index 0…N−1 in the vector holds i = 1…N),
//     for the Gaussian ω_i = ω0 + γ Φ⁻¹((i − ½)/N) with Φ⁻¹ the standard normal quantile. The frequencies are
//     then not random at all and the finite-N scatter of the frequency sample (which dominates the spread of r
//     between realisations of Random sampling) disappears; only the initial phases depend on the seed.
// Initial phases: uniform in [0, 2π) from the seed (Random), or all 0 (Synchronized, r(0) = 1).
//
// Analytic results (N → ∞; Kuramoto 1975, 1984; reviewed by Strogatz 2000, Physica D 143:1):
//   - incoherence (r = 0) loses stability at K_c = 2 / (π g(ω0)): K_c = 2γ for the Lorentzian, γ·√(8/π) ≈ 1.596γ
//     for the Gaussian;
//   - above K_c the partially locked state has r solving the self-consistency equation
//         1 = K ∫_{−π/2}^{π/2} cos²φ · g(ω0 + K r sin φ) dφ,
//     which for the Lorentzian gives r∞ = √(1 − K_c/K) in closed form. theoreticalOrderParameter() returns the
//     closed form for the Lorentzian and solves the equation numerically for the Gaussian;
//   - oscillators with |ω_i − ω0| ≤ K r are locked (to Ω = ω0 for a symmetric g), the rest drift.
// Below K_c a finite population keeps r = O(1/√N): independent uniform phases give ⟨r²⟩ = 1/N, and linear theory
// for the Lorentzian (the free order parameter decays like e^{−γt}, the coupling feeds back K/2) enhances it to
// ⟨r²⟩ ≈ 1 / (N (1 − K/K_c)).
//
// Defaults: γ = 0.5, ω0 = 0 (so K_c = 1), K = 1.5, N = 2000, dt = 0.05 (RK4; the locked dynamics have time scales
// ≥ 1/(K r) ~ 1, far above dt; the few drifting oscillators in the Lorentzian's tails with |ω|·dt ≳ 1 are
// integrated inaccurately but they are incoherent either way). Time is in arbitrary units (rad per unit time).
//
// Time averages. runKuramoto() integrates a transient, then an averaging window in which it samples r every
// `sampleEvery`. r̄ is the mean of the samples; its standard error comes from block averages: the window's samples
// are cut into `blocks` contiguous blocks of equal length, and SE = sd(block means) / √blocks (sd with the B − 1
// denominator). This is honest only when a block is much longer than r's correlation time (near K_c, critical
// slowing down makes that time long), and it measures the temporal fluctuation of ONE realisation: it does not
// contain the quenched disorder of the random frequency draw. For an error bar that does, average several
// realisations (different seeds) and use their spread: sweepCoupling() does so when realisations ≥ 2.
//
// What the tests (tests/engine/tst_kuramoto.cpp) assert: at N = 2000 the realisation-averaged r̄ for K = 1.5, 2 and
// 3 × K_c equals √(1 − K_c/K) within 3 standard errors of the realisation spread, and the locked fraction matches
// (2/π) atan(K r∞ / γ); below K_c, r̄ < 3/√N and N⟨r²⟩ is near 1/(1 − K/K_c); a sweep puts the rise of r at K_c;
// K = 0 advances every phase at exactly ω_i; two oscillators lock at sin φ = Δω/K or beat at √(Δω² − K²); the
// mean-field derivative and RK4 step equal the O(N²) pairwise sum to 1e-12; the numerical self-consistency solution
// reproduces the Lorentzian closed form; bad parameters throw naming the parameter.

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <vector>

namespace neuroai::networks {

enum class FrequencyDistribution { Lorentzian, Gaussian };
enum class FrequencySampling { Random, Quantile };
enum class InitialPhases { Random, Synchronized };

struct KuramotoConfig {
    int oscillators = 2000;  // N
    double coupling = 1.5;   // K
    double omega0 = 0.0;     // centre of g(ω)
    double gamma = 0.5;      // Lorentzian half-width at half-maximum, or the Gaussian's standard deviation
    FrequencyDistribution distribution = FrequencyDistribution::Lorentzian;
    FrequencySampling sampling = FrequencySampling::Random;
    InitialPhases initialPhases = InitialPhases::Random;
    double dt = 0.05;        // RK4 step
    std::uint64_t seed = 1;  // frequencies (Random sampling) and initial phases (Random phases)

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
    // K_c = 2 / (π g(ω0)): 2γ (Lorentzian) or γ·√(8/π) (Gaussian).
    double criticalCoupling() const;
};

// The N → ∞ order parameter of the partially locked state at coupling K for the config's g(ω) (0 for K ≤ K_c).
double theoreticalOrderParameter(const KuramotoConfig& config, double coupling);
// The self-consistency equation solved numerically (bisection on r, Gauss–Legendre quadrature over φ) for either
// distribution; for the Lorentzian it must agree with the closed form (a check of the quadrature).
double selfConsistentOrderParameter(const KuramotoConfig& config, double coupling);

// The natural frequencies the config describes (deterministic for a given seed).
std::vector<double> naturalFrequencies(const KuramotoConfig& config);
// The standard normal quantile Φ⁻¹(p), p in (0, 1) (rational approximation refined by one Halley step on erfc;
// relative error ~1e-15).
double normalQuantile(double p);

// sin x and cos x of every element (the hot loop of the mean-field step). Branch-free array arithmetic that Eigen
// vectorises: argument reduction by π/2 in three parts, then Taylor polynomials on |r| ≤ π/4. Agrees with std::sin /
// std::cos to a few 1e-16 for |x| ≤ 2^25·π/2 ≈ 5e7; larger, infinite or NaN arguments go to the standard library.
void sinCos(const Eigen::ArrayXd& x, Eigen::ArrayXd& s, Eigen::ArrayXd& c);

struct OrderParameter {
    double r = 0;    // |Z|, in [0, 1]
    double psi = 0;  // arg Z in (−π, π]
};

// Mean-field order parameter of a set of phases.
OrderParameter orderParameter(const Eigen::ArrayXd& phases);

class Kuramoto {
public:
    enum class Method { MeanField, Pairwise };

    // Throws std::invalid_argument for a bad config.
    explicit Kuramoto(const KuramotoConfig& config);

    const KuramotoConfig& config() const { return m_config; }
    int size() const { return int(m_omega.size()); }
    double time() const { return m_time; }
    const Eigen::ArrayXd& phases() const { return m_theta; }  // unwrapped
    const Eigen::ArrayXd& frequencies() const { return m_omega; }
    OrderParameter orderParameter() const { return networks::orderParameter(m_theta); }

    // Replace the state (sizes must match, values finite); the time is left as it is.
    void setPhases(const Eigen::ArrayXd& phases);
    void setFrequencies(const Eigen::ArrayXd& omega);
    // Change K (e.g. during a sweep that continues from the previous state). Throws for K < 0 or non-finite.
    void setCoupling(double coupling);
    void setTime(double t) { m_time = t; }

    // dθ/dt for the given phases: MeanField is O(N), Pairwise evaluates (K/N) Σ_j sin(θ_j − θ_i) directly, O(N²)
    // (a reference for tests; both must agree to rounding).
    Eigen::ArrayXd derivative(const Eigen::ArrayXd& phases, Method method = Method::MeanField) const;
    // One RK4 step of dt. Throws std::runtime_error if a phase becomes non-finite (only possible for absurd ω or K).
    void step(Method method = Method::MeanField);
    // round(duration / dt) steps.
    void advance(double duration);

private:
    KuramotoConfig m_config;
    Eigen::ArrayXd m_omega;
    Eigen::ArrayXd m_theta;
    double m_time = 0;
    void meanFieldDerivative(const double* theta, double* out) const;

    mutable Eigen::ArrayXd m_sin, m_cos;  // scratch for the mean-field derivative
    Eigen::ArrayXd m_stage, m_k, m_acc;   // scratch for the RK4 stages
};

struct KuramotoRunSettings {
    double transient = 50;    // discarded before averaging
    double duration = 100;    // averaging window
    double sampleEvery = 0.1; // r is sampled every this long (rounded to whole steps, at least one step)
    int blocks = 10;          // for the block-average standard error

    void validate() const;
};

struct KuramotoRun {
    std::vector<double> time;      // sample times over the whole run (transient included), starting at 0
    std::vector<double> r;         // r at those times
    std::vector<double> psi;       // ψ at those times
    double rMean = 0;              // mean of r over the averaging window
    double rSE = 0;                // block-average standard error of rMean (temporal fluctuation only)
    double r2Mean = 0;             // mean of r² over the averaging window
    std::vector<double> effectiveFrequency;  // (θ_i(end) − θ_i(window start)) / duration, per oscillator
    // Fraction of oscillators in the largest cluster of effective frequencies of width 2π / duration (the locked
    // ones; a mean frequency over a window is only resolved to about one cycle per window).
    double lockedFraction = 0;
    Eigen::ArrayXd finalPhases;    // unwrapped phases at the end (for continuing a sweep)
    bool cancelled = false;
};

// One run from the config's initial state (or from `initial` phases, if non-empty: a continuation). `progress`
// receives the fraction done every few ms and returns false to cancel (the result is then flagged `cancelled`,
// the averages are of what was sampled so far, or 0 if the window had not started).
KuramotoRun runKuramoto(const KuramotoConfig& config, const KuramotoRunSettings& settings,
                        const std::function<bool(double fraction)>& progress = {},
                        const Eigen::ArrayXd& initial = {});

struct KuramotoSweepPoint {
    double coupling = 0;
    double rMean = 0;    // mean over realisations of each realisation's time-averaged r
    double rSE = 0;      // realisations ≥ 2: sd over realisations / √realisations; 1 realisation: block SE
    double r2Mean = 0;   // mean over realisations of ⟨r²⟩_t
    double rTheory = 0;  // theoreticalOrderParameter at this K
};

struct KuramotoSweep {
    std::vector<KuramotoSweepPoint> points;
    bool cancelled = false;
};

// r̄(K) for the given couplings (in the order given). Realisation m uses seed config.seed + m. With `continuation`,
// each realisation starts its first K from the config's initial phases and every later K from the previous K's
// final phases (an adiabatic sweep: the transient then only has to absorb the change of K); without it every K
// starts afresh. `progress` as in runKuramoto (fraction of the whole sweep).
KuramotoSweep sweepCoupling(const KuramotoConfig& config, const std::vector<double>& couplings,
                            const KuramotoRunSettings& settings, int realisations = 1, bool continuation = false,
                            const std::function<bool(double fraction)>& progress = {});

// Where r first rises above `threshold` along a sweep (linear interpolation between the two points that straddle
// it, in the order of the points); NaN if it never does. For the Lorentzian at N → ∞ the crossing of r = a is at
// K = K_c / (1 − a²), e.g. 1.042·K_c for a = 0.2.
double onsetCoupling(const KuramotoSweep& sweep, double threshold = 0.2);

}  // namespace neuroai::networks
