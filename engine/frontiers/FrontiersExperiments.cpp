#include "engine/frontiers/FrontiersExperiments.h"

#include "engine/analysis/EnergyMeter.h"
#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "engine/frontiers/ContinualLearning.h"
#include "engine/frontiers/EventDriven.h"
#include "engine/frontiers/SpikingConversion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace neuroai::frontiers {

namespace {

constexpr double kPjPerNj = 1000.0;

ParamSpec seedSpec(const char* what)
{
    return ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear, what, 0}.asInteger();
}

ParamSpec integerSpec(const char* key, const char* label, double lo, double hi, double value, Scale scale,
                      const char* description, const char* group)
{
    return ParamSpec{key, label, "", lo, hi, value, scale, description, 0, {}, {}, {}, group}.asInteger();
}

ParamSpec choiceIn(ParamSpec spec, const char* group)
{
    spec.group = group;
    return spec;
}

std::string pct(double fraction) { return formatValue(100 * fraction, 1) + " %"; }

// The pattern-task settings shared by the ewc and spiking-energy specs.
std::vector<ParamSpec> patternSpecs(double noise)
{
    const PatternSetup d;
    return {
        integerSpec("features", "Input features D", 4, 200, d.features, Scale::Log,
                    "Length of each pattern (each feature is a rate in [0, 1]).", "Task"),
        integerSpec("classes", "Classes", 2, 20, d.classes, Scale::Linear,
                    "Binary prototypes to tell apart (chance = 1/classes).", "Task"),
        integerSpec("train_per_class", "Training samples per class", 5, 500, d.trainPerClass, Scale::Log,
                    "Noisy copies of each prototype to train on.", "Task"),
        integerSpec("test_per_class", "Test samples per class", 5, 500, d.testPerClass, Scale::Log,
                    "Fresh noisy copies that accuracies are measured on.", "Task"),
        grouped({"active_fraction", "Active fraction", "", 0.05, 1, d.activeFraction, Scale::Linear,
                 "Chance that a prototype's feature is on (1); the others are 0.", 2},
                "Task"),
        grouped({"noise", "Noise SD", "", 0, 1.5, noise, Scale::Linear,
                 "SD of the Gaussian noise added to a prototype (then clipped to [0, 1]).", 2},
                "Task"),
    };
}

PatternSetup patternSetupFrom(const ParamSet& p)
{
    PatternSetup s;
    s.features = intOf(p, "features");
    s.classes = intOf(p, "classes");
    s.trainPerClass = intOf(p, "train_per_class");
    s.testPerClass = intOf(p, "test_per_class");
    s.activeFraction = p["active_fraction"];
    s.noise = p["noise"];
    return s;
}

ParamSpec optimizerSpec()
{
    return choiceIn(choiceSpec("optimizer", "Optimiser", {"SGD", "Adam"}, 0,
                               "SGD (the EWC penalty taken as an exact proximal step, stable for any λ) or Adam "
                               "(on the gradient of loss + penalty)."),
                    "Training");
}

}  // namespace

// ------------------------------------------------------------------------------------------------------------ ewc

std::vector<double> ewcLambdaSweep() { return {0.3, 1, 3, 10, 30, 100, 300, 1000, 3000}; }

std::vector<ParamSpec> ewcSpecs()
{
    const ContinualSetup d;
    std::vector<ParamSpec> specs = patternSpecs(d.patterns.noise);
    const std::vector<ParamSpec> more = {
        integerSpec("hidden", "Hidden units", 2, 256, d.hidden.front(), Scale::Log,
                    "Width of the single hidden ReLU layer.", "Network"),
        optimizerSpec(),
        grouped({"learning_rate", "Learning rate η", "", 1e-4, 1, d.taskA.learningRate, Scale::Log,
                 "Step size of both tasks' training.", 4},
                "Training"),
        integerSpec("batch", "Minibatch size", 1, 256, d.taskA.batch, Scale::Log, "Samples per step.", "Training"),
        integerSpec("epochs_a", "Epochs on task A", 1, 500, d.taskA.epochs, Scale::Log,
                    "Passes through task A's training set.", "Training"),
        integerSpec("epochs_b", "Epochs on task B", 1, 500, d.taskB.epochs, Scale::Log,
                    "Passes through task B's training set (plain and with EWC).", "Training"),
        grouped({"lambda", "EWC strength λ", "", 0.01, 1e5, d.lambda, Scale::Log,
                 "Weight of the penalty (λ/2)·Σ F_i (θ_i − θ*_A,i)² while task B is learned; the plain run (λ = 0) "
                 "is always shown beside it.",
                 2},
                "EWC"),
        choiceIn(choiceSpec("fisher", "Fisher information",
                            {"expected (model's predictions)", "empirical (true labels)"}, 0,
                            "Squared gradients of log p(k|x) averaged over the model's own predictive distribution "
                            "(Kirkpatrick et al.) or of log p(y|x) for the true labels."),
                 "EWC"),
        integerSpec("repeats", "Seeds averaged", 1, 20, 3, Scale::Linear,
                    "Independent task pairs and networks (seed, seed + 1, …); every curve is their mean.", "EWC"),
        seedSpec("Seeds the first task pair, the initial weights and the minibatch order."),
    };
    specs.insert(specs.end(), more.begin(), more.end());
    return specs;
}

