#pragma once

// Latent dynamics of a neural population (issue 13, case study "Latent dynamics": a linear stand-in for LFADS).
//
// THE SIMULATED POPULATION (simulateRotationalPopulation) mimics motor cortex during reaching as described by
// Churchland et al. (2012, Nature 487:51, "Neural population dynamics during reaching"): a brief rotation of the
// population state whose phase and amplitude follow from a condition-specific preparatory state.
//   Latents of condition c = 0…C−1 at time t (s; the analysis window starts at t = 0):
//     z_rot(c, t) = ρ_c e^{−γ t} (cos(θ_c + ω t), sin(θ_c + ω t)),  ω = 2π·rotationHz (counter-clockwise),
//       θ_c = 2πc/C + phaseJitterRad·N(0,1), ρ_c = radius·(1 + radiusJitter·N(0,1)) (no jitter by default);
//     z_ramp(t) = rampAmplitude · t / (T·dt): condition-independent (identical in every condition);
//     z_dec,j(c, t) = decayingAmplitude · {cos, sin}(h_j θ_c) · e^{−t/τ}, j = 0…decayingModes−1, h_j = 2 + ⌊j/2⌋
//       (cos for even j): non-rotational, condition-dependent modes sharing one τ. Their condition patterns are
//       harmonics 2 and 3 of θ; with C ≥ 7 evenly spaced conditions (no jitter) they are orthogonal across
//       conditions to each other and to the rotation's harmonic 1, so the modes do not mix.
//   Rates of N neurons: r_n = b_n + Σ_l L_nl z_l (Readout::Linear) or s·ln(1 + e^{(b_n + Σ L z)/s}) (SoftPlus).
//     The loading columns are random orthogonal directions, each of norm loadingHz·√N (entries of s.d. ≈ loadingHz),
//     so the rotation is circular in firing-rate space; b_n ~ U[baselineMinHz, baselineMaxHz], raised for the
//     Linear read-out where needed so that no noiseless rate falls below minRateHz (the read-out stays exactly
//     affine; `raisedBaselines` counts those neurons).
//   Observation, per trial (`trials` per condition) and bin of dt: Poisson counts of mean r·dt (Observation::Poisson)
//     or r + N(0, gaussianNoiseHz²) (Observation::Gaussian); only the trial average is kept, so it is drawn directly
//     (the trials' summed count as one Poisson deviate of mean trials·r·dt; the mean noise as N(0, σ²/trials)),
//     which has exactly the same distribution. The trial average is the condition's PSTH, smoothed with
//     a Gaussian kernel of s.d. smoothingMs as experimental PSTHs are. So that the kernel does not bias the window's
//     ends, the latents run (same dynamics) ⌈3σ/dt⌉ bins beyond each end; those bins are smoothed over, then cropped.
//   The TRUE rotation plane in neuron space is span(L[:, rot1], L[:, rot2]), reported as an orthonormal N × 2 basis.
//   Defaults: C = 8 conditions (reach directions), N = 60 neurons, T = 40 bins of 10 ms (400 ms), ω = 1.5 Hz (the
//     issue's example value: about 0.6 of a cycle in the window), γ = 0.5 /s; a ramp; 3 decaying modes, τ = 150 ms;
//     baselines 20–40 Hz, loadings 15 Hz per latent unit; Poisson spikes, 100 trials per condition, 25 ms smoothing.
//     Noise at these defaults (measured by the test, seed 1): mean rate 47 Hz (51 of 60 baselines raised to keep
//     every rate ≥ 2 Hz), so a 10 ms bin of a 100-trial PSTH has a Poisson s.d. of ≈ √(47/(100·0.01)) ≈ 7 Hz,
//     2.3 Hz after smoothing, against a rotational signal of 13.7 Hz s.d. per neuron: the recovery is realistic,
//     not exact (over 30 seeds: planes 2–3°, jPCA frequency within 1.7 %, skew R² ≈ 0.85).
//
// THE ANALYSIS (analyseLatentDynamics) of condition-averaged rates Y[c][t][n]:
//   1. Normalisation (on by default): each neuron divided by (its range over all conditions and times + softNormHz),
//      softNormHz = 5 Hz: Churchland et al.'s "soft normalisation" (weak neurons are not blown up to the size of
//      strong ones). It changes the metric, so even noiseless data give the plane only to ≈ 1.5° (the test measures
//      it); without it the noiseless recovery is exact.
//   2. Centring: Centring::CrossConditionMean (default, as Churchland et al.) subtracts at every time bin the mean over
//      conditions of every neuron, removing the condition-independent signal (the ramp) and keeping how the
//      conditions differ; Centring::NeuronMean subtracts only each neuron's mean over all conditions and times.
//   3. PCA with all conditions and times stacked as rows (C·T samples × N neurons); top k (default 6, as Churchland
//      et al.) components, x_c(t) = Vᵀ y_c(t).
//   4. Linear dynamical system x_{t+1} = A x_t, least squares over all conditions and consecutive bins; each
//      eigenvalue λ of A gives frequency |arg λ|/(2π dt) (Hz) and decay rate −ln|λ|/dt (1/s). The LDS rotation is the
//      complex pair whose real invariant plane (span of Re v, Im v) holds the most variance of the states.
//   5. jPCA (Churchland et al. 2012): derivatives (x_{t+1} − x_t)/dt paired with midpoint states (x_t + x_{t+1})/2
//      (second-order accurate; Churchland et al. paired them with x_t), the least-squares skew-symmetric M_skew
//      (Jpca.h) and the unconstrained M, each with R² = 1 − ‖dX − X Mᵀ‖² / ‖dX − mean‖². The pair ±iω of M_skew
//      of largest magnitude (Churchland et al.'s first jPC plane) gives the frequency ω/2π and, from its eigenvector
//      v = u + i w, the plane: jPC1 = u/‖u‖, jPC2 = −w/‖w‖ (so the fitted flow turns counter-clockwise from jPC1 to
//      jPC2), turned within the plane so that the conditions' initial states spread most along jPC1 (their
//      convention), condition 0 on the positive side. Reported in PC coordinates (k × 2), in raw firing-rate neuron
//      space (N × 2, normalisation undone, orthonormalised) to compare with the true plane, and as each condition's
//      trajectory (jPC1, jPC2). Caveat (measured while building this): dimensions holding only smoothed noise form
//      skew pairs of ~1 Hz whatever the noise amplitude (the coefficients scale with the noise's derivative-to-value
//      ratio, not its size), so k well above the data's dimensionality can let such a pair win or mix into the
//      rotation; hence the default population has 5 structured dimensions (after centring) for k = 6.
//
// THE CONTROL (shuffleTimeWithinConditions): every condition's time bins permuted (one permutation per condition,
// shared by its neurons). The set of population states, hence the PCA, is unchanged; only their order is destroyed,
// so a rotation found afterwards would be an artefact of the method. Churchland et al. (2012) used other controls
// (EMG, simulated tuning models); later work shuffled condition labels per neuron (Michaels et al. 2016) or used
// tensor-maximum-entropy surrogates (Elsayed & Cunningham 2017). The time shuffle is the simplest null of "the
// temporal order carries the rotation".
//
// THE TESTS (tests/engine/tst_latentdynamics.cpp): noiseless, un-normalised data give the LDS frequency and decay
// exactly and jPCA's frequency as the midpoint rule predicts, with the plane to 1e-6°; at the default (noisy)
// settings jPCA's and the LDS's frequencies are within 5 % of ω and the jPC plane within 5° of the true plane, on
// four seeds; the time-shuffled control has skew R² < 0.05 (real > 0.75; measured 0.001 vs 0.85) and a plane > 10° off;
// M_skew is exactly skew and the least-squares optimum (zero skew gradient; a skew perturbation εΔ raises the
// residual by exactly ε²‖XΔᵀ‖²); PCs orthonormal; the observation noise has the variance its model states;
// determinism for a seed; bad input rejected by name.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace neuroai::latent {

