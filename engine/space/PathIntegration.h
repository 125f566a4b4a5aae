#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/space/Arena.h"

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::space {

// Path integration (dead reckoning): an animal that knows only its own motion estimates where it is by adding up
// the displacements it senses, starting from a known place. Every sensed displacement is a little wrong, and the
// errors are never corrected (no landmarks here), so the estimate drifts away from the true position.
//
// The model. The true path is a sampled Trajectory x₀, x₁, …, x_N with step dt; the true displacement of step i is
// Δᵢ = x_{i+1} − xᵢ (the self-motion the animal actually made, wall bounces included). The integrator starts at the
// true x₀ and adds the *measured* displacement
//      Δ̂ᵢ = R(φᵢ)·(1 + g)·Δᵢ + σ_v·dt·ξᵢ,        ξᵢ ~ N(0, I₂) independent per step and axis,
// where g is a gain error (speed read too high or too low by the fraction g), φᵢ a heading error that performs a
// random walk φ_{i+1} = φᵢ + σ_θ·√dt·ηᵢ (a drifting compass, η ~ N(0, 1), φ₀ = 0), and σ_v the additive velocity
// noise in cm/s, white per step. The estimate is x̂_{n} = x₀ + Σ_{i<n} Δ̂ᵢ; its error is eₙ = x̂ₙ − xₙ.
//
// What each noise does to the RMS error √⟨|eₙ|²⟩ (the statistic of driftEnsemble):
//  - additive noise alone: eₙ = σ_v·dt·Σξᵢ, a 2-D Gaussian random walk, so ⟨|eₙ|²⟩ = 2n(σ_v·dt)² and
//    RMS = σ_v·dt·√(2n) = σ_v·√(2·dt·t): it grows as √t (log-log slope ½) whatever the path;
//  - gain error alone: eₙ = g·(xₙ − x₀), the displacement scaled by g, so it grows like the distance from the
//    start: linearly (slope 1) along a straight run, and it stays bounded inside a closed arena;
//  - heading drift alone on a straight run at speed v: |eₙ| ≈ v·|∫φ dt|, whose variance grows as t³ (slope 3/2).
// The drift statistic therefore runs on an effectively unbounded plane (driftEnsemble: a 100 m box with the agent
// starting in the middle), so walls neither fold the path nor cap the gain error's growth; integratePath itself
// takes any trajectory, e.g. one in a small arena for the panel's picture, where the estimate may leave the box.
struct PathIntegrationNoise {
    double velocitySdCmPerS = 0.0;        // σ_v ≥ 0, per axis, white per step
    double gainError = 0.0;               // g ∈ [−0.9, 0.9]: measured speed = (1 + g)·true speed
    double headingDriftRadPerSqrtS = 0.0;  // σ_θ ≥ 0: diffusion of the heading error (rad/√s)

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
};

// True and integrated path, sample by sample (same times as the input trajectory).
struct IntegratedPath {
    double dtMs = 0;
    std::vector<double> trueX, trueY;  // cm
    std::vector<double> estX, estY;    // cm
    std::vector<double> errorCm;       // |estimate − true| at each sample (0 at the start)
    std::size_t size() const { return trueX.size(); }
    double timeS(std::size_t i) const { return double(i) * dtMs / 1000.0; }
};

// Integrates the measured displacements along `path` (see the model above); `seed` drives ξ and η. Throws
// std::invalid_argument for an empty path, a non-positive or non-finite dt, non-finite positions or bad noise.
IntegratedPath integratePath(const Trajectory& path, const PathIntegrationNoise& noise, std::uint64_t seed);

// The drift statistic: `seeds` independent random walks (AgentParams) on the open plane, each integrated with its own
// noise stream, reduced to the RMS error at about 30 logarithmically spaced step counts per decade (always
// including the first and last step).
struct DriftSetup {
    AgentParams agent;
    PathIntegrationNoise noise;
    double durationS = 100.0;  // [0.1, 3600] s
    double dtMs = 10.0;        // (0, 1000] ms
    int seeds = 200;           // [1, 5000]
    std::uint64_t seed = 1;    // path k's walk uses scramble(seed) + k, its noise a stream derived from that

    std::size_t steps() const;
    void validate() const;  // throws std::invalid_argument naming the field and its value
};

struct DriftEnsemble {
    std::vector<double> timeS;  // sample times (s), ascending, > 0
    std::vector<double> steps;  // the same as step counts n
    std::vector<double> rmsCm;  // √(mean over paths of |eₙ|²)
};

// With a Progress, reports the fraction of paths done and stops with JobCancelled when cancelled.
DriftEnsemble driftEnsemble(const DriftSetup& setup, Progress* progress = nullptr);

// The additive-noise law RMS = σ_v·dt·√(2n) (cm) after n steps of dt (ms) with σ_v in cm/s.
double additiveRmsCm(double velocitySdCmPerS, double dtMs, double steps);

// Least-squares line through (log t, log y) for the points with t in [t0, t1]: y ≈ prefactor·t^slope.
struct PowerLawFit {
    double slope = 0;
    double prefactor = 0;
    double t0 = 0, t1 = 0;
    int points = 0;
    double at(double t) const;
};
// Throws std::invalid_argument if the sizes differ, t0 ≥ t1, fewer than 3 points fall in the range, or one of them
// has t ≤ 0 or y ≤ 0 (a log needs positive values).
PowerLawFit fitLogLogSlope(const std::vector<double>& t, const std::vector<double>& y, double t0, double t1);

// --- the batch experiment "path-integration" (panel navigation/path-integration) ---
// Parameters: velocity_noise σ_v (cm/s), gain_error g (%), heading_drift σ_θ (°/√s), turning (the walk's angular
// velocity SD, rad/s), duration (s), seeds (paths in the ensemble), seed. The picture's path is a random walk in a
// 100 cm open field; the ensemble's walks (same agent parameters) run on the plane (DriftSetup). The fit range is the
// last two decades of time, [T/100, T]; the time step is 10 ms.
struct PathIntegrationSetup {
    DriftSetup drift;
    double arenaSideCm = 100.0;

    static PathIntegrationSetup fromParameters(const ParamSet& p);
    void validate() const;
};

struct PathIntegrationRun {
    IntegratedPath shown;     // the path in the arena and its estimate
    DriftEnsemble ensemble;   // RMS error vs time on the plane
    PowerLawFit fit;          // over [T/100, T]
    double rmsEndCm = 0;      // ensemble RMS at T
    double theoryEndCm = 0;   // σ_v·√(2·dt·T) (the additive part alone)
};

inline constexpr double kPathIntegrationDtMs = 10.0;

std::vector<ParamSpec> pathIntegrationSpecs();
PathIntegrationRun runPathIntegration(const PathIntegrationSetup& setup, Progress* progress = nullptr);
ExperimentResult runPathIntegrationExperiment(const ParamSet& parameters, Progress& progress);
std::vector<OutputInfo> pathIntegrationOutputs();

}  // namespace neuroai::space
