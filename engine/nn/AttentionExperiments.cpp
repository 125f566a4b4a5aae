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

VitConfig vitConfig(const ParamSet& p)
{
    VitConfig config;
    config.patchSize = std::array<int, 3>{2, 4, 8}[std::size_t(p["patch_size"])];
    config.heads = std::array<int, 3>{1, 2, 4}[std::size_t(p["heads"])];
    config.dim = std::array<int, 3>{16, 32, 64}[std::size_t(p["dim"])];
    config.mlpHidden = 2 * config.dim;
    config.layers = int(p["layers"]);
    return config;
}

ShapeImageSettings vitShapeSettings(const ParamSet& p)
{
    ShapeImageSettings shapes;
    shapes.noise = p["noise"];
    return shapes;
}

ShapeImages vitTestImages(const ParamSet& p) { return renderShapes(vitShapeSettings(p), kTestImages, 0x7E57); }

VitTrainingRun trainVit(const ParamSet& p, Progress& progress, bool publish)
{
    const ShapeImageSettings shapes = vitShapeSettings(p);
    const int steps = int(p["steps"]), batch = int(p["batch"]);
    const auto seed = std::uint64_t(p["seed"]);

    VitTrainingRun run;
    run.model = std::make_shared<VisionTransformer>(vitConfig(p), seed);
    VisionTransformer& vit = *run.model;
    OptimizerSettings settings;
    settings.learningRate = p["learning_rate"];
    TensorOptimizer optimizer(settings, vit.parameters());
    const ShapeImages test = vitTestImages(p);
    Random rng(seed ^ 0xDA7A);

    run.loss = series("train_loss", "Training loss", "step", "", "cross-entropy");
    run.accuracy = series("test_accuracy", "Held-out accuracy", "step", "", "accuracy");
    const auto evaluate = [&](int step) {
        run.accuracy.x.push_back(step);
        run.accuracy.y.push_back(accuracy(vit, test.images, test.labels, &progress));
    };
    const auto share = [&](int step) {
        auto live = std::make_shared<VitTrainingLive>();
        live->loss = run.loss;
        live->accuracy = run.accuracy;
        live->step = step;
        live->steps = steps;
        progress.publish(std::move(live));
    };
    progress.setStage("training");
    evaluate(0);
    if (publish)
        share(0);
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
        run.loss.x.push_back(step);
        run.loss.y.push_back(l);
        if (step % kEvalEvery == 0 || step == steps)
            evaluate(step);
        // A picture every 5 steps: the curves grow smoothly at the GUI's 30 Hz without copying them every step.
        if (publish && (step % 5 == 0 || step == steps))
            share(step);
        progress.setFraction(double(step) / steps);
    }
    run.stepsTo90 = firstReaching(run.accuracy, 0.9);
    return run;
}