std::vector<OutputInfo> ewcOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "plain_accuracy_a", "Test accuracy on task A over training (A, then B without EWC)", "%", ""},
        {K::Series, "plain_accuracy_b", "Test accuracy on task B over training (A, then B without EWC)", "%", ""},
        {K::Series, "ewc_accuracy_a", "Test accuracy on task A over training (A, then B with EWC at λ)", "%", ""},
        {K::Series, "ewc_accuracy_b", "Test accuracy on task B over training (A, then B with EWC at λ)", "%", ""},
        {K::Series, "final_a_vs_lambda", "Accuracy on task A after learning B, against λ", "%", ""},
        {K::Series, "final_b_vs_lambda", "Accuracy on task B after learning B, against λ", "%", ""},
        {K::Series, "fisher_sorted", "Fisher diagonal at θ*_A, largest first (first seed)", "", ""},
        {K::Scalar, "accuracy_a_after_a", "Accuracy on A after learning A", "%", ""},
        {K::Scalar, "plain_accuracy_a_after_b", "Accuracy on A after B, plain", "%", ""},
        {K::Scalar, "ewc_accuracy_a_after_b", "Accuracy on A after B, EWC", "%", ""},
        {K::Scalar, "plain_accuracy_b_after_b", "Accuracy on B after B, plain", "%", ""},
        {K::Scalar, "ewc_accuracy_b_after_b", "Accuracy on B after B, EWC", "%", ""},
        {K::Scalar, "plain_forgetting", "Forgetting of A, plain (accuracy lost)", "%", ""},
        {K::Scalar, "ewc_forgetting", "Forgetting of A, EWC (accuracy lost)", "%", ""},
        {K::Scalar, "chance_pct", "Chance level, 100/classes", "%", ""},
        {K::Scalar, "parameters", "Network parameters", "", ""},
        {K::Scalar, "fisher_mean", "Mean Fisher diagonal (first seed)", "", ""},
        {K::Scalar, "fisher_max", "Largest Fisher entry (first seed)", "", ""},
        {K::Scalar, "final_penalty", "EWC penalty Ω at the end of B (mean over seeds)", "", ""},
    };
}

