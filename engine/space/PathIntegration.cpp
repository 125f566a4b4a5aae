#include "engine/space/PathIntegration.h"

#include "engine/core/Job.h"
#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::space {

namespace {

[[noreturn]] void bad(const std::string& key, double value, const std::string& why)
{
    throw std::invalid_argument(key + " = " + formatValue(value, 6) + ": " + why);
}

// A second, independent stream for the sensory noise of path k (the agent's own stream is seeded with seed + k):
// the seed is scrambled (a SplitMix64 step) so the two streams never coincide.
std::uint64_t noiseSeed(std::uint64_t seed)
{
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// About 30 step counts per decade from 1 to n, unique, ascending, always ending with n.
std::vector<std::size_t> logSpacedSteps(std::size_t n)
{
    std::vector<std::size_t> out;
    for (int k = 0;; ++k) {
        const auto s = std::size_t(std::llround(std::pow(10.0, k / 30.0)));
        if (s >= n)
            break;
        if (out.empty() || s > out.back())
            out.push_back(s);
    }
    out.push_back(n);
    return out;
}

// The plane of the drift statistic: the largest Arena (100 m), the agent starting in its middle. At the panel's
// speeds (~20 cm/s, heading decorrelating within ~1 s) the RMS distance from the start after 10 min is ~7 m, so the
// walls 50 m away are never reached in practice and do not fold the path.
constexpr double kPlaneSideCm = 10000.0;

}  // namespace

void PathIntegrationNoise::validate() const
{
    if (!std::isfinite(velocitySdCmPerS) || velocitySdCmPerS < 0)
        bad("velocity_noise", velocitySdCmPerS, "must be a finite number >= 0 cm/s");
    if (!std::isfinite(gainError) || gainError < -0.9 || gainError > 0.9)
        bad("gain_error", gainError, "must lie in [-0.9, 0.9] (a fraction of the true speed)");
    if (!std::isfinite(headingDriftRadPerSqrtS) || headingDriftRadPerSqrtS < 0)
        bad("heading_drift", headingDriftRadPerSqrtS, "must be a finite number >= 0 rad/sqrt(s)");
}

IntegratedPath integratePath(const Trajectory& path, const PathIntegrationNoise& noise, std::uint64_t seed)
{
    noise.validate();
    if (path.x.empty() || path.x.size() != path.y.size())
        throw std::invalid_argument("trajectory: needs at least one sample and as many y as x values (got " +
                                    std::to_string(path.x.size()) + " x, " + std::to_string(path.y.size()) + " y)");
    if (!std::isfinite(path.dtMs) || path.dtMs <= 0)
        bad("trajectory dt (ms)", path.dtMs, "must be a finite number > 0");
    const std::size_t n = path.x.size();
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(path.x[i]) || !std::isfinite(path.y[i]))
            bad("trajectory sample " + std::to_string(i), std::isfinite(path.x[i]) ? path.y[i] : path.x[i],
                "positions must be finite");

    IntegratedPath out;
    out.dtMs = path.dtMs;
    out.trueX = path.x;
    out.trueY = path.y;
    out.estX.resize(n);
    out.estY.resize(n);
    out.errorCm.resize(n);

    Random rng(seed);
    const double gain = 1.0 + noise.gainError;
    const double additiveCm = noise.velocitySdCmPerS * path.dtMs / 1000.0;           // σ_v·dt per axis
    const double headingStep = noise.headingDriftRadPerSqrtS * std::sqrt(path.dtMs / 1000.0);  // σ_θ·√dt
    double ex = path.x[0], ey = path.y[0];
    double phi = 0.0;
    out.estX[0] = ex;
    out.estY[0] = ey;
    out.errorCm[0] = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double dx = (path.x[i + 1] - path.x[i]) * gain;
        const double dy = (path.y[i + 1] - path.y[i]) * gain;
        double mx = dx, my = dy;
        if (headingStep > 0) {
            const double c = std::cos(phi), s = std::sin(phi);
            mx = c * dx - s * dy;
            my = s * dx + c * dy;
            phi += headingStep * rng.normal();
        }
        if (additiveCm > 0) {
            mx += additiveCm * rng.normal();
            my += additiveCm * rng.normal();
        }
        ex += mx;
        ey += my;
        out.estX[i + 1] = ex;
        out.estY[i + 1] = ey;
        out.errorCm[i + 1] = std::hypot(ex - path.x[i + 1], ey - path.y[i + 1]);
    }
    return out;
}

