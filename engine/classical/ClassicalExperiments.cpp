#include "engine/classical/ClassicalExperiments.h"

#include "engine/classical/BiasVariance.h"
#include "engine/classical/Decoding.h"
#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace neuroai::classical {

namespace {

ParamSpec seedSpec(const char* what)
{
    return ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear, what, 0}.asInteger();
}

std::string percent(double fraction) { return formatValue(100 * fraction, 1) + " %"; }

}  // namespace

// ------------------------------------------------------------------------------------------ population-decoding

std::vector<ParamSpec> populationDecodingSpecs()
{
    ParamSpec classifier = choiceSpec("classifier", "Classifier", {"LDA", "logistic regression"}, 0,
                                      "Linear discriminant analysis (shared covariance, shrunk towards its average "
                                      "variance) or multinomial logistic regression (softmax, L2 penalty, 300 "
                                      "accelerated gradient steps).");
    classifier.group = "Decoder";
    ParamSpec shrinkage{"shrinkage", "Shrinkage λ", "", 0, 1, 0.1, Scale::Linear,
                        "LDA: Σ ← (1 − λ)Σ + λ·(average variance)·I. Helps when neurons outnumber trials.", 2};
    shrinkage.group = "Decoder";
    shrinkage.shownWhenKey = "classifier";
    shrinkage.shownWhenValues = {0};
    ParamSpec l2{"l2", "Weight penalty", "", 1e-4, 10, 0.01, Scale::Log,
                 "Logistic regression: (λ/2)·‖W‖² added to the mean cross-entropy.", 4};
    l2.group = "Decoder";
    l2.shownWhenKey = "classifier";
    l2.shownWhenValues = {1};
    return {
        ParamSpec{"neurons", "Neurons N", "", 1, 256, 64, Scale::Log,
                  "Size of the recorded population; preferred directions evenly spaced around the circle.", 0, {}, {},
                  {}, "Population"}
            .asInteger(),
        ParamSpec{"stimuli", "Stimuli", "", 2, 16, 8, Scale::Linear,
                  "Directions to tell apart, evenly spaced over 360° (chance = 1/stimuli).", 0, {}, {}, {},
                  "Population"}
            .asInteger(),
        ParamSpec{"trials", "Trials per stimulus", "", 5, 200, 40, Scale::Log,
                  "Repetitions of each stimulus in the data set.", 0, {}, {}, {}, "Population"}
            .asInteger(),
        grouped({"peak_hz", "Peak rate", "Hz", 1, 100, 20, Scale::Log,
                 "Extra rate at a neuron's preferred direction.", 1},
                "Population"),
        grouped({"baseline_hz", "Baseline rate", "Hz", 0, 50, 2, Scale::Linear, "Rate far from it.", 1},
                "Population"),
        grouped({"kappa", "Tuning sharpness κ", "", 0.1, 10, 2, Scale::Log,
                 "von Mises concentration: r = r0 + r_max·exp(κ(cos(θ − θ_i) − 1)). Larger = narrower tuning.", 2},
                "Population"),
        grouped({"window_ms", "Counting window", "ms", 20, 1000, 200, Scale::Log,
                 "Spikes are counted over this long on each trial.", 0},
                "Population"),
        classifier,
        shrinkage,
        l2,
        ParamSpec{"folds", "Cross-validation folds", "", 2, 10, 5, Scale::Linear,
                  "Each stimulus's trials are dealt into this many folds; each fold is decoded by a classifier "
                  "trained on the others.",
                  0, {}, {}, {}, "Decoder"}
            .asInteger(),
        seedSpec("Seeds the spike counts and the folds."),
    };
}

std::vector<OutputInfo> populationDecodingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "accuracy_vs_neurons", "Cross-validated accuracy against the number of neurons", "%", ""},
        {K::Series, "accuracy_vs_trials", "Cross-validated accuracy against the trials per stimulus (all neurons)",
         "%", ""},
        {K::Series, "training_vs_trials", "Accuracy on the training trials themselves, against the trials", "%", ""},
        {K::Series, "tuning_curves", "Tuning curve of every neuron, one after the other", "Hz", "°"},
        {K::Series, "mean_counts", "Mean count of each neuron (by preferred direction), stimuli one after the other",
         "spikes", "°"},
        {K::Scalar, "accuracy_pct", "Cross-validated accuracy with every neuron and trial", "%", ""},
        {K::Scalar, "training_accuracy_pct", "Accuracy on the training data (every neuron and trial)", "%", ""},
        {K::Scalar, "chance_pct", "Chance level, 100/stimuli", "%", ""},
    };
}