ExperimentResult runEwc(const ParamSet& p, Progress& progress)
{
    ContinualSetup s;
    s.patterns = patternSetupFrom(p);
    s.hidden = {intOf(p, "hidden")};
    s.taskA.learningRate = s.taskB.learningRate = p["learning_rate"];
    s.taskA.batch = s.taskB.batch = intOf(p, "batch");
    s.taskA.optimizer = s.taskB.optimizer =
        intOf(p, "optimizer") == 0 ? nn::OptimizerSettings::Kind::Sgd : nn::OptimizerSettings::Kind::Adam;
    s.taskA.epochs = intOf(p, "epochs_a");
    s.taskB.epochs = intOf(p, "epochs_b");
    s.lambda = p["lambda"];
    s.fisher = intOf(p, "fisher") == 0 ? FisherKind::Expected : FisherKind::Empirical;
    const int repeats = intOf(p, "repeats");
    const std::uint64_t seed = seedOf(p);
    const std::vector<double> sweep = ewcLambdaSweep();
    const int ea = s.taskA.epochs, eb = s.taskB.epochs;
    const std::size_t length = std::size_t(ea + eb + 1);

    const double work = double(repeats) * (ea + eb * (2.0 + double(sweep.size())));
    double done = 0;
    const auto tick = [&](int) {
        progress.setFraction(++done / work);
        progress.throwIfCancelled();
    };
    std::vector<double> plainA(length, 0), plainB(length, 0), ewcA(length, 0), ewcB(length, 0);
    std::vector<double> sweepA(sweep.size(), 0), sweepB(sweep.size(), 0);
    double afterA = 0, penalty = 0;
    Eigen::VectorXd firstFisher;
    Eigen::Index parameters = 0;
    for (int r = 0; r < repeats; ++r) {
        s.seed = seed + std::uint64_t(r);
        progress.setStage("seed " + std::to_string(s.seed) + ": learning task A");
        const TaskPair tasks = makeTaskPair(s);
        const AfterTaskA a = learnTaskA(s, tasks, tick);
        if (r == 0) {
            firstFisher = a.fisher;
            parameters = a.net.parameterCount();
        }
        afterA += a.accuracyA.back();
        progress.setStage("seed " + std::to_string(s.seed) + ": learning task B, plain and with EWC");
        const TaskBRun plain = learnTaskB(s, tasks, a, 0.0, tick);
        const TaskBRun ewc = learnTaskB(s, tasks, a, s.lambda, tick);
        penalty += ewc.finalPenalty;
        for (std::size_t k = 0; k < length; ++k) {
            const bool inA = k <= std::size_t(ea);
            const std::size_t b = inA ? 0 : k - std::size_t(ea);
            plainA[k] += inA ? a.accuracyA[k] : plain.accuracyA[b];
            plainB[k] += inA ? a.accuracyB[k] : plain.accuracyB[b];
            ewcA[k] += inA ? a.accuracyA[k] : ewc.accuracyA[b];
            ewcB[k] += inA ? a.accuracyB[k] : ewc.accuracyB[b];
        }
        progress.setStage("seed " + std::to_string(s.seed) + ": sweeping λ");
        for (std::size_t i = 0; i < sweep.size(); ++i) {
            const TaskBRun run = learnTaskB(s, tasks, a, sweep[i], tick);
            sweepA[i] += run.accuracyA.back();
            sweepB[i] += run.accuracyB.back();
        }
    }
    const double n = repeats;
    ResultSeries sPlainA = emptySeries("plain_accuracy_a", "task A, plain", "epoch", "", "test accuracy", "%");
    ResultSeries sPlainB = emptySeries("plain_accuracy_b", "task B, plain", "epoch", "", "test accuracy", "%");
    ResultSeries sEwcA = emptySeries("ewc_accuracy_a", "task A, EWC", "epoch", "", "test accuracy", "%");
    ResultSeries sEwcB = emptySeries("ewc_accuracy_b", "task B, EWC", "epoch", "", "test accuracy", "%");
    for (std::size_t k = 0; k < length; ++k) {
        for (ResultSeries* x : {&sPlainA, &sPlainB, &sEwcA, &sEwcB})
            x->x.push_back(double(k));
        sPlainA.y.push_back(100 * plainA[k] / n);
        sPlainB.y.push_back(100 * plainB[k] / n);
        sEwcA.y.push_back(100 * ewcA[k] / n);
        sEwcB.y.push_back(100 * ewcB[k] / n);
    }
    ResultSeries finalA = emptySeries("final_a_vs_lambda", "task A after B", "EWC strength λ", "", "test accuracy", "%");
    ResultSeries finalB = emptySeries("final_b_vs_lambda", "task B after B", "EWC strength λ", "", "test accuracy", "%");
    for (std::size_t i = 0; i < sweep.size(); ++i) {
        finalA.x.push_back(sweep[i]);
        finalB.x.push_back(sweep[i]);
        finalA.y.push_back(100 * sweepA[i] / n);
        finalB.y.push_back(100 * sweepB[i] / n);
    }
    ResultSeries fisher = emptySeries("fisher_sorted", "Fisher diagonal", "rank", "", "F_i", "");
    std::vector<double> sorted(firstFisher.data(), firstFisher.data() + firstFisher.size());
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        fisher.x.push_back(double(i + 1));
        fisher.y.push_back(sorted[i]);
    }

    const double accA = 100 * afterA / n;
    const double plainEndA = sPlainA.y.back(), ewcEndA = sEwcA.y.back();
    const double plainEndB = sPlainB.y.back(), ewcEndB = sEwcB.y.back();
    ExperimentResult result;
    result.series = {sPlainA, sPlainB, sEwcA, sEwcB, finalA, finalB, fisher};
    result.scalars = {
        {"accuracy_a_after_a", "Accuracy on A after A", "%", accA},
        {"plain_accuracy_a_after_b", "Accuracy on A after B, plain", "%", plainEndA},
        {"ewc_accuracy_a_after_b", "Accuracy on A after B, EWC", "%", ewcEndA},
        {"plain_accuracy_b_after_b", "Accuracy on B after B, plain", "%", plainEndB},
        {"ewc_accuracy_b_after_b", "Accuracy on B after B, EWC", "%", ewcEndB},
        {"plain_forgetting", "Forgetting of A, plain", "%", accA - plainEndA},
        {"ewc_forgetting", "Forgetting of A, EWC", "%", accA - ewcEndA},
        {"chance_pct", "Chance", "%", 100.0 / s.patterns.classes},
        {"parameters", "Parameters", "", double(parameters)},
        {"fisher_mean", "Mean Fisher entry", "", firstFisher.mean()},
        {"fisher_max", "Largest Fisher entry", "", firstFisher.maxCoeff()},
        {"final_penalty", "Final EWC penalty Ω", "", penalty / n},
    };
    const std::string seeds = repeats == 1 ? "one seed" : "the mean of " + std::to_string(repeats) + " seeds";
    result.notes.push_back("After task A the network scores " + formatValue(accA, 1) + " % on A; learning B plainly "
                           "leaves " + formatValue(plainEndA, 1) + " % on A (B: " + formatValue(plainEndB, 1) +
                           " %); with EWC (λ = " + formatValue(s.lambda, 2) + ") it keeps " + formatValue(ewcEndA, 1) +
                           " % on A (B: " + formatValue(ewcEndB, 1) + " %). Values are " + seeds + ".");
    result.notes.push_back("Larger λ protects A more and lets B learn less: over the sweep A ends between " +
                           formatValue(*std::min_element(finalA.y.begin(), finalA.y.end()), 1) + " % and " +
                           formatValue(*std::max_element(finalA.y.begin(), finalA.y.end()), 1) + " %, B between " +
                           formatValue(*std::min_element(finalB.y.begin(), finalB.y.end()), 1) + " % and " +
                           formatValue(*std::max_element(finalB.y.begin(), finalB.y.end()), 1) + " %.");
    const double top = sorted.empty() ? 0.0 : std::accumulate(sorted.begin(), sorted.begin() + std::ptrdiff_t(
                                                  std::max<std::size_t>(1, sorted.size() / 10)), 0.0);
    const double all = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    if (all > 0)
        result.notes.push_back("The largest 10 % of the Fisher entries hold " + pct(top / all) +
                               " of the total: EWC pins down a few parameters and leaves the rest free.");
    progress.setFraction(1);
    return result;
}