std::size_t DriftSetup::steps() const { return std::size_t(std::llround(durationS * 1000.0 / dtMs)); }

void DriftSetup::validate() const
{
    noise.validate();
    if (!std::isfinite(dtMs) || dtMs <= 0 || dtMs > 1000)
        bad("dt", dtMs, "must lie in (0, 1000] ms");
    if (!std::isfinite(durationS) || durationS < 0.1 || durationS > 3600)
        bad("duration", durationS, "must lie in [0.1, 3600] s");
    if (steps() < 2)
        bad("duration", durationS, "must cover at least two time steps");
    if (seeds < 1 || seeds > 5000)
        bad("seeds", seeds, "must lie in [1, 5000]");
}

DriftEnsemble driftEnsemble(const DriftSetup& setup, Progress* progress)
{
    setup.validate();
    const std::size_t n = setup.steps();
    const std::vector<std::size_t> samples = logSpacedSteps(n);
    std::vector<double> sumSq(samples.size(), 0.0);
    const Arena plane(kPlaneSideCm, kPlaneSideCm);
    for (int k = 0; k < setup.seeds; ++k) {
        if (progress) {
            progress->throwIfCancelled();
            progress->setFraction(double(k) / double(setup.seeds));
        }
        // Path k's walk: a scrambled base plus k, so neighbouring seeds give disjoint sets of walks (seed + k would
        // share all but one walk between seeds 1 and 2).
        const std::uint64_t pathSeed = noiseSeed(setup.seed) + std::uint64_t(k);
        RandomWalkAgent agent(plane, setup.agent, pathSeed, {kPlaneSideCm / 2, kPlaneSideCm / 2});
        const Trajectory path = agent.run(n, setup.dtMs);
        const IntegratedPath est = integratePath(path, setup.noise, noiseSeed(pathSeed));
        for (std::size_t j = 0; j < samples.size(); ++j) {
            const double e = est.errorCm[samples[j]];
            sumSq[j] += e * e;
        }
    }
    DriftEnsemble out;
    for (std::size_t j = 0; j < samples.size(); ++j) {
        out.steps.push_back(double(samples[j]));
        out.timeS.push_back(double(samples[j]) * setup.dtMs / 1000.0);
        out.rmsCm.push_back(std::sqrt(sumSq[j] / setup.seeds));
    }
    if (progress)
        progress->setFraction(1.0);
    return out;
}

double additiveRmsCm(double velocitySdCmPerS, double dtMs, double steps)
{
    return velocitySdCmPerS * dtMs / 1000.0 * std::sqrt(2.0 * steps);
}

double PowerLawFit::at(double t) const { return prefactor * std::pow(t, slope); }

PowerLawFit fitLogLogSlope(const std::vector<double>& t, const std::vector<double>& y, double t0, double t1)
{
    if (t.size() != y.size())
        bad("fit: y values", double(y.size()), "must be as many as the t values (" + std::to_string(t.size()) + ")");
    if (!std::isfinite(t0) || !std::isfinite(t1) || !(t0 < t1))
        bad("fit range start t0", t0, "must be finite and below the end t1 = " + formatValue(t1, 6));
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int m = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!(t[i] >= t0 && t[i] <= t1))
            continue;
        if (!(t[i] > 0) || !(y[i] > 0) || !std::isfinite(y[i]))
            bad("fit: value at t = " + formatValue(t[i], 6), y[i], "log-log fits need t > 0 and finite y > 0");
        const double lx = std::log(t[i]), ly = std::log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        ++m;
    }
    if (m < 3)
        bad("fit: points in range", m, "at least 3 are needed");
    const double denom = m * sxx - sx * sx;
    PowerLawFit fit;
    fit.slope = (m * sxy - sx * sy) / denom;
    fit.prefactor = std::exp((sy - fit.slope * sx) / m);
    fit.t0 = t0;
    fit.t1 = t1;
    fit.points = m;
    return fit;
}