enum class Readout { Linear, SoftPlus };
enum class Observation { Poisson, Gaussian };
enum class Centring { CrossConditionMean, NeuronMean };

struct RotationalPopulationConfig {
    int conditions = 8;
    int neurons = 60;
    int timeBins = 40;
    double dtMs = 10;
    double rotationHz = 1.5;         // ω / 2π
    double rotationDecayPerS = 0.5;  // γ
    double radius = 1;               // latent units
    double radiusJitter = 0;         // relative s.d. of ρ_c
    double phaseJitterRad = 0;
    double rampAmplitude = 1;        // latent units reached at the end of the window; 0 = no ramp latent
    int decayingModes = 3;           // condition-dependent decaying latents (0–4), all with the same τ
    double decayingAmplitude = 0.7;
    double decayingTauMs = 150;
    double baselineMinHz = 20;
    double baselineMaxHz = 40;
    double loadingHz = 15;        // s.d. of the read-out weights (Hz per latent unit)
    Readout readout = Readout::Linear;
    double minRateHz = 2;         // Readout::Linear: floor of every noiseless rate (baselines raised to respect it)
    double softPlusHz = 5;        // Readout::SoftPlus: s
    Observation observation = Observation::Poisson;
    int trials = 100;             // per condition
    double gaussianNoiseHz = 30;  // per trial and bin (Observation::Gaussian)
    double smoothingMs = 25;      // Gaussian s.d.; 0 = none
    std::uint64_t seed = 1;

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
    int latentCount() const { return 2 + (rampAmplitude != 0 ? 1 : 0) + decayingModes; }
};