// ------------------------------------------------------------------------------------------------- spiking-energy

std::vector<int> spikingCheckpoints(int maxSteps)
{
    std::vector<int> out;
    for (int base = 1; base < maxSteps; base *= 2)
        for (const int t : {base, base + base / 2})
            if (t < maxSteps && (out.empty() || t > out.back()))
                out.push_back(t);
    out.push_back(maxSteps);
    return out;
}

std::vector<ParamSpec> spikingEnergySpecs()
{
    std::vector<ParamSpec> specs = patternSpecs(0.5);
    const std::vector<ParamSpec> more = {
        integerSpec("hidden", "Hidden units per layer", 2, 256, 32, Scale::Log, "Width of each hidden ReLU layer.",
                    "Network"),
        integerSpec("hidden_layers", "Hidden layers", 1, 3, 1, Scale::Linear,
                    "Number of hidden layers (each becomes a layer of integrate-and-fire units).", "Network"),
        integerSpec("epochs", "Training epochs", 1, 500, 30, Scale::Log,
                    "SGD passes (minibatches of 16) through the training set; the network has no biases.",
                    "Network"),
        grouped({"learning_rate", "Learning rate η", "", 1e-4, 1, 0.05, Scale::Log, "SGD step size.", 4}, "Network"),
        integerSpec("max_steps", "Time steps T (longest)", 4, 1024, 128, Scale::Log,
                    "The spiking network runs this long per inference and is read at T = 1, 2, 3, 4, 6, 8, … on "
                    "the way.",
                    "Spiking network"),
        choiceIn(choiceSpec("coding", "Input coding", {"Bernoulli (random)", "regular (deterministic)"}, 0,
                            "How a feature x ∈ [0, 1] becomes spikes: a spike with probability x each step (as in "
                            "chapter 1), or an integrate-and-fire encoder giving exactly ⌊t·x⌋ spikes by step t."),
                 "Spiking network"),
        grouped({"percentile", "Normalisation percentile", "", 50, 100, 99.9, Scale::Linear,
                 "Each hidden layer's weights are divided by this percentile of its ReLU activations on the "
                 "training data (100 = the maximum).",
                 1},
                "Spiking network"),
        grouped({"mac_energy", "Energy of an fp32 multiply–add", "pJ", 0.1, 20, energyDefault("mac_energy"),
                 Scale::Log, "Cost of each connection of the dense pass (chapter 1: Horowitz 2014, 45 nm).", 2},
                "Energy"),
        grouped({"add_energy", "Energy of an fp32 add", "pJ", 0.01, 10, energyDefault("add_energy"), Scale::Log,
                 "Cost of each synaptic event of the spiking network (chapter 1).", 2},
                "Energy"),
        seedSpec("Seeds the task, the initial weights, the minibatch order and the Bernoulli spike trains."),
    };
    specs.insert(specs.end(), more.begin(), more.end());
    return specs;
}

