#include "engine/nn/AttentionExperiments.h"

#include "engine/core/Job.h"
#include "engine/nn/Sequence.h"
#include "engine/nn/ShapeImages.h"
#include "engine/nn/VisionTransformer.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace neuroai::nn {

namespace {

constexpr int kEvalEvery = 25;
constexpr int kTestImages = 400;
constexpr int kTestSequences = 200;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ResultSeries series(std::string name, std::string label, std::string xLabel, std::string xUnit, std::string yLabel)
{
    ResultSeries s;
    s.name = std::move(name);
    s.label = std::move(label);
    s.xLabel = std::move(xLabel);
    s.xUnit = std::move(xUnit);
    s.yLabel = std::move(yLabel);
    return s;
}

// The first x at which y reaches `level` (NaN if never).
double firstReaching(const ResultSeries& s, double level)
{
    for (std::size_t k = 0; k < s.y.size(); ++k)
        if (s.y[k] >= level)
            return s.x[k];
    return kNaN;
}

}  // namespace

std::vector<ParamSpec> vitTrainingSpecs()
{
    return {
        choiceSpec("patch_size", "Patch size", {"2 × 2 px", "4 × 4 px", "8 × 8 px"}, 1,
                   "Side of the square patches the 16 × 16 image is cut into: 64, 16 or 4 patch tokens (plus "
                   "[CLS])."),
        choiceSpec("heads", "Attention heads", {"1", "2", "4"}, 1, "Heads per attention layer (they split d)."),
        ParamSpec{"layers", "Layers", "", 1, 4, 2, Scale::Linear, "Transformer blocks.", 0}.asInteger(),
        choiceSpec("dim", "Token width d", {"16", "32", "64"}, 1, "Features per token; the MLP is twice as wide."),
        ParamSpec{"steps", "Training steps", "", 10, 5000, 200, Scale::Log, "Adam steps, one batch each.", 0}
            .asInteger(),
        ParamSpec{"batch", "Batch size", "images", 1, 256, 32, Scale::Log, "Images per step, freshly rendered.", 0}
            .asInteger(),
        {"learning_rate", "Learning rate", "", 1e-4, 0.1, 3e-3, Scale::Log, "Adam's step size.", 4},
        {"noise", "Pixel noise", "", 0, 1, 0.1, Scale::Linear, "Standard deviation of the images' Gaussian noise.",
         2},
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear,
                  "Seeds the weights and the training images (the 400 test images are fixed).", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> vitTrainingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "train_loss", "Training loss (mean cross-entropy of the step's batch)", "", ""},
        {K::Series, "test_accuracy", "Accuracy on 400 held-out images", "", ""},
        {K::Scalar, "final_accuracy", "Held-out accuracy after the last step", "", ""},
        {K::Scalar, "steps_to_90", "First evaluated step with held-out accuracy ≥ 90 %", "", ""},
        {K::Scalar, "parameters", "Trainable parameters", "", ""},
    };
}