ExperimentResult runVitTraining(const ParamSet& p, Progress& progress)
{
    VitTrainingRun run = trainVit(p, progress);
    ExperimentResult result;
    result.series = {run.loss, run.accuracy};
    const double final = run.accuracy.y.back();
    result.scalars = {
        {"final_accuracy", "Held-out accuracy after the last step", "", final},
        {"steps_to_90", "First evaluated step with held-out accuracy ≥ 90 %", "", run.stepsTo90},
        {"parameters", "Trainable parameters", "", double(run.model->parameterCount())},
    };
    result.notes.push_back(
        std::isfinite(run.stepsTo90)
            ? "Held-out accuracy reached 90 % after " + std::to_string(int(run.stepsTo90)) + " steps and ended at " +
                  std::to_string(int(std::lround(100 * final))) + " % (chance 25 %)."
            : "Held-out accuracy did not reach 90 % in " + std::to_string(int(p["steps"])) + " steps (it ended at " +
                  std::to_string(int(std::lround(100 * final))) + " %, chance 25 %).");
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

CopyExample copyExample(const CopyTask& task)
{
    CopyExample example;
    Random rng(0xE8A3);
    task.sample(rng, example.inputs, example.targets);
    return example;
}

namespace {

std::vector<int> argmaxColumns(const Matrix& logits)
{
    std::vector<int> out;
    for (Eigen::Index t = 0; t < logits.cols(); ++t) {
        Eigen::Index best = 0;
        logits.col(t).maxCoeff(&best);
        out.push_back(int(best));
    }
    return out;
}

}  // namespace

SequenceComparisonRun trainSequenceModels(const ParamSet& p, Progress& progress, bool publish)
{
    SequenceComparisonRun run;
    CopyTask& task = run.task;
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

    const char* names[2] = {"attention", "rnn"};
    const char* who[2] = {"attention", "vanilla RNN"};
    SequenceModel* models[2] = {&attention, &rnn};
    TensorOptimizer attentionOptimizer(settings, attention.parameters());
    TensorOptimizer rnnOptimizer(settings, rnn.parameters());
    TensorOptimizer* optimizers[2] = {&attentionOptimizer, &rnnOptimizer};
    // Each model draws its training sequences from its own generator with the same seed: both see the same
    // sequences, and taking turns step by step gives the same numbers as training one after the other.
    Random rngs[2] = {Random(seed ^ 0x5E0), Random(seed ^ 0x5E0)};
    run.attentionParameters = int(parameterCount(attention.parameters()));
    run.rnnParameters = int(parameterCount(rnn.parameters()));
    for (int m = 0; m < 2; ++m) {
        run.loss[m] = series(std::string("loss_") + names[m], std::string("Training loss, ") + who[m], "step", "",
                             "cross-entropy");
        run.accuracy[m] = series(std::string("accuracy_") + names[m], std::string("Copied symbols right, ") + who[m],
                                 "step", "", "accuracy");
    }
    const auto evaluate = [&](int step) {
        for (int m = 0; m < 2; ++m) {
            run.accuracy[m].x.push_back(step);
            run.accuracy[m].y.push_back(sequenceAccuracy(*models[m], task, kTestSequences, 0x7E57, &progress));
        }
    };
    const auto share = [&](int step) {
        auto live = std::make_shared<SequenceComparisonLive>();
        for (int m = 0; m < 2; ++m) {
            live->loss[m] = run.loss[m];
            live->accuracy[m] = run.accuracy[m];
        }
        live->step = step;
        live->steps = steps;
        progress.publish(std::move(live));
    };
    progress.setStage("training attention and the RNN in turns");
    evaluate(0);
    if (publish)
        share(0);
    for (int step = 1; step <= steps; ++step) {
        for (int m = 0; m < 2; ++m) {
            progress.throwIfCancelled();
            run.loss[m].x.push_back(step);
            run.loss[m].y.push_back(trainSequenceBatch(*models[m], *optimizers[m], task, batch, rngs[m], 1.0).loss);
        }
        if (step % kEvalEvery == 0 || step == steps)
            evaluate(step);
        if (publish && (step % 5 == 0 || step == steps))
            share(step);
        progress.setFraction(double(step) / steps);
    }
    for (int m = 0; m < 2; ++m)
        run.stepsTo95[m] = firstReaching(run.accuracy[m], 0.95);
    run.example = copyExample(task);
    for (int m = 0; m < 2; ++m)
        run.example.predicted[m] = argmaxColumns(models[m]->forward(run.example.inputs));
    return run;
}

ExperimentResult runSequenceComparison(const ParamSet& p, Progress& progress)
{
    const SequenceComparisonRun run = trainSequenceModels(p, progress);
    const char* names[2] = {"attention", "rnn"};
    const char* who[2] = {"attention", "vanilla RNN"};
    ExperimentResult result;
    result.series = {run.loss[0], run.loss[1], run.accuracy[0], run.accuracy[1]};
    const auto percent = [](double v) {
        char text[16];
        std::snprintf(text, sizeof text, "%.1f %%", 100 * v);
        return std::string(text);
    };
    result.notes.push_back("After " + std::to_string(int(p["steps"])) + " steps attention copies " +
                           percent(run.accuracy[0].y.back()) + " of the symbols and the vanilla RNN " +
                           percent(run.accuracy[1].y.back()) + " (chance " + percent(1.0 / run.task.symbols) + ").");
    for (int m = 0; m < 2; ++m)
        result.scalars.push_back({"final_accuracy_" + std::string(names[m]),
                                  "Held-out accuracy after the last step, " + std::string(who[m]), "",
                                  run.accuracy[m].y.back()});
    for (int m = 0; m < 2; ++m)
        result.scalars.push_back({"steps_to_95_" + std::string(names[m]),
                                  "First evaluated step with held-out accuracy ≥ 95 %, " + std::string(who[m]), "",
                                  run.stepsTo95[m]});
    result.scalars.push_back({"chance", "Chance accuracy (1 / symbols)", "", 1.0 / run.task.symbols});
    return result;
}

}  // namespace neuroai::nn