std::vector<OutputInfo> spikingEnergyOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "snn_accuracy", "Spiking network's test accuracy against the time steps T", "%", "steps"},
        {K::Series, "ann_accuracy", "Dense network's test accuracy (independent of T)", "%", "steps"},
        {K::Series, "agreement", "Samples on which the SNN's class equals the ANN's, against T", "%", "steps"},
        {K::Series, "snn_energy", "Spiking network's energy per inference (counted adds) against T", "nJ", "steps"},
        {K::Series, "dense_energy", "Dense network's energy per inference (counted multiply–adds)", "nJ", "steps"},
        {K::Series, "input_rate", "Input layer's firing rate against T", "spikes/unit/step", "steps"},
        {K::Series, "hidden_rate", "Hidden layers' firing rate against T", "spikes/unit/step", "steps"},
        {K::Series, "rate_vs_activation",
         "First hidden layer: SNN firing rate at T_max against the normalised ANN activation (10 test samples)",
         "spikes/unit/step", ""},
        {K::Scalar, "ann_accuracy_pct", "Dense network's test accuracy", "%", ""},
        {K::Scalar, "snn_accuracy_pct", "Spiking network's test accuracy at T_max", "%", ""},
        {K::Scalar, "synapses", "Synapses S = Σ n_in·n_out", "", ""},
        {K::Scalar, "dense_multiply_adds", "Multiply–adds per dense inference (counted)", "", ""},
        {K::Scalar, "snn_adds", "Adds per spiking inference at T_max (counted, mean)", "", ""},
        {K::Scalar, "dense_energy_nj", "Dense energy per inference", "nJ", ""},
        {K::Scalar, "snn_energy_nj", "Spiking energy per inference at T_max", "nJ", ""},
        {K::Scalar, "break_even_steps", "Break-even T* = MACs·e_mac / (adds per step·e_add)", "steps", ""},
        {K::Scalar, "steps_to_match", "First T with SNN accuracy within 1 point of the ANN's (0 = none)", "steps",
         ""},
        {K::Scalar, "energy_ratio_at_match", "E_SNN / E_dense at that T (0 = none)", "", ""},
        {K::Scalar, "input_rate", "Input firing rate", "spikes/unit/step", ""},
        {K::Scalar, "hidden_rate", "Hidden firing rate at T_max", "spikes/unit/step", ""},
    };
}