// --- the batch experiment ---

std::vector<ParamSpec> pathIntegrationSpecs()
{
    return {
        {"velocity_noise", "Velocity noise σ_v", "cm/s", 0, 50, 10, Scale::Linear,
         "Standard deviation of the Gaussian error added to each axis of the sensed velocity, independently at every "
         "10 ms step. Alone it makes the error a random walk: RMS = σ_v·√(2·dt·t).",
         1},
        {"gain_error", "Speed gain error g", "%", -50, 50, 0, Scale::Linear,
         "The sensed speed is (1 + g) times the true speed: every displacement is scaled, so the error is g times "
         "the distance from the start.",
         1},
        {"heading_drift", "Heading drift σ_θ", "°/√s", 0, 20, 0, Scale::Linear,
         "The sensed heading is off by an angle that wanders as a random walk (a drifting compass); the error grows "
         "faster than √t.",
         1},
        {"turning", "Turning of the walk", "rad/s", 0, 4, 2, Scale::Linear,
         "Standard deviation of the walk's angular velocity (it turns with momentum, time constant 0.3 s). Low "
         "values give long straight runs; at 2 rad/s the heading is forgotten within about a second.",
         2},
        ParamSpec{"duration", "Duration T", "s", 10, 600, 100, Scale::Log,
                  "How long the animal walks and integrates. The slope is fitted over the last two decades, "
                  "[T/100, T].",
                  0}
            .asInteger(),
        ParamSpec{"seeds", "Paths in the ensemble", "", 10, 1000, 200, Scale::Log,
                  "Independent walks (each with its own noise) averaged for the RMS error; the RMS scatters by about "
                  "1/√(2·paths).",
                  0}
            .asInteger(),
        ParamSpec{"seed", "Random seed", "", 1, 1000000, 1, Scale::Linear,
                  "Seeds the shown walk, its noise and the ensemble.", 0}
            .asInteger(),
    };
}

PathIntegrationSetup PathIntegrationSetup::fromParameters(const ParamSet& p)
{
    PathIntegrationSetup s;
    s.drift.noise.velocitySdCmPerS = p["velocity_noise"];
    s.drift.noise.gainError = p["gain_error"] / 100.0;
    s.drift.noise.headingDriftRadPerSqrtS = p["heading_drift"] * std::numbers::pi / 180.0;
    s.drift.agent.turnSdRadPerS = p["turning"];
    s.drift.durationS = p["duration"];
    s.drift.dtMs = kPathIntegrationDtMs;
    s.drift.seeds = int(std::lround(p["seeds"]));
    if (p.spec("seed"))
        s.drift.seed = std::uint64_t(std::llround(p["seed"]));
    s.validate();
    return s;
}

void PathIntegrationSetup::validate() const
{
    drift.validate();
    if (!std::isfinite(arenaSideCm) || arenaSideCm < 10 || arenaSideCm > 1000)
        bad("arena side", arenaSideCm, "must lie in [10, 1000] cm");
}