std::vector<int> neuronSweep(int neurons)
{
    std::vector<int> out;
    for (int n = 1; n < neurons; n *= 2)
        out.push_back(n);
    out.push_back(neurons);
    return out;
}

std::vector<int> trialSweep(int trials, int folds)
{
    std::vector<int> out;
    for (int t = std::max(folds, 2); t < trials; t = std::max(t + 1, int(std::lround(t * 1.6))))
        out.push_back(t);
    out.push_back(trials);
    return out;
}

std::vector<int> evenlySpacedNeurons(int n, int neurons)
{
    std::vector<int> out;
    for (int i = 0; i < n; ++i)
        out.push_back(int((long long)i * neurons / n));
    return out;
}

ExperimentResult runPopulationDecoding(const ParamSet& p, Progress& progress)
{
    PopulationSetup pop;
    pop.neurons = intOf(p, "neurons");
    pop.stimuli = intOf(p, "stimuli");
    pop.trialsPerStimulus = intOf(p, "trials");
    pop.peakHz = p["peak_hz"];
    pop.baselineHz = p["baseline_hz"];
    pop.kappa = p["kappa"];
    pop.windowMs = p["window_ms"];
    pop.seed = seedOf(p);
    const int folds = intOf(p, "folds");
    if (folds > pop.trialsPerStimulus)
        throw ParameterError("folds = " + std::to_string(folds) + " must not exceed trials = " +
                             std::to_string(pop.trialsPerStimulus) + " (each fold needs a trial of every stimulus)");
    ClassifierSetup decoder;
    decoder.kind = Classifier(intOf(p, "classifier"));
    decoder.shrinkage = p["shrinkage"];
    decoder.l2 = p["l2"];

    progress.setStage("simulating the population");
    const Dataset data = simulatePopulation(pop);
    const std::vector<int> sizes = neuronSweep(pop.neurons), trials = trialSweep(pop.trialsPerStimulus, folds);
    const double steps = double(sizes.size() + trials.size() + 1);
    int done = 0;
    const std::uint64_t foldSeed = pop.seed + 7919;

    ExperimentResult r;
    ResultSeries vsNeurons = emptySeries("accuracy_vs_neurons", "cross-validated", "neurons", "", "accuracy", "%");
    progress.setStage("decoding with more and more neurons");
    for (const int n : sizes) {
        progress.throwIfCancelled();
        const double a = crossValidatedAccuracy(data, decoder, folds, foldSeed, evenlySpacedNeurons(n, pop.neurons));
        vsNeurons.x.push_back(n);
        vsNeurons.y.push_back(100 * a);
        progress.setFraction(++done / steps);
    }
    ResultSeries vsTrials = emptySeries("accuracy_vs_trials", "cross-validated", "trials per stimulus", "", "accuracy", "%");
    ResultSeries trainVsTrials =
        emptySeries("training_vs_trials", "on the training trials", "trials per stimulus", "", "accuracy", "%");
    progress.setStage("decoding with more and more trials");
    for (const int t : trials) {
        progress.throwIfCancelled();
        Dataset subset;
        subset.classes = data.classes;
        std::vector<int> rows;
        for (int k = 0; k < pop.stimuli; ++k)
            for (int i = 0; i < t; ++i)
                rows.push_back(k * pop.trialsPerStimulus + i);
        subset.x.resize(Eigen::Index(rows.size()), data.x.cols());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            subset.x.row(Eigen::Index(i)) = data.x.row(rows[i]);
            subset.labels.push_back(data.labels[std::size_t(rows[i])]);
        }
        const double a = crossValidatedAccuracy(subset, decoder, std::min(folds, t), foldSeed);
        std::vector<int> all(subset.labels.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = int(i);
        const LinearClassifier fitted = LinearClassifier::train(subset, all, decoder);
        int correct = 0;
        for (std::size_t i = 0; i < all.size(); ++i)
            correct += fitted.predict(subset.x.row(Eigen::Index(i))) == subset.labels[i] ? 1 : 0;
        vsTrials.x.push_back(t);
        vsTrials.y.push_back(100 * a);
        trainVsTrials.x.push_back(t);
        trainVsTrials.y.push_back(100.0 * correct / double(all.size()));
        progress.setFraction(++done / steps);
    }

    ResultSeries tuning = emptySeries("tuning_curves", "tuning curves", "direction", "°", "rate", "Hz");
    for (int i = 0; i < pop.neurons; ++i)
        for (int deg = 0; deg <= 360; deg += 5) {
            tuning.x.push_back(deg);
            tuning.y.push_back(tuningRate(pop, i, deg));
        }
    ResultSeries counts = emptySeries("mean_counts", "mean counts", "preferred direction", "°", "mean count", "spikes");
    for (int k = 0; k < pop.stimuli; ++k)
        for (int i = 0; i < pop.neurons; ++i) {
            counts.x.push_back(preferredDirection(i, pop.neurons));
            counts.y.push_back(data.x.block(Eigen::Index(k) * pop.trialsPerStimulus, i, pop.trialsPerStimulus, 1).mean());
        }
    r.series = {vsNeurons, vsTrials, trainVsTrials, tuning, counts};
    const double accuracy = vsNeurons.y.back(), training = trainVsTrials.y.back(), chance = 100.0 / pop.stimuli;
    r.scalars = {
        {"accuracy_pct", "Cross-validated accuracy", "%", accuracy},
        {"training_accuracy_pct", "Accuracy on the training data", "%", training},
        {"chance_pct", "Chance", "%", chance},
    };
    const char* name = decoder.kind == Classifier::Lda ? "LDA" : "Logistic regression";
    r.notes.push_back(std::string(name) + " decodes " + percent(accuracy / 100) + " of held-out trials with all " +
                      std::to_string(pop.neurons) + " neurons (chance " + percent(chance / 100) + "), " +
                      percent(vsNeurons.y.front() / 100) + " with one.");
    if (training - accuracy > 10)
        r.notes.push_back("On its own training trials it scores " + percent(training / 100) +
                          ": the gap to the held-out accuracy is overfitting, which more trials (or more shrinkage "
                          "or penalty) close.");
    progress.setFraction(1);
    return r;
}