ExperimentResult runSpikingEnergy(const ParamSet& p, Progress& progress)
{
    const PatternSetup patterns = patternSetupFrom(p);
    const int hidden = intOf(p, "hidden"), hiddenLayers = intOf(p, "hidden_layers"), maxSteps = intOf(p, "max_steps");
    const double mac = p["mac_energy"], add = p["add_energy"];
    const InputCoding coding = intOf(p, "coding") == 0 ? InputCoding::Bernoulli : InputCoding::Regular;
    const std::uint64_t seed = seedOf(p);
    TrainingSetup training;
    training.epochs = intOf(p, "epochs");
    training.learningRate = p["learning_rate"];

    progress.setStage("training the dense network");
    Random rng(seed);
    const PatternTask task = makePatternTask(patterns, rng);
    std::vector<int> sizes{patterns.features};
    for (int l = 0; l < hiddenLayers; ++l)
        sizes.push_back(hidden);
    sizes.push_back(patterns.classes);
    ReluMlp net(sizes, false, rng);
    trainNetwork(net, task.train, nullptr, training, rng, [&](int epoch) {
        progress.setFraction(0.3 * epoch / training.epochs);
        progress.throwIfCancelled();
    });
    const double annAccuracy = net.accuracy(task.test);
    const std::vector<int> annClass = argmaxColumns(net.logits(task.test.x));
    OperationCounts denseOps;
    denseCounted(net, task.test.x.col(0), denseOps);
    const double denseNj = double(denseOps.multiplyAdds) * mac / kPjPerNj;

    progress.setStage("running the spiking network");
    progress.throwIfCancelled();
    const ConvertedSnn snn = convertToSnn(net, task.train.x, p["percentile"]);
    const std::vector<int> checkpoints = spikingCheckpoints(maxSteps);
    // Samples one after another: progress per block of samples.
    SnnEvaluation eval;
    {
        const int blocks = std::min(10, task.test.samples());
        std::vector<std::vector<int>> blockColumns(static_cast<std::size_t>(blocks));
        for (int n = 0; n < task.test.samples(); ++n)
            blockColumns[std::size_t(n % blocks)].push_back(n);
        std::vector<SnnEvaluation> parts;
        for (int b = 0; b < blocks; ++b) {
            std::vector<int> reference;
            for (const int n : blockColumns[std::size_t(b)])
                reference.push_back(annClass[std::size_t(n)]);
            parts.push_back(evaluateSnn(snn, task.test.subset(blockColumns[std::size_t(b)]), checkpoints, coding,
                                        seed * 104729 + std::uint64_t(b), reference, b == 0 ? 10 : 0));
            progress.setFraction(0.3 + 0.7 * (b + 1) / blocks);
            progress.throwIfCancelled();
        }
        // Merge: checkpoint means weighted by the block sizes.
        eval = parts.front();
        const double total = task.test.samples();
        for (std::size_t k = 0; k < checkpoints.size(); ++k) {
            SnnCheckpoint& c = eval.checkpoints[k];
            c.accuracy = c.agreement = c.addsPerInference = 0;
            std::fill(c.rates.begin(), c.rates.end(), 0.0);
            for (std::size_t b = 0; b < parts.size(); ++b) {
                const double w = double(blockColumns[b].size()) / total;
                const SnnCheckpoint& part = parts[b].checkpoints[k];
                c.accuracy += w * part.accuracy;
                c.agreement += w * part.agreement;
                c.addsPerInference += w * part.addsPerInference;
                for (std::size_t l = 0; l < c.rates.size(); ++l)
                    c.rates[l] += w * part.rates[l];
            }
        }
    }

    const auto hiddenRate = [&](const SnnCheckpoint& c) {
        double spikes = 0, units = 0;
        for (std::size_t l = 1; l < c.rates.size(); ++l) {
            spikes += c.rates[l] * snn.sizes[l];
            units += snn.sizes[l];
        }
        return units > 0 ? spikes / units : 0.0;
    };
    ResultSeries snnAcc = emptySeries("snn_accuracy", "spiking", "time steps T", "steps", "test accuracy", "%");
    ResultSeries annAcc = emptySeries("ann_accuracy", "dense (ANN)", "time steps T", "steps", "test accuracy", "%");
    ResultSeries agreement = emptySeries("agreement", "same class as the ANN", "time steps T", "steps", "agreement", "%");
    ResultSeries snnEnergy = emptySeries("snn_energy", "spiking, counted adds", "time steps T", "steps", "energy", "nJ");
    ResultSeries denseEnergy = emptySeries("dense_energy", "dense, counted multiply–adds", "time steps T", "steps",
                                      "energy", "nJ");
    ResultSeries inputRate = emptySeries("input_rate", "input layer", "time steps T", "steps", "firing rate",
                                    "spikes/unit/step");
    ResultSeries hiddenRateSeries = emptySeries("hidden_rate", "hidden layers", "time steps T", "steps", "firing rate",
                                           "spikes/unit/step");
    int stepsToMatch = 0;
    double ratioAtMatch = 0;
    for (const SnnCheckpoint& c : eval.checkpoints) {
        for (ResultSeries* x : {&snnAcc, &annAcc, &agreement, &snnEnergy, &denseEnergy, &inputRate, &hiddenRateSeries})
            x->x.push_back(c.steps);
        snnAcc.y.push_back(100 * c.accuracy);
        annAcc.y.push_back(100 * annAccuracy);
        agreement.y.push_back(100 * c.agreement);
        const double nj = c.addsPerInference * add / kPjPerNj;
        snnEnergy.y.push_back(nj);
        denseEnergy.y.push_back(denseNj);
        inputRate.y.push_back(c.rates.front());
        hiddenRateSeries.y.push_back(hiddenRate(c));
        if (stepsToMatch == 0 && c.accuracy >= annAccuracy - 0.01) {
            stepsToMatch = c.steps;
            ratioAtMatch = nj / denseNj;
        }
    }
    ResultSeries scatter = emptySeries("rate_vs_activation", "hidden units × samples", "normalised ANN activation a/s",
                                  "", "SNN firing rate", "spikes/unit/step");
    {
        std::vector<std::size_t> order(eval.normalisedActivation.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return eval.normalisedActivation[a] < eval.normalisedActivation[b];
        });
        for (const std::size_t i : order) {
            scatter.x.push_back(eval.normalisedActivation[i]);
            scatter.y.push_back(eval.snnRate[i]);
        }
    }
    const SnnCheckpoint& last = eval.checkpoints.back();
    const double snnNj = last.addsPerInference * add / kPjPerNj;
    const double addsPerStep = last.addsPerInference / last.steps;
    const double breakEven = addsPerStep > 0 ? double(denseOps.multiplyAdds) * mac / (addsPerStep * add) : 0.0;
    const LayeredNetwork shape{sizes, {}};

    ExperimentResult result;
    result.series = {snnAcc, annAcc, agreement, snnEnergy, denseEnergy, inputRate, hiddenRateSeries, scatter};
    result.scalars = {
        {"ann_accuracy_pct", "ANN accuracy", "%", 100 * annAccuracy},
        {"snn_accuracy_pct", "SNN accuracy at T_max", "%", 100 * last.accuracy},
        {"synapses", "Synapses S", "", double(shape.synapseCount())},
        {"dense_multiply_adds", "Dense multiply–adds", "", double(denseOps.multiplyAdds)},
        {"snn_adds", "SNN adds at T_max", "", last.addsPerInference},
        {"dense_energy_nj", "Dense energy", "nJ", denseNj},
        {"snn_energy_nj", "SNN energy at T_max", "nJ", snnNj},
        {"break_even_steps", "Break-even T*", "steps", breakEven},
        {"steps_to_match", "T within 1 point of the ANN", "steps", double(stepsToMatch)},
        {"energy_ratio_at_match", "E_SNN / E_dense there", "", ratioAtMatch},
        {"input_rate", "Input rate", "spikes/unit/step", last.rates.front()},
        {"hidden_rate", "Hidden rate", "spikes/unit/step", hiddenRate(last)},
    };
    result.notes.push_back("The dense network classifies " + formatValue(100 * annAccuracy, 1) + " % with " +
                           std::to_string(denseOps.multiplyAdds) + " multiply–adds (" + formatValue(denseNj, 2) +
                           " nJ); the spiking copy reaches " + formatValue(100 * last.accuracy, 1) + " % after " +
                           std::to_string(last.steps) + " steps with " + formatValue(last.addsPerInference, 0) +
                           " adds (" + formatValue(snnNj, 2) + " nJ).");
    result.notes.push_back("Each step costs about " + formatValue(addsPerStep, 0) + " adds, so the spiking network is "
                           "cheaper only while T < T* = " + formatValue(breakEven, 1) + " steps.");
    if (stepsToMatch > 0)
        result.notes.push_back("It comes within 1 point of the dense accuracy at T = " + std::to_string(stepsToMatch) +
                               ", where it needs " + formatValue(ratioAtMatch, 2) + "× the dense energy" +
                               (ratioAtMatch < 1 ? " (less)." : " (more)."));
    else
        result.notes.push_back("It does not come within 1 point of the dense accuracy in " +
                               std::to_string(maxSteps) + " steps.");
    progress.setFraction(1);
    return result;
}

