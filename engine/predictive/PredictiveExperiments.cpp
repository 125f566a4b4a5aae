#include "engine/predictive/PredictiveExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::predictive {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kTrainingPatches = 1000;
constexpr int kTrainingMovies = 20;

std::string fixed(double v, int decimals)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? "—" : (v > 0 ? "∞" : "−∞");
    return formatValue(v, decimals);
}

std::string scientific(double v)
{
    if (!std::isfinite(v))
        return fixed(v, 0);
    char text[32];
    std::snprintf(text, sizeof text, "%.2e", v);
    return text;
}

// The movies: 24 × 24, 20 frames, the engine's defaults; the test movie's bars all move at `speed`.
BarMovieConfig movieConfig(const ParamSet& p)
{
    BarMovieConfig c;
    c.minSpeed = c.maxSpeed = p["speed"];
    c.event = MovieEvent(intOf(p, "event"));
    c.eventFrame = intOf(p, "event_frame");
    return c;
}

double norm(const std::vector<double>& a, const std::vector<double>& b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

// The summary an inference result of either kind (one level or the hierarchy) carries, copied into the run.
template <class Inference>
void takeSummary(PredictiveCodingRun& run, const Inference& r)
{
    run.energy = r.energy;
    run.iterations = r.iterations;
    run.rate = r.rate;
    run.converged = r.converged;
    run.diverged = r.diverged;
    run.energyIncreased = r.energyIncreased;
    run.maxEnergyIncrease = r.maxEnergyIncrease;
}

}  // namespace

std::vector<ParamSpec> predictiveCodingSpecs()
{
    ParamSpec levels = choiceSpec("levels", "Hierarchy", {"one level", "two levels"}, 0,
                                  "One level: causes r predict the patch through U. Two levels: 8 level-2 causes r₂ "
                                  "also predict the 16 level-1 causes through U₂ (σ_td² = 10, α₂ = 0.05), so r₁ is "
                                  "pulled by the image from below and by the prediction from above. Relearns.");
    levels.group = "Rao–Ballard inference";
    ParamSpec event = choiceSpec("event", "Unexpected event", {"none", "reverse", "appear"}, 1,
                                 "What happens at frame t* of the test movie: nothing, the first bar turns back, or a "
                                 "new bar appears. The predictor has never seen either.");
    event.group = "Next-frame prediction";
    return {
        levels,
        grouped(ParamSpec{"test_patch", "Test patch", "", 1, kPredictiveTestPatches, 1, Scale::Linear,
                          "Which of 100 held-out oriented patches (not among the training patches) is inferred.", 0}
                    .asInteger(),
                "Rao–Ballard inference"),
        grouped({"sigma2", "Pixel noise variance σ²", "", 0.05, 20, 1, Scale::Log,
                 "Variance of the error units (their inverse precision) during inference: small σ² trusts the image, "
                 "large σ² trusts the prior. The basis was learned with σ² = 1.",
                 3},
                "Rao–Ballard inference"),
        grouped({"alpha", "Prior precision α", "", 0.01, 20, 1, Scale::Log,
                 "Precision of the Gaussian prior on the causes: larger α shrinks r towards 0.", 3},
                "Rao–Ballard inference"),
        grouped({"step", "Step k ÷ (2/L)", "", 0.02, 1.5, 0.5, Scale::Linear,
                 "The inference step as a fraction of the stability bound 2/L (L = λmax(UᵀU)/σ² + α): 0.5 is "
                 "k = 1/L. Above 1 the iteration diverges.",
                 3},
                "Rao–Ballard inference"),
        grouped(ParamSpec{"iterations", "Iterations", "", 5, 2000, 200, Scale::Log,
                          "How many gradient steps the causes take from r = 0.", 0}
                    .asInteger(),
                "Rao–Ballard inference"),
        event,
        grouped(ParamSpec{"event_frame", "Event frame t*", "", 4, 19, 12, Scale::Linear,
                          "The frame at which the bar turns or appears (frames 0 … 19).", 0}
                    .asInteger(),
                "Next-frame prediction"),
        grouped(ParamSpec{"history", "History", "frames", 2, 3, 3, Scale::Linear,
                          "Frames the predictor looks back: 2 extrapolates to first order, 3 to second order (it "
                          "also sees the change before last, what PredNet's fed-back error carries). Retrains.",
                          0}
                    .asInteger(),
                "Next-frame prediction"),
        grouped({"speed", "Bar speed", "px/frame", 0.1, 1.2, 0.5, Scale::Log,
                 "Speed of the test movie's bars. The predictor was trained on 0.25–0.75 px/frame.", 2},
                "Next-frame prediction"),
        grouped(ParamSpec{"shown_iteration", "Iteration shown", "", 0, 2000, 5, Scale::Linear,
                          "Which iterate's prediction U r and error units are drawn (redraws only).", 0}
                    .asInteger(),
                "View"),
        grouped(ParamSpec{"shown_frame", "Frame shown", "", 0, 19, 12, Scale::Linear,
                          "Which movie frame, its prediction and its error units are drawn (redraws only).", 0}
                    .asInteger(),
                "View"),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear,
                  "Training patches, initial basis, training movies, the test patches and the test movie.", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> predictiveCodingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "energy", "Energy E of the inference iterates against iteration", "", ""},
        {K::Series, "distance_to_fixed_point", "Distance ‖r − r*‖ to the ridge (MAP) solution against iteration",
         "", ""},
        {K::Series, "learning_error", "Training reconstruction error of the basis against epoch", "", ""},
        {K::Series, "frame_error", "Mean absolute error of the trained predictor against frame", "", ""},
        {K::Series, "baseline_error", "Mean absolute error of copying the last frame against frame", "", ""},
        {K::Scalar, "final_distance", "‖r − r*‖ after the last iteration", "", ""},
        {K::Scalar, "final_energy", "E after the last iteration", "", ""},
        {K::Scalar, "ridge_energy", "E at the ridge (MAP) solution r*", "", ""},
        {K::Scalar, "energy_monotone", "1 if E never rose from one iteration to the next (beyond 1e-12 relative)", "",
         ""},
        {K::Scalar, "diverged", "1 if the iteration ran away (k above 2/L), else 0", "", ""},
        {K::Scalar, "lipschitz", "L = λmax of half the Hessian", "", ""},
        {K::Scalar, "rate", "The step k", "", ""},
        {K::Scalar, "iterations_run", "Iterations run", "", ""},
        {K::Scalar, "error_ratio", "Mean absolute error, predictor ÷ copy-last-frame (scored frames)", "", ""},
        {K::Scalar, "predictor_error", "Predictor's mean absolute error over the scored frames", "", ""},
        {K::Scalar, "baseline_error_mean", "Copy-last-frame mean absolute error over the scored frames", "", ""},
        {K::Scalar, "mask_fraction", "Share of the error energy at t* inside the event mask", "", ""},
        {K::Scalar, "mask_area", "Share of the frame the event mask covers", "", ""},
        {K::Scalar, "event_jump", "Error at t* ÷ the largest scored error before t*", "", ""},
    };
}