PathIntegrationRun runPathIntegration(const PathIntegrationSetup& setup, Progress* progress)
{
    setup.validate();
    PathIntegrationRun run;
    const std::size_t n = setup.drift.steps();
    // The picture: one walk in the open field, on a stream of its own (not one of the ensemble's walks).
    const Arena field = Arena::openField(setup.arenaSideCm);
    const std::uint64_t shownSeed = noiseSeed(setup.drift.seed ^ 0x5A5A5A5AULL);
    RandomWalkAgent agent(field, setup.drift.agent, shownSeed, {setup.arenaSideCm / 2, setup.arenaSideCm / 2});
    run.shown = integratePath(agent.run(n, setup.drift.dtMs), setup.drift.noise, noiseSeed(shownSeed));

    run.ensemble = driftEnsemble(setup.drift, progress);
    const double tEnd = run.ensemble.timeS.back();
    run.rmsEndCm = run.ensemble.rmsCm.back();
    run.theoryEndCm = additiveRmsCm(setup.drift.noise.velocitySdCmPerS, setup.drift.dtMs, double(n));
    // With no noise at all every error is 0 and there is no line to fit: slope NaN (the panel says so).
    const bool anyError = std::any_of(run.ensemble.rmsCm.begin(), run.ensemble.rmsCm.end(),
                                      [](double v) { return v > 0; });
    if (anyError)
        run.fit = fitLogLogSlope(run.ensemble.timeS, run.ensemble.rmsCm, tEnd / 100.0, tEnd);
    else
        run.fit = {std::nan(""), 0.0, tEnd / 100.0, tEnd, 0};
    return run;
}

std::vector<OutputInfo> pathIntegrationOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "rms_error", "RMS position error of the ensemble against time (open plane)", "cm", "s"},
        {K::Series, "additive_theory", "Additive-noise law σ_v·√(2·dt·t)", "cm", "s"},
        {K::Series, "shown_error", "Position error of the shown walk in the arena", "cm", "s"},
        {K::Scalar, "slope", "Log-log slope of the RMS error over [T/100, T]", "", ""},
        {K::Scalar, "rms_end_cm", "Ensemble RMS error at the end", "cm", ""},
        {K::Scalar, "theory_end_cm", "Additive-noise law at the end, σ_v·√(2·dt·T)", "cm", ""},
        {K::Scalar, "shown_error_end_cm", "Error of the shown walk at the end", "cm", ""},
    };
}

ExperimentResult runPathIntegrationExperiment(const ParamSet& parameters, Progress& progress)
{
    const PathIntegrationSetup setup = PathIntegrationSetup::fromParameters(parameters);
    progress.setStage("integrating the walks of the ensemble");
    const PathIntegrationRun run = runPathIntegration(setup, &progress);
    ExperimentResult result;
    std::vector<double> theory;
    for (double n : run.ensemble.steps)
        theory.push_back(additiveRmsCm(setup.drift.noise.velocitySdCmPerS, setup.drift.dtMs, n));
    std::vector<double> shownT, shownE;
    // The shown walk's error every 10 steps (100 ms): enough to plot, short enough to export.
    for (std::size_t i = 0; i < run.shown.size(); i += 10) {
        shownT.push_back(run.shown.timeS(i));
        shownE.push_back(run.shown.errorCm[i]);
    }
    result.series = {
        {"rms_error", "RMS position error (ensemble)", "time t", "s", "RMS error", "cm", run.ensemble.timeS,
         run.ensemble.rmsCm},
        {"additive_theory", "σ_v·√(2·dt·t)", "time t", "s", "RMS error", "cm", run.ensemble.timeS, theory},
        {"shown_error", "error of the shown walk", "time t", "s", "error", "cm", shownT, shownE},
    };
    result.scalars = {
        {"slope", "log-log slope of the RMS error over [T/100, T]", "", run.fit.slope},
        {"rms_end_cm", "ensemble RMS error at T", "cm", run.rmsEndCm},
        {"theory_end_cm", "additive-noise law at T", "cm", run.theoryEndCm},
        {"shown_error_end_cm", "error of the shown walk at T", "cm", run.shown.errorCm.back()},
    };
    result.notes = {"RMS error after " + formatValue(setup.drift.durationS, 4) + " s: " +
                    formatValue(run.rmsEndCm, 3) + " cm over " + std::to_string(setup.drift.seeds) +
                    " paths; log-log slope " + formatValue(run.fit.slope, 3) + " over the last two decades."};
    return result;
}

}  // namespace neuroai::space