// --------------------------------------------------------------------------------------------------- event-driven

std::vector<ParamSpec> eventDrivenSpecs()
{
    const EventSweepSetup d;
    return {
        integerSpec("inputs", "Inputs n_in", 10, 5000, d.inputs, Scale::Log, "Inputs of the layer.", "Layer"),
        integerSpec("outputs", "Outputs n_out (fan-out)", 1, 2000, d.outputs, Scale::Log,
                    "Units of the layer: every input (event) reaches all of them.", "Layer"),
        choiceIn(choiceSpec("payload", "Events", {"binary spikes", "graded values"}, 0,
                            "A spike (x = 1) updates a target with an add; a graded event (a value) needs a "
                            "multiply–add."),
                 "Layer"),
        integerSpec("frames", "Frames per density", 1, 200, d.frames, Scale::Log,
                    "Input vectors run through both layers at each density.", "Layer"),
        integerSpec("points", "Densities", 4, 200, d.densitySteps, Scale::Log,
                    "The density runs from 0 to 100 % in this many steps.", "Layer"),
        grouped({"mac_energy", "Energy of an fp32 multiply–add", "pJ", 0.1, 20, d.costs.macPj, Scale::Log,
                 "Each connection of the clocked layer (chapter 1: Horowitz 2014, 45 nm).", 2},
                "Energy"),
        grouped({"add_energy", "Energy of an fp32 add", "pJ", 0.01, 10, d.costs.addPj, Scale::Log,
                 "Each update by a spike (chapter 1).", 2},
                "Energy"),
        grouped({"fetch_energy", "Weight fetch per event-driven update", "pJ", 0, 100, d.costs.fetchPj,
                 Scale::Linear,
                 "Extra memory access of an update that reads its weight out of order (5 pJ: a 32-bit read from an "
                 "8 KB SRAM, Horowitz 2014); the clocked layer streams its weights in order.",
                 2},
                "Energy"),
        grouped({"event_energy", "Overhead per event", "pJ", 0, 10000, d.costs.eventPj, Scale::Linear,
                 "Routing and decoding one event, paid once however many targets it has (an assumption to vary).",
                 1},
                "Energy"),
        seedSpec("Seeds the weights, the positions of the non-zero inputs and the graded values."),
    };
}

std::vector<OutputInfo> eventDrivenOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "dense_ops", "Clocked layer: multiply–adds per frame against the input density", "", "%"},
        {K::Series, "event_ops", "Event-driven layer: synaptic updates per frame against the input density", "", "%"},
        {K::Series, "dense_energy", "Clocked layer's energy per frame", "nJ", "%"},
        {K::Series, "event_energy", "Event-driven layer's energy per frame", "nJ", "%"},
        {K::Scalar, "crossover_density_pct", "Crossover density d* = e_mac/(e_op + e_fetch + e_event/n_out)", "%",
         ""},
        {K::Scalar, "measured_crossover_pct", "Where the counted energies cross (100 = not below 100 %)", "%", ""},
        {K::Scalar, "synapses", "Synapses n_in·n_out", "", ""},
        {K::Scalar, "event_cost_pj", "Energy of one event with its n_out updates", "pJ", ""},
        {K::Scalar, "max_abs_difference", "Largest |y_dense − y_event| over every output", "", ""},
        {K::Scalar, "mismatched_outputs", "Outputs whose bits differ between the two layers", "", ""},
    };
}