ExperimentResult runVitTraining(const ParamSet& p, Progress& progress)
{
    VitConfig config;
    config.patchSize = std::array<int, 3>{2, 4, 8}[std::size_t(p["patch_size"])];
    config.heads = std::array<int, 3>{1, 2, 4}[std::size_t(p["heads"])];
    config.dim = std::array<int, 3>{16, 32, 64}[std::size_t(p["dim"])];
    config.mlpHidden = 2 * config.dim;
    config.layers = int(p["layers"]);
    ShapeImageSettings shapes;
    shapes.noise = p["noise"];
    const int steps = int(p["steps"]), batch = int(p["batch"]);
    const auto seed = std::uint64_t(p["seed"]);

    VisionTransformer vit(config, seed);
    OptimizerSettings settings;
    settings.learningRate = p["learning_rate"];
    TensorOptimizer optimizer(settings, vit.parameters());
    const ShapeImages test = renderShapes(shapes, kTestImages, 0x7E57);
    Random rng(seed ^ 0xDA7A);

    ResultSeries loss = series("train_loss", "Training loss", "step", "", "cross-entropy");
    ResultSeries accuracySteps = series("test_accuracy", "Held-out accuracy", "step", "", "accuracy");
    const auto evaluate = [&](int step) {
        accuracySteps.x.push_back(step);
        accuracySteps.y.push_back(accuracy(vit, test.images, test.labels));
    };
    progress.setStage("training");
    evaluate(0);
    std::vector<Eigen::MatrixXd> images(static_cast<std::size_t>(batch));
    std::vector<const Eigen::MatrixXd*> pointers;
    for (const Eigen::MatrixXd& image : images)
        pointers.push_back(&image);
    std::vector<int> labels(static_cast<std::size_t>(batch));
    for (int step = 1; step <= steps; ++step) {
        progress.throwIfCancelled();
        for (int b = 0; b < batch; ++b) {
            labels[std::size_t(b)] = int(rng.bits() % kShapeCount);
            images[std::size_t(b)] = renderShape(shapes, Shape(labels[std::size_t(b)]), rng);
        }
        const double l = trainBatch(vit, optimizer, pointers, labels);
        loss.x.push_back(step);
        loss.y.push_back(l);
        if (step % kEvalEvery == 0 || step == steps)
            evaluate(step);
        progress.setFraction(double(step) / steps);
    }

    ExperimentResult result;
    const double stepsTo90 = firstReaching(accuracySteps, 0.9);
    result.series = {loss, accuracySteps};
    result.scalars = {
        {"final_accuracy", "Held-out accuracy after the last step", "", accuracySteps.y.back()},
        {"steps_to_90", "First evaluated step with held-out accuracy ≥ 90 %", "", stepsTo90},
        {"parameters", "Trainable parameters", "", double(vit.parameterCount())},
    };
    result.notes.push_back(
        std::isfinite(stepsTo90)
            ? "Held-out accuracy reached 90 % after " + std::to_string(int(stepsTo90)) + " steps and ended at " +
                  std::to_string(int(std::lround(100 * accuracySteps.y.back()))) + " % (chance 25 %)."
            : "Held-out accuracy did not reach 90 % in " + std::to_string(steps) + " steps (it ended at " +
                  std::to_string(int(std::lround(100 * accuracySteps.y.back()))) + " %, chance 25 %).");
    return result;
}

std::vector<ParamSpec> sequenceComparisonSpecs()
{
    return {
        ParamSpec{"delay", "Delay (sequence length)", "steps", 1, 40, 20, Scale::Linear,
                  "How many symbols are shown before they must be copied: the distance each has to be carried.", 0}
            .asInteger(),
        ParamSpec{"symbols", "Alphabet", "symbols", 2, 32, 8, Scale::Linear, "Symbols to copy (chance = 1/symbols).",
                  0}
            .asInteger(),
        ParamSpec{"steps", "Training steps", "", 10, 5000, 150, Scale::Log, "Adam steps, one batch each.", 0}
            .asInteger(),
        ParamSpec{"batch", "Batch size", "sequences", 1, 128, 16, Scale::Log, "Sequences per step.", 0}.asInteger(),
        {"learning_rate", "Learning rate", "", 1e-4, 0.1, 3e-3, Scale::Log, "Adam's step size (both models).", 4},
        ParamSpec{"rnn_hidden", "RNN units", "", 8, 512, 128, Scale::Log, "Hidden units of the vanilla RNN.", 0}
            .asInteger(),
        choiceSpec("positions", "Positional encoding", {"none", "sinusoidal", "learned"}, 2,
                   "What tells the attention model where a token is: without positions it cannot tell which symbol "
                   "came first."),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear,
                  "Seeds both models' weights and the training sequences (the test sequences are fixed).", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> sequenceComparisonOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "loss_attention", "Training loss, attention", "", ""},
        {K::Series, "loss_rnn", "Training loss, vanilla RNN", "", ""},
        {K::Series, "accuracy_attention", "Copied symbols right (held out), attention", "", ""},
        {K::Series, "accuracy_rnn", "Copied symbols right (held out), vanilla RNN", "", ""},
        {K::Scalar, "final_accuracy_attention", "Held-out accuracy after the last step, attention", "", ""},
        {K::Scalar, "final_accuracy_rnn", "Held-out accuracy after the last step, vanilla RNN", "", ""},
        {K::Scalar, "steps_to_95_attention", "First evaluated step with held-out accuracy ≥ 95 %, attention", "", ""},
        {K::Scalar, "steps_to_95_rnn", "First evaluated step with held-out accuracy ≥ 95 %, vanilla RNN", "", ""},
        {K::Scalar, "chance", "Chance accuracy (1 / symbols)", "", ""},
    };
}