// Condition-averaged firing rates, hz[(c·timeBins + t)·neurons + n] (Hz).
struct ConditionRates {
    int conditions = 0;
    int timeBins = 0;
    int neurons = 0;
    double dtMs = 10;
    std::vector<double> hz;

    double at(int c, int t, int n) const
    {
        return hz[(std::size_t(c) * std::size_t(timeBins) + std::size_t(t)) * std::size_t(neurons) + std::size_t(n)];
    }
    // Throws std::invalid_argument (naming the field) for non-positive sizes, a size mismatch or a non-finite value.
    void validate() const;
};

struct RotationalPopulation {
    RotationalPopulationConfig config;
    ConditionRates observed;  // noisy trial-averaged, smoothed PSTHs: what an experimenter would analyse
    ConditionRates expected;  // the noiseless rates r(c, t) at the bin times (no smoothing)
    int latents = 0;          // order: rot1, rot2, [ramp], decaying modes
    std::vector<double> latent;      // [(c·T + t)·latents + l]
    std::vector<double> loading;     // N × latents, row-major (Hz per latent unit)
    std::vector<double> baselineHz;  // N
    std::vector<double> truePlane;   // N × 2, row-major, orthonormal basis of span(L[:, rot1], L[:, rot2])
    std::vector<double> timeMs;      // T bin times (t·dt, the window starts at 0)
    int raisedBaselines = 0;         // Readout::Linear: neurons whose baseline was raised to keep r >= minRateHz
};

RotationalPopulation simulateRotationalPopulation(const RotationalPopulationConfig& config);

struct LatentAnalysisConfig {
    int dimensions = 6;  // k, in [2, 30] and at most the neurons and the centred data's rank
    bool normalize = true;
    double softNormHz = 5;
    Centring centring = Centring::CrossConditionMean;

    void validate() const;  // throws std::invalid_argument naming the field
};

struct PcaResult {
    int dimensions = 0;
    int neurons = 0;
    std::vector<double> components;         // N × k row-major; column j = PC j (unit vector, normalised-rate space)
    std::vector<double> variance;           // top k variances (normalised units²), decreasing
    std::vector<double> explainedFraction;  // top k, of the total variance of the centred data
    std::vector<double> scale;              // N: the divisor of each neuron (range + softNormHz, or 1)
    std::vector<double> scores;             // [(c·T + t)·k + j]
};

struct EigenMode {
    double modulus = 0;      // |λ| of the discrete-time A
    double frequencyHz = 0;  // |arg λ| / (2π dt), ≥ 0
    double decayPerS = 0;    // −ln|λ| / dt
};

struct LdsResult {
    std::vector<double> a;        // k × k row-major, x_{t+1} = A x_t
    std::vector<EigenMode> modes;  // one per eigenvalue (a complex pair appears twice), by decreasing modulus
    double r2 = 0;                 // of the increments: 1 − ‖X₊ − X Aᵀ‖² / ‖(X₊ − X) − mean‖²
    bool hasRotation = false;      // A has a complex pair
    double rotationHz = 0;         // of the complex pair holding the most variance
    double rotationDecayPerS = 0;
};

struct JpcaResult {
    std::vector<double> mSkew;  // k × k row-major, ẋ = M_skew x (1/s)
    std::vector<double> mFull;  // unconstrained least squares (1/s)
    double r2Skew = 0;
    double r2Full = 0;
    double rotationHz = 0;                  // |ω| / 2π of the top pair (0 if M_skew = 0)
    std::vector<double> pairFrequenciesHz;  // all pairs of M_skew, decreasing
    std::vector<double> plane;              // k × 2 row-major (columns jPC1, jPC2), orthonormal, PC coordinates
    std::vector<double> neuronPlane;        // N × 2 row-major, orthonormal, raw-rate space (normalisation undone)
    std::vector<double> projection;         // [(c·T + t)·2 + {0: jPC1, 1: jPC2}]
    double planeVarianceFraction = 0;       // of the centred data's total variance, captured by the jPC plane
};

struct LatentAnalysis {
    int conditions = 0;
    int timeBins = 0;
    double dtMs = 0;
    PcaResult pca;
    LdsResult lds;
    JpcaResult jpca;
};

// Throws std::invalid_argument for bad data or config (e.g. k above the number of neurons or samples).
LatentAnalysis analyseLatentDynamics(const ConditionRates& data, const LatentAnalysisConfig& config = {});

// The control: every condition's time bins permuted (see above), seeded.
ConditionRates shuffleTimeWithinConditions(const ConditionRates& data, std::uint64_t seed);

// Largest principal angle (degrees) between two N × 2 row-major planes (e.g. truePlane and jpca.neuronPlane).
double planeAngleDeg(const std::vector<double>& planeA, const std::vector<double>& planeB, int neurons);

}  // namespace neuroai::latent