// ----------------------------------------------------------------------------------------------- bias-variance

std::vector<ParamSpec> biasVarianceSpecs()
{
    ParamSpec design = choiceSpec("design", "Training inputs", {"uniform", "stratified", "grid"}, 1,
                                  "Uniform: independent draws on [0, 1]. Stratified: one draw in each of n equal "
                                  "bins. Grid: fixed at (i + ½)/n, only the noise changes (tested on the same "
                                  "inputs).");
    design.group = "Data";
    return {
        ParamSpec{"points", "Training points n", "", 5, 100, 20, Scale::Log, "Noisy samples in each training set.",
                  0, {}, {}, {}, "Data"}
            .asInteger(),
        grouped({"noise_sd", "Noise SD σ", "", 0, 1, 0.3, Scale::Linear,
                 "SD of the noise added to sin(2πx); the test error cannot fall below σ².", 2},
                "Data"),
        design,
        ParamSpec{"max_degree", "Highest degree", "", 1, 20, 12, Scale::Linear,
                  "Polynomials of degree 0 up to this are fitted (must be below n).", 0, {}, {}, {}, "Model"}
            .asInteger(),
        grouped({"ridge", "Ridge penalty λ", "", 0, 10, 0, Scale::Linear,
                 "λ·‖c‖² on the coefficients (Legendre basis): trades variance for bias. 0 = least squares.", 3},
                "Model"),
        ParamSpec{"repetitions", "Training sets", "", 10, 2000, 200, Scale::Log,
                  "Independent training sets averaged over for bias² and variance.", 0, {}, {}, {}, "Model"}
            .asInteger(),
        ParamSpec{"shown_degree", "Degree shown", "", 0, 20, 3, Scale::Linear,
                  "The example plot shows this degree's fit to the first training set.", 0, {}, {}, {}, "View"}
            .asInteger(),
        seedSpec("Seeds the training sets and the test inputs."),
    };
}