std::shared_ptr<const PredictiveModels> learnPredictiveModels(const ParamSet& p, Progress& progress)
{
    auto models = std::make_shared<PredictiveModels>();
    const std::uint64_t seed = seedOf(p);
    models->levels = intOf(p, "levels") + 1;

    progress.setStage("learning the basis U");
    const auto patches = orientedPatches({}, kTrainingPatches, seed * 1000 + 1);
    Random rng(seed ^ 0x5EED);
    const Eigen::MatrixXd u0 = RaoBallard::randomBasis(kPredictivePatchSize * kPredictivePatchSize, kPredictiveCauses,
                                                       0.5, rng);
    const LearningOptions options;
    const auto report = [&](double f) {
        progress.setFraction(0.5 * f);
        return !progress.cancelled();
    };
    LearningResult learning;
    if (models->levels == 1) {
        RaoBallard model(u0);
        learning = model.learn(patches, options, report);
        models->basis1 = model.basis();
    } else {
        Eigen::MatrixXd u2(kPredictiveCauses, kPredictiveCauses2);
        for (Eigen::Index i = 0; i < u2.size(); ++i)
            u2.data()[i] = 0.5 * rng.normal() / std::sqrt(double(kPredictiveCauses));
        RaoBallardHierarchy model(u0, u2);
        learning = model.learn(patches, options, report);
        models->basis1 = model.basis1();
        models->basis2 = model.basis2();
    }
    progress.throwIfCancelled();
    models->learningError = learning.reconstructionError;

    progress.setStage("training the next-frame predictor");
    NextFrameConfig config;
    config.history = intOf(p, "history");
    models->predictor = NextFramePredictor(config);
    const auto movies = generateBarMovies({}, kTrainingMovies, seed * 1000 + 100);
    models->training = models->predictor.train(movies, [&](double f) {
        progress.setFraction(0.5 + 0.5 * f);
        return !progress.cancelled();
    });
    progress.throwIfCancelled();
    return models;
}