ExperimentResult runEventDriven(const ParamSet& p, Progress& progress)
{
    EventSweepSetup s;
    s.inputs = intOf(p, "inputs");
    s.outputs = intOf(p, "outputs");
    s.frames = intOf(p, "frames");
    s.densitySteps = intOf(p, "points");
    s.payload = intOf(p, "payload") == 0 ? EventPayload::Binary : EventPayload::Graded;
    s.costs.macPj = p["mac_energy"];
    s.costs.addPj = p["add_energy"];
    s.costs.fetchPj = p["fetch_energy"];
    s.costs.eventPj = p["event_energy"];
    s.seed = seedOf(p);
    const double work = double(s.inputs) * s.outputs * s.frames * (s.densitySteps + 1.0);
    if (work > 2e8)
        throw ParameterError("frames = " + std::to_string(s.frames) + " is too many for " +
                             std::to_string(s.inputs) + " × " + std::to_string(s.outputs) + " synapses at " +
                             std::to_string(s.densitySteps + 1) + " densities (more than 2·10⁸ multiply–adds)");
    progress.setStage("running both layers at every density");
    const EventSweep r = sweepEventDensity(s, [&](int k) {
        progress.setFraction(double(k + 1) / (s.densitySteps + 1));
        progress.throwIfCancelled();
    });
    ResultSeries denseOps = emptySeries("dense_ops", "clocked (dense)", "input density", "%", "operations per frame", "");
    ResultSeries eventOps = emptySeries("event_ops", "event-driven", "input density", "%", "operations per frame", "");
    ResultSeries denseEnergy = emptySeries("dense_energy", "clocked (dense)", "input density", "%", "energy per frame",
                                      "nJ");
    ResultSeries eventEnergy = emptySeries("event_energy", "event-driven", "input density", "%", "energy per frame", "nJ");
    for (std::size_t k = 0; k < r.density.size(); ++k) {
        for (ResultSeries* x : {&denseOps, &eventOps, &denseEnergy, &eventEnergy})
            x->x.push_back(100 * r.density[k]);
        denseOps.y.push_back(r.denseOps[k]);
        eventOps.y.push_back(r.eventOps[k]);
        denseEnergy.y.push_back(r.denseEnergyPj[k] / kPjPerNj);
        eventEnergy.y.push_back(r.eventEnergyPj[k] / kPjPerNj);
    }
    const double perEvent = eventEnergyPj(s.costs, s.payload, 1, s.outputs);
    ExperimentResult result;
    result.series = {denseOps, eventOps, denseEnergy, eventEnergy};
    result.scalars = {
        {"crossover_density_pct", "Crossover density d*", "%", 100 * r.crossover},
        {"measured_crossover_pct", "Measured crossover", "%", 100 * r.measuredCrossover},
        {"synapses", "Synapses", "", double(s.inputs) * s.outputs},
        {"event_cost_pj", "Cost of one event", "pJ", perEvent},
        {"max_abs_difference", "Largest output difference", "", r.maxAbsDifference},
        {"mismatched_outputs", "Mismatched outputs", "", double(r.mismatches)},
    };
    if (r.crossover < 1)
        result.notes.push_back("Event-driven computation is cheaper below " + formatValue(100 * r.crossover, 1) +
                               " % non-zero inputs (counted: " + formatValue(100 * r.measuredCrossover, 1) +
                               " %) and dearer above: each event costs " + formatValue(perEvent, 1) +
                               " pJ against " + formatValue(s.outputs * s.costs.macPj, 1) +
                               " pJ for the same input in the clocked layer.");
    else
        result.notes.push_back("Event-driven computation is cheaper at every density: even with all inputs "
                               "non-zero it spends " + formatValue(100 / r.crossover, 1) +
                               " % of the clocked layer's energy (d* = " + formatValue(100 * r.crossover, 1) +
                               " % > 100 %).");
    result.notes.push_back(r.mismatches == 0
                               ? "Both layers give bitwise identical outputs at every density: skipping zeros "
                                 "changes the cost, not the result."
                               : "The two layers' outputs differ in " + std::to_string(r.mismatches) +
                                     " entries (largest difference " + formatValue(r.maxAbsDifference, 3) + ").");
    progress.setFraction(1);
    return result;
}

}  // namespace neuroai::frontiers