ExperimentResult runSequenceComparison(const ParamSet& p, Progress& progress)
{
    CopyTask task;
    task.length = int(p["delay"]);
    task.symbols = int(p["symbols"]);
    task.validate();
    const int steps = int(p["steps"]), batch = int(p["batch"]);
    const auto seed = std::uint64_t(p["seed"]);
    SequenceTransformerConfig config;
    config.vocabulary = task.vocabulary();
    config.maxLength = task.sequenceLength();
    config.positions = PositionalEncoding(int(p["positions"]));
    SequenceTransformer attention(config, seed);
    VanillaRnn rnn(task.vocabulary(), 32, int(p["rnn_hidden"]), seed);
    OptimizerSettings settings;
    settings.learningRate = p["learning_rate"];

    ExperimentResult result;
    const char* names[2] = {"attention", "rnn"};
    SequenceModel* models[2] = {&attention, &rnn};
    std::vector<ResultSeries> losses, accuracies;
    std::vector<ResultScalar> finals, reached;
    for (int m = 0; m < 2; ++m) {
        const std::string who = m == 0 ? "attention" : "vanilla RNN";
        progress.setStage("training the " + who);
        TensorOptimizer optimizer(settings, models[m]->parameters());
        Random rng(seed ^ 0x5E0);  // the same training sequences for both models
        ResultSeries loss = series(std::string("loss_") + names[m], "Training loss, " + who, "step", "", "cross-entropy");
        ResultSeries acc =
            series(std::string("accuracy_") + names[m], "Copied symbols right, " + who, "step", "", "accuracy");
        acc.x.push_back(0);
        acc.y.push_back(sequenceAccuracy(*models[m], task, kTestSequences, 0x7E57));
        for (int step = 1; step <= steps; ++step) {
            progress.throwIfCancelled();
            loss.x.push_back(step);
            loss.y.push_back(trainSequenceBatch(*models[m], optimizer, task, batch, rng, 1.0).loss);
            if (step % kEvalEvery == 0 || step == steps) {
                acc.x.push_back(step);
                acc.y.push_back(sequenceAccuracy(*models[m], task, kTestSequences, 0x7E57));
            }
            progress.setFraction((m * steps + step) / (2.0 * steps));
        }
        finals.push_back({"final_accuracy_" + std::string(names[m]),
                          "Held-out accuracy after the last step, " + who, "", acc.y.back()});
        reached.push_back({"steps_to_95_" + std::string(names[m]),
                           "First evaluated step with held-out accuracy ≥ 95 %, " + who, "", firstReaching(acc, 0.95)});
        losses.push_back(std::move(loss));
        accuracies.push_back(std::move(acc));
    }
    result.series = {losses[0], losses[1], accuracies[0], accuracies[1]};
    const auto percent = [](double v) {
        char text[16];
        std::snprintf(text, sizeof text, "%.1f %%", 100 * v);
        return std::string(text);
    };
    result.notes.push_back("After " + std::to_string(steps) + " steps attention copies " +
                           percent(accuracies[0].y.back()) + " of the symbols and the vanilla RNN " +
                           percent(accuracies[1].y.back()) + " (chance " + percent(1.0 / task.symbols) + ").");
    result.scalars = {finals[0], finals[1], reached[0], reached[1],
                      {"chance", "Chance accuracy (1 / symbols)", "", 1.0 / task.symbols}};
    return result;
}

}  // namespace neuroai::nn