PredictiveCodingRun computePredictiveCoding(const ParamSet& p, Progress& progress,
                                            std::shared_ptr<const PredictiveModels> models)
{
    PredictiveCodingRun run;
    if (!models)
        models = learnPredictiveModels(p, progress);
    if (models->levels != intOf(p, "levels") + 1 || models->predictor.config().history != intOf(p, "history"))
        throw std::invalid_argument("computePredictiveCoding: the models were learned for other settings");
    run.models = models;
    const std::uint64_t seed = seedOf(p);
    progress.setStage("inferring the test patch");

    // ---- Part 1: inference of one held-out patch ----
    const int index = intOf(p, "test_patch");
    run.patch = orientedPatches({}, index, seed * 1000 + 500)[std::size_t(index - 1)];
    InferenceOptions options;
    options.maxIterations = intOf(p, "iterations");
    options.tolerance = 0;  // run every iteration: the curves show the whole descent
    std::vector<double> fixedPoint;
    std::vector<std::vector<double>> causes;
    if (models->levels == 1) {
        const RaoBallard model(models->basis1, {p["sigma2"], p["alpha"]});
        run.lipschitz = model.lipschitz();
        options.rate = p["step"] * 2 / run.lipschitz;
        const InferenceResult r = model.infer(run.patch, options);
        for (const InferenceStep& s : r.steps) {
            causes.push_back(s.causes);
            run.predictions.push_back(s.prediction);
            run.errors.push_back(s.error);
        }
        takeSummary(run, r);
        fixedPoint = model.ridgeSolution(run.patch);
        run.ridgeEnergy = model.energy(run.patch, fixedPoint);
    } else {
        HierarchyParams hp;
        hp.sigma2 = p["sigma2"];
        hp.alpha1 = p["alpha"];
        const RaoBallardHierarchy model(models->basis1, models->basis2, hp);
        run.lipschitz = model.lipschitz();
        options.rate = p["step"] * 2 / run.lipschitz;
        const HierarchyInference r = model.infer(run.patch, options);
        for (const HierarchyStep& s : r.steps) {
            std::vector<double> both = s.causes1;
            both.insert(both.end(), s.causes2.begin(), s.causes2.end());
            causes.push_back(std::move(both));
            run.predictions.push_back(s.prediction1);
            run.errors.push_back(s.error1);
        }
        takeSummary(run, r);
        fixedPoint = model.closedForm(run.patch);
        const std::vector<double> r1(fixedPoint.begin(), fixedPoint.begin() + kPredictiveCauses);
        const std::vector<double> r2(fixedPoint.begin() + kPredictiveCauses, fixedPoint.end());
        run.ridgeEnergy = model.energy(run.patch, r1, r2);
    }
    run.boundFraction = run.rate * run.lipschitz / 2;
    for (const std::vector<double>& r : causes)
        run.distance.push_back(norm(r, fixedPoint));
    run.shownIteration =
        std::clamp(intOf(p, "shown_iteration"), 0, int(std::min(run.energy.size(), run.predictions.size())) - 1);
    progress.throwIfCancelled();

    // ---- Part 2: next-frame prediction on a held-out movie ----
    progress.setStage("predicting the test movie");
    const BarMovieConfig movie = movieConfig(p);
    run.movie = generateBarMovie(movie, seed * 1000 + 900);
    run.frames = models->predictor.run(run.movie);
    run.shownFrame = std::clamp(intOf(p, "shown_frame"), 0, int(run.movie.frames.size()) - 1);
    run.errorRatio = run.frames.baselineMeanAbsError > 0 ? run.frames.meanAbsError / run.frames.baselineMeanAbsError
                                                         : kNaN;
    run.maskFraction = run.maskArea = run.eventJump = kNaN;
    if (run.movie.eventFrame >= 0) {
        const FramePrediction& f = run.frames.frames[std::size_t(run.movie.eventFrame)];
        double inside = 0, total = 0, area = 0;
        for (std::size_t i = 0; i < f.prediction.size(); ++i) {
            const double e2 = f.errorPositive[i] * f.errorPositive[i] + f.errorNegative[i] * f.errorNegative[i];
            total += e2;
            if (run.movie.eventMask[i]) {
                inside += e2;
                area += 1;
            }
        }
        run.maskFraction = total > 0 ? inside / total : kNaN;
        run.maskArea = area / double(f.prediction.size());
        double before = 0;
        for (int t = run.frames.firstScoredFrame; t < run.movie.eventFrame; ++t)
            before = std::max(before, run.frames.frames[std::size_t(t)].meanAbsError);
        run.eventJump = before > 0 ? f.meanAbsError / before : kNaN;
    }

    // ---- the batch result ----
    ExperimentResult& r = run.result;
    ResultSeries energy{"energy", "energy E", "iteration", "", "energy E", "", {}, run.energy};
    ResultSeries distance{"distance_to_fixed_point", "‖r − r*‖", "iteration", "", "distance ‖r − r*‖", "", {},
                          run.distance};
    for (std::size_t t = 0; t < run.energy.size(); ++t) {
        energy.x.push_back(double(t));
        distance.x.push_back(double(t));
    }
    ResultSeries learning{"learning_error", "training reconstruction error", "epoch", "", "error (fraction)", "",
                          {}, models->learningError};
    for (std::size_t e = 0; e < learning.y.size(); ++e)
        learning.x.push_back(double(e));
    ResultSeries predictor{"frame_error", "trained predictor", "frame", "", "mean |A − Â|", "", {}, {}};
    ResultSeries baseline{"baseline_error", "copy last frame", "frame", "", "mean |A − Â|", "", {}, {}};
    for (int t = run.frames.firstScoredFrame; t < int(run.frames.frames.size()); ++t) {
        predictor.x.push_back(t);
        baseline.x.push_back(t);
        predictor.y.push_back(run.frames.frames[std::size_t(t)].meanAbsError);
        baseline.y.push_back(run.frames.frames[std::size_t(t)].baselineMeanAbsError);
    }
    r.series = {energy, distance, learning, predictor, baseline};
    // The engine's verdict: no step raised E by more than rounding (1e-12 relative); once r sits on r*, E moves by
    // a few ulps either way.
    const bool monotone = !run.energyIncreased;
    r.scalars = {
        {"final_distance", "final ‖r − r*‖", "", run.distance.back()},
        {"final_energy", "final energy", "", run.energy.back()},
        {"ridge_energy", "energy at r*", "", run.ridgeEnergy},
        {"energy_monotone", "energy never rose", "", monotone ? 1.0 : 0.0},
        {"diverged", "diverged", "", run.diverged ? 1.0 : 0.0},
        {"lipschitz", "L", "", run.lipschitz},
        {"rate", "step k", "", run.rate},
        {"iterations_run", "iterations run", "", double(run.iterations)},
        {"error_ratio", "predictor ÷ baseline", "", run.errorRatio},
        {"predictor_error", "predictor error", "", run.frames.meanAbsError},
        {"baseline_error_mean", "baseline error", "", run.frames.baselineMeanAbsError},
        {"mask_fraction", "error energy in the mask at t*", "", run.maskFraction},
        {"mask_area", "mask area", "", run.maskArea},
        {"event_jump", "error jump at t*", "", run.eventJump},
    };
    r.notes = {
        std::string(models->levels == 1 ? "One level" : "Two levels") + ", L = " + fixed(run.lipschitz, 4) +
            ", k = " + fixed(run.rate, 5) + " (" + fixed(run.boundFraction, 3) + " × 2/L): " +
            (run.diverged ? "diverged after " + std::to_string(run.iterations) + " iterations (k above 2/L)."
                          : "final ‖r − r*‖ = " + scientific(run.distance.back()) + " after " +
                                std::to_string(run.iterations) + " iterations, E = " + fixed(run.energy.back(), 6) +
                                " (ridge " + fixed(run.ridgeEnergy, 6) + ")."),
        "Next frame (history " + std::to_string(models->predictor.config().history) + "): mean |error| " +
            fixed(run.frames.meanAbsError, 5) + " against " + fixed(run.frames.baselineMeanAbsError, 5) +
            " for copying the last frame (ratio " + fixed(run.errorRatio, 3) + ").",
    };
    if (run.movie.eventFrame >= 0)
        r.notes.push_back("At t* = " + std::to_string(run.movie.eventFrame) + ": " +
                          fixed(100 * run.maskFraction, 1) + " % of the error energy lies in the event mask (" +
                          fixed(100 * run.maskArea, 1) + " % of the frame); the error is " + fixed(run.eventJump, 2) +
                          "× the largest before.");
    progress.setFraction(1);
    return run;
}

ExperimentResult runPredictiveCoding(const ParamSet& parameters, Progress& progress)
{
    return computePredictiveCoding(parameters, progress).result;
}

}  // namespace neuroai::predictive