std::vector<OutputInfo> biasVarianceOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "training_error", "Mean squared error on the training set against the degree", "", ""},
        {K::Series, "test_error", "Mean squared error on fresh noisy points against the degree", "", ""},
        {K::Series, "bias2", "Squared bias against the degree", "", ""},
        {K::Series, "variance", "Variance against the degree", "", ""},
        {K::Series, "example_points", "The first training set", "", ""},
        {K::Series, "example_fit", "The shown degree's fit to it", "", ""},
        {K::Series, "true_function", "sin(2πx)", "", ""},
        {K::Scalar, "best_degree", "Degree with the lowest test error", "", ""},
        {K::Scalar, "best_test_error", "Lowest test error", "", ""},
        {K::Scalar, "noise_variance", "Noise variance σ² (the floor of the test error)", "", ""},
        {K::Scalar, "shown_test_error", "Test error of the shown degree", "", ""},
    };
}

ExperimentResult runBiasVariance(const ParamSet& p, Progress& progress)
{
    BiasVarianceSetup s;
    s.trainingPoints = intOf(p, "points");
    s.noiseSd = p["noise_sd"];
    s.design = Design(intOf(p, "design"));
    s.maxDegree = intOf(p, "max_degree");
    s.ridge = p["ridge"];
    s.repetitions = intOf(p, "repetitions");
    s.seed = seedOf(p);
    if (s.maxDegree >= s.trainingPoints)
        throw ParameterError("max_degree = " + std::to_string(s.maxDegree) + " must be below points = " +
                             std::to_string(s.trainingPoints) + " (a polynomial of degree n − 1 already interpolates)");
    const int shown = std::min(intOf(p, "shown_degree"), s.maxDegree);
    progress.setStage("fitting polynomials");
    const BiasVarianceCurves c = biasVariance(s, &progress);
    progress.setFraction(0.95);

    ResultSeries train = emptySeries("training_error", "training", "polynomial degree", "", "mean squared error", "");
    ResultSeries test = emptySeries("test_error", "test", "polynomial degree", "", "mean squared error", "");
    ResultSeries bias = emptySeries("bias2", "bias²", "polynomial degree", "", "mean squared error", "");
    ResultSeries var = emptySeries("variance", "variance", "polynomial degree", "", "mean squared error", "");
    for (std::size_t d = 0; d < c.degrees.size(); ++d) {
        for (ResultSeries* s2 : {&train, &test, &bias, &var})
            s2->x.push_back(c.degrees[d]);
        train.y.push_back(c.trainingError[d]);
        test.y.push_back(c.testError[d]);
        bias.y.push_back(c.bias2[d]);
        var.y.push_back(c.variance[d]);
    }
    ResultSeries points = emptySeries("example_points", "training set", "x", "", "y", "");
    points.x = c.exampleX;
    points.y = c.exampleY;
    ResultSeries fit = emptySeries("example_fit", "fit", "x", "", "y", "");
    ResultSeries truth = emptySeries("true_function", "sin(2πx)", "x", "", "y", "");
    for (std::size_t i = 0; i < c.fitGrid.size(); ++i) {
        fit.x.push_back(c.fitGrid[i]);
        fit.y.push_back(c.exampleFit[std::size_t(shown)][i]);
        truth.x.push_back(c.fitGrid[i]);
        truth.y.push_back(trueFunction(c.fitGrid[i]));
    }
    ExperimentResult r;
    r.series = {train, test, bias, var, points, fit, truth};
    const double best = c.testError[std::size_t(c.bestDegree)];
    r.scalars = {
        {"best_degree", "Best degree", "", double(c.bestDegree)},
        {"best_test_error", "Lowest test error", "", best},
        {"noise_variance", "Noise variance σ²", "", s.noiseSd * s.noiseSd},
        {"shown_test_error", "Test error of the shown degree", "", c.testError[std::size_t(shown)]},
    };
    r.notes.push_back("Degree " + std::to_string(c.bestDegree) + " has the lowest test error (" +
                      formatValue(best, 4) + ", noise floor σ² = " + formatValue(s.noiseSd * s.noiseSd, 4) +
                      "); the training error only falls with the degree.");
    r.notes.push_back("At degree 0 bias² is " + formatValue(c.bias2.front(), 4) + " and variance " +
                      formatValue(c.variance.front(), 4) + "; at degree " + std::to_string(s.maxDegree) + " bias² is " +
                      formatValue(c.bias2.back(), 4) + " and variance " + formatValue(c.variance.back(), 4) + ".");
    progress.setFraction(1);
    return r;
}

}  // namespace neuroai::classical
