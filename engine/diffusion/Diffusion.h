#pragma once

// Chapter 13: the variance-preserving diffusion of Ho, Jain & Abbeel (2020, "DDPM") on points of the plane.
//
// Forward process, T steps:  x_t = √α_t x_{t−1} + √β_t ε_t,  α_t = 1 − β_t,  so that in one jump
//   x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε,   ᾱ_t = Π_{s≤t} α_s  (ᾱ_0 = 1),   ε ~ N(0, I).
// Noise schedules:
//   Linear  β_t rises linearly from β_1 = 10⁻⁴·(1000/T) to β_T = 0.02·(1000/T): Ho et al.'s values for T = 1000,
//           rescaled for other T as Nichol & Dhariwal (2021) do, so that ᾱ_T ≈ e⁻¹⁰ whatever T.
//   Cosine  ᾱ_t = f(t)/f(0), f(t) = cos²(π/2 · (t/T + s)/(1 + s)), s = 0.008 (Nichol & Dhariwal 2021).
// Both clip β_t at 0.999 (the cosine schedule's last step would otherwise be 1), and ᾱ_t is always the product.
//
// A noise predictor ε̂(x_t, t) stands for the model. The exact one for data from a Gaussian mixture is
//   ε̂ = −√(1 − ᾱ_t) ∇ log p_t(x_t),
// p_t the noised mixture (GaussianMixture::noised). Reverse samplers, from x_T ~ N(0, I) down to x_0:
//   Ancestral (DDPM, Ho et al. Algorithm 2)
//       x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) · ε̂) / √α_t + σ_t z,  σ_t² = β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t),  z ~ N(0, I)
//   ProbabilityFlow (deterministic DDIM, η = 0; Song, Meng & Ermon 2021 — an Euler step of the probability-flow ODE)
//       x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t,   x_{t−1} = √ᾱ_{t−1} x̂_0 + √(1 − ᾱ_{t−1}) ε̂.

#include "engine/diffusion/GaussianMixture.h"

#include <functional>
#include <string>
#include <vector>

namespace neuroai::diffusion {

enum class ScheduleKind { Linear, Cosine };
std::vector<std::string> scheduleNames();  // "linear", "cosine"

class NoiseSchedule {
public:
    static constexpr double kMaxBeta = 0.999;
    static constexpr double kCosineOffset = 0.008;

    // steps T in [2, 100 000].
    NoiseSchedule(ScheduleKind kind, int steps);
    ScheduleKind kind() const { return m_kind; }
    int steps() const { return int(m_beta.size()) - 1; }
    double beta(int t) const;      // t in [1, T]
    double alpha(int t) const;     // 1 − β_t, t in [1, T]
    double alphaBar(int t) const;  // t in [0, T]
    double noiseSd(int t) const;   // √(1 − ᾱ_t), t in [0, T]
    double posteriorVariance(int t) const;  // β̃_t, t in [1, T]

private:
    ScheduleKind m_kind;
    std::vector<double> m_beta, m_alphaBar;  // index t; m_beta[0] unused (0)
    void checkStep(int t, int from, const char* name) const;
};

// x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for every column, t in [0, T]; `noise` (if given) receives ε.
Points noisedPoints(const Points& x0, const NoiseSchedule& schedule, int t, Random& rng, Points* noise = nullptr);
// One forward step x_t = √α_t x_{t−1} + √β_t ε, t in [1, T].
Points forwardStep(const Points& previous, const NoiseSchedule& schedule, int t, Random& rng);
// n columns of independent N(0, I) deviates.
Points standardNormalPoints(int n, Random& rng);

// ε̂(x_t, t) for every column of x_t (t in [1, T]).
using NoisePredictor = std::function<Points(const Points& xt, int t)>;
// The exact predictor for data drawn from `data` (copied into the predictor). It caches the noised mixture of each
// step on first use; copies share the cache, so use it from one thread at a time.
NoisePredictor exactNoisePredictor(const GaussianMixture& data, const NoiseSchedule& schedule);

enum class ReverseMethod { Ancestral, ProbabilityFlow };
std::vector<std::string> reverseMethodNames();  // "ancestral (DDPM)", "probability flow (DDIM)"

struct ReverseSettings {
    ReverseMethod method = ReverseMethod::Ancestral;
    int recordPaths = 0;        // the first this many columns are recorded at every step, [0, number of points]
    // When > 0, the denoised estimate x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t is clipped to [−c, c]² before each step (as
    // DDPM implementations clip images to [−1, 1]). At the cosine schedule's last step √ᾱ_T ≈ 4·10⁻⁴, so a learned
    // ε̂'s error is magnified ~2500-fold in x̂_0; clipping keeps it from throwing the points far out. The ancestral
    // step is then written with the posterior mean μ̃_t = √ᾱ_{t−1} β_t/(1 − ᾱ_t) · x̂_0 + √α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) · x_t,
    // which equals the ε form above when nothing is clipped. 0 = no clipping.
    double clipDenoised = 0;
};
struct ReverseResult {
    Points samples;             // x_0, one column per start point
    std::vector<Points> paths;  // the recorded columns at every step: 2 × (T + 1), from x_T to x_0
};
// Called after each reverse step with the number of steps done (1 … T); may throw to cancel.
using StepCallback = std::function<void(int done)>;
// Runs the reverse chain from the columns of `xT` (usually standardNormalPoints), which must be finite. A column
// that becomes non-finite (a wildly wrong predictor) stays non-finite.
ReverseResult reverseDiffusion(const NoisePredictor& predictor, const NoiseSchedule& schedule, const Points& xT,
                               Random& rng, const ReverseSettings& settings = {}, const StepCallback& onStep = {});

// Arrows of a score field on a grid × grid lattice over [−extent, extent]²: `points` are the lattice (row after
// row, x fastest) and `vectors` the displacement (1 − ᾱ_t) ∇ log p_t = −√(1 − ᾱ_t) ε̂ at each, which by Tweedie's
// formula is E[√ᾱ_t x_0 | x_t] − x_t: the arrow from a noisy point to its expected clean (scaled) position.
struct ScoreField {
    Points points;
    Points vectors;
};
// grid in [2, 200], extent > 0, t in [1, T].
ScoreField scoreField(const NoisePredictor& predictor, const NoiseSchedule& schedule, int t, int grid, double extent);

// The squared energy distance of Székely & Rizzo between the distributions of the columns of x and of y, as the
// unbiased U-statistic 2·mean‖x_i − y_j‖ − mean_{i≠i'}‖x_i − x_i'‖ − mean_{j≠j'}‖y_j − y_j'‖. Zero in expectation when
// both come from one distribution, positive otherwise. Each needs ≥ 2 finite columns.
double energyDistance(const Points& x, const Points& y);

// Sample mean and (unbiased) covariance of the columns (≥ 2).
Eigen::Vector2d sampleMean(const Points& x);
Eigen::Matrix2d sampleCovariance(const Points& x);

}  // namespace neuroai::diffusion
