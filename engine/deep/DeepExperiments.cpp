#include "engine/deep/DeepExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/Require.h"
#include "engine/core/SpecSupport.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <string>
#include <thread>

namespace neuroai::deep {

namespace {

ParamSpec optimizerSpec(int defaultIndex)
{
    return choiceSpec("optimizer", "Optimiser", {"SGD", "momentum", "Adam"}, defaultIndex,
                      "SGD: θ ← θ − η·g. Momentum: v ← μ·v + g, θ ← θ − η·v. Adam: bias-corrected moving averages "
                      "of g and g² (β1 = 0.9, β2 = 0.999); its first step is η·sign(g).");
}

nn::OptimizerSettings optimizerFrom(int choice, double rate, double momentum)
{
    nn::OptimizerSettings s;
    s.kind = choice == 0 ? nn::OptimizerSettings::Kind::Sgd
                         : (choice == 1 ? nn::OptimizerSettings::Kind::Momentum : nn::OptimizerSettings::Kind::Adam);
    s.learningRate = rate;
    if (s.kind == nn::OptimizerSettings::Kind::Momentum)
        s.beta1 = momentum;  // the momentum coefficient μ (Adam keeps its β1 = 0.9)
    return s;
}

std::string degrees(double v) { return formatValue(v, 1) + "°"; }

}  // namespace

// ------------------------------------------------------------------------------------------------ mlp-training

std::vector<ParamSpec> mlpTrainingSpecs()
{
    ParamSpec data = choiceSpec("dataset", "Data set", {"spirals", "moons", "circles", "xor"}, 0,
                                "Two classes in the plane: interleaved spirals, interlocking moons, a ring around "
                                "a disc, or four blobs whose class is the sign of x·y.");
    data.group = "Data";
    ParamSpec activation = choiceSpec("activation", "Activation", {"tanh", "ReLU"}, 0,
                                      "Nonlinearity of the hidden units.");
    activation.group = "Network";
    ParamSpec optimizer = optimizerSpec(2);
    optimizer.group = "Training";
    ParamSpec momentum{"momentum", "Momentum μ", "", 0, 0.99, 0.9, Scale::Linear,
                       "Momentum optimiser only: how much of the previous step carries over.", 2};
    momentum.group = "Training";
    momentum.shownWhenKey = "optimizer";
    momentum.shownWhenValues = {1};
    ParamSpec rule = choiceSpec("rule", "Learning rule", {"backpropagation", "feedback alignment"}, 0,
                                "Backpropagation sends the output error back through the transposed weights Wᵀ; "
                                "feedback alignment through fixed random matrices B (Lillicrap et al. 2016).");
    rule.group = "Training";
    return {
        data,
        ParamSpec{"points", "Training points", "", 50, 2000, 400, Scale::Log,
                  "Points in the training set (the test set has as many, drawn separately).", 0, {}, {}, {}, "Data"}
            .asInteger(),
        grouped({"noise", "Noise", "", 0, 0.5, 0.08, Scale::Linear, "SD of the Gaussian jitter of every point.", 2},
                "Data"),
        ParamSpec{"width", "Width", "units", 1, 128, 16, Scale::Log, "Units in each hidden layer.", 0, {}, {}, {},
                  "Network"}
            .asInteger(),
        ParamSpec{"depth", "Depth", "layers", 1, 6, 2, Scale::Linear, "Hidden layers.", 0, {}, {}, {}, "Network"}
            .asInteger(),
        activation,
        optimizer,
        grouped({"learning_rate", "Learning rate η", "", 1e-4, 10, 0.01, Scale::Log,
                 "Step size. Adam works near 0.01; plain SGD needs about 0.1–1.", 4},
                "Training"),
        momentum,
        ParamSpec{"batch", "Batch size", "", 1, 512, 32, Scale::Log,
                  "Points per gradient step (capped at the training points).", 0, {}, {}, {}, "Training"}
            .asInteger(),
        ParamSpec{"steps", "Steps", "", 10, 20000, 3000, Scale::Log, "Gradient steps to train for.", 0, {}, {}, {},
                  "Training"}
            .asInteger(),
        rule,
        ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear,
                  "Seeds the data, the initial weights, the feedback matrices and the batches.", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> mlpTrainingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "training_loss", "Cross-entropy on the training set against the step", "nats", "step"},
        {K::Series, "test_loss", "Cross-entropy on the test set against the step", "nats", "step"},
        {K::Series, "training_accuracy", "Accuracy on the training set against the step", "%", "step"},
        {K::Series, "test_accuracy", "Accuracy on the test set against the step", "%", "step"},
        {K::Series, "signal_angle", "Angle between the feedback-alignment and backpropagation signals to the last "
                                    "hidden layer, against the step", "°", "step"},
        {K::Series, "weight_angle", "Angle between the output weights W and the feedback matrix B", "°", "step"},
        {K::Series, "class0_points", "Training points of class 0", "", ""},
        {K::Series, "class1_points", "Training points of class 1", "", ""},
        {K::Scalar, "training_loss", "Final training cross-entropy", "nats", ""},
        {K::Scalar, "test_accuracy_pct", "Final test accuracy", "%", ""},
        {K::Scalar, "training_accuracy_pct", "Final training accuracy", "%", ""},
        {K::Scalar, "signal_angle_deg", "Final angle between the two backward signals", "°", ""},
        {K::Scalar, "parameters", "Trainable parameters", "", ""},
        {K::Scalar, "diverged", "1 if training stopped because the weights left the finite range", "", ""},
    };
}

TrainingSetup trainingSetupFrom(const ParamSet& p)
{
    TrainingSetup s;
    s.dataset = Dataset2d(intOf(p, "dataset"));
    s.points = intOf(p, "points");
    s.noise = p["noise"];
    s.shape.width = intOf(p, "width");
    s.shape.depth = intOf(p, "depth");
    s.shape.activation = Activation(intOf(p, "activation"));
    s.optimizer = optimizerFrom(intOf(p, "optimizer"), p["learning_rate"], p["momentum"]);
    s.batch = std::min(intOf(p, "batch"), s.points);
    s.rule = LearningRule(intOf(p, "rule"));
    s.seed = seedOf(p);
    s.evaluateEvery = std::max(1, intOf(p, "steps") / 100);
    return s;
}

namespace {

std::shared_ptr<MlpTrainingSnapshot> snapshotOf(const Trainer& trainer, long steps, int mapCells,
                                                std::shared_ptr<const Points2d> training)
{
    auto snapshot = std::make_shared<MlpTrainingSnapshot>();
    snapshot->step = trainer.steps();
    snapshot->steps = steps;
    snapshot->diverged = trainer.diverged();
    snapshot->curves = trainer.curves();
    snapshot->mapCells = mapCells;
    snapshot->training = std::move(training);
    if (!trainer.diverged())
        snapshot->probability = trainer.decisionGrid(mapCells, MlpTrainingSnapshot::kMapExtent);
    return snapshot;
}

}  // namespace

MlpTrainingRun trainMlp(const ParamSet& p, Progress& progress, bool publish, int mapCells, int pauseMs)
{
    require(mapCells >= 2 && mapCells <= 400, "mlp-training", "map cells", mapCells, "must lie in [2, 400]");
    require(pauseMs >= 0 && pauseMs <= 1000, "mlp-training", "pause", pauseMs, "must lie in [0, 1000] ms");
    const auto pause = [&] {
        for (int waited = 0; waited < pauseMs; waited += 10) {
            progress.throwIfCancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(10, pauseMs - waited)));
        }
    };
    const TrainingSetup setup = trainingSetupFrom(p);
    const int steps = intOf(p, "steps");
    Trainer trainer(setup);
    const auto training = std::make_shared<const Points2d>(trainer.training());
    progress.setStage("training");
    if (publish)
        progress.publish(snapshotOf(trainer, steps, mapCells, training));
    for (int i = 0; i < steps; ++i) {
        if (i % 50 == 0) {
            progress.throwIfCancelled();
            progress.setFraction(double(i) / steps);
        }
        if (!trainer.step())
            break;
        if (publish && trainer.steps() % setup.evaluateEvery == 0) {
            progress.publish(snapshotOf(trainer, steps, mapCells, training));
            pause();
        }
    }
    if (!trainer.diverged() && trainer.steps() % setup.evaluateEvery != 0)
        trainer.evaluate();
    const TrainingCurves& c = trainer.curves();
    ExperimentResult r;
    ResultSeries trainLoss = emptySeries("training_loss", "training", "step", "step", "cross-entropy", "nats");
    ResultSeries testLoss = emptySeries("test_loss", "test", "step", "step", "cross-entropy", "nats");
    ResultSeries trainAcc = emptySeries("training_accuracy", "training", "step", "step", "accuracy", "%");
    ResultSeries testAcc = emptySeries("test_accuracy", "test", "step", "step", "accuracy", "%");
    ResultSeries signal = emptySeries("signal_angle", "Bᵀe vs Wᵀe", "step", "step", "angle", "°");
    ResultSeries weight = emptySeries("weight_angle", "W vs B", "step", "step", "angle", "°");
    for (std::size_t i = 0; i < c.step.size(); ++i) {
        for (ResultSeries* s : {&trainLoss, &testLoss, &trainAcc, &testAcc, &signal, &weight})
            s->x.push_back(c.step[i]);
        trainLoss.y.push_back(c.trainingLoss[i]);
        testLoss.y.push_back(c.testLoss[i]);
        trainAcc.y.push_back(100 * c.trainingAccuracy[i]);
        testAcc.y.push_back(100 * c.testAccuracy[i]);
        signal.y.push_back(c.signalAngleDeg[i]);
        weight.y.push_back(c.weightAngleDeg[i]);
    }
    ResultSeries class0 = emptySeries("class0_points", "class 0", "x", "", "y", "");
    ResultSeries class1 = emptySeries("class1_points", "class 1", "x", "", "y", "");
    const Points2d& d = trainer.training();
    for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
        ResultSeries& s = d.labels[std::size_t(j)] == 0 ? class0 : class1;
        s.x.push_back(d.x(0, j));
        s.y.push_back(d.x(1, j));
    }
    r.series = {trainLoss, testLoss, trainAcc, testAcc, signal, weight, class0, class1};
    const bool diverged = trainer.diverged();
    const auto last = [](const std::vector<double>& v) { return v.empty() ? 0.0 : v.back(); };
    r.scalars = {
        {"training_loss", "Training loss", "nats", orZero(last(c.trainingLoss))},
        {"test_accuracy_pct", "Test accuracy", "%", 100 * last(c.testAccuracy)},
        {"training_accuracy_pct", "Training accuracy", "%", 100 * last(c.trainingAccuracy)},
        {"signal_angle_deg", "Signal angle", "°", orZero(last(c.signalAngleDeg))},
        {"parameters", "Parameters", "", double(trainer.net().parameterCount())},
        {"diverged", "Diverged", "", diverged ? 1.0 : 0.0},
    };
    if (diverged) {
        r.notes.push_back("Training diverged at step " + std::to_string(trainer.steps()) +
                          ": the weights grew beyond 10¹² (lower the learning rate).");
    } else {
        r.notes.push_back("After " + std::to_string(trainer.steps()) + " steps: training loss " +
                          formatValue(last(c.trainingLoss), 3) + " nats, test accuracy " +
                          formatValue(100 * last(c.testAccuracy), 1) + " %.");
        r.notes.push_back(
            std::string(setup.rule == LearningRule::FeedbackAlignment
                            ? "Feedback alignment: the angle between Bᵀe and Wᵀe went from "
                            : "Backpropagation (B unused, a control): the angle between Bᵀe and Wᵀe went from ") +
            degrees(c.signalAngleDeg.front()) + " to " + degrees(last(c.signalAngleDeg)) + ".");
    }
    progress.setFraction(1);
    MlpTrainingRun run;
    run.result = std::move(r);
    run.training = trainer.training();
    run.test = trainer.test();
    run.final = snapshotOf(trainer, steps, mapCells, training);
    return run;
}

ExperimentResult runMlpTraining(const ParamSet& p, Progress& progress)
{
    return trainMlp(p, progress, false, 2).result;
}

// --------------------------------------------------------------------------------------------- optimizer-paths

double Quadratic2d::value(double x, double y) const
{
    const double a = angleDeg * std::numbers::pi / 180, c = std::cos(a), s = std::sin(a);
    const double u = c * x + s * y, v = -s * x + c * y;
    return 0.5 * (curvature * u * u + curvature / condition * v * v);
}

void Quadratic2d::gradient(double x, double y, double& gx, double& gy) const
{
    const double a = angleDeg * std::numbers::pi / 180, c = std::cos(a), s = std::sin(a);
    const double u = c * x + s * y, v = -s * x + c * y;
    const double gu = curvature * u, gv = curvature / condition * v;
    gx = c * gu - s * gv;
    gy = s * gu + c * gv;
}

std::vector<ParamSpec> optimizerPathsSpecs()
{
    return {
        grouped({"curvature", "Largest curvature L", "", 0.1, 10, 1, Scale::Log,
                 "Curvature along the steep axis: plain gradient descent is stable only for η < 2/L.", 2},
                "Loss surface"),
        grouped({"condition", "Condition number κ", "", 1, 1000, 20, Scale::Log,
                 "Ratio of the steep to the shallow curvature: a long narrow valley when large.", 0},
                "Loss surface"),
        grouped({"angle_deg", "Valley angle", "°", 0, 90, 30, Scale::Linear,
                 "Rotation of the valley's long axis from the x axis.", 0},
                "Loss surface"),
        grouped({"learning_rate", "Learning rate η", "", 1e-3, 5, 0.3, Scale::Log,
                 "The same step size for the three optimisers.", 3},
                "Optimisers"),
        grouped({"momentum", "Momentum μ", "", 0, 0.99, 0.8, Scale::Linear,
                 "Of the momentum optimiser (heavy ball: stable for η < 2(1 + μ)/L).", 2},
                "Optimisers"),
        ParamSpec{"steps", "Steps", "", 5, 2000, 100, Scale::Log, "Steps each optimiser takes.", 0, {}, {}, {},
                  "Optimisers"}
            .asInteger(),
        grouped({"start_x", "Start x", "", -3, 3, -2, Scale::Linear, "Where every optimiser starts.", 2}, "Start"),
        grouped({"start_y", "Start y", "", -3, 3, 1.5, Scale::Linear, "Where every optimiser starts.", 2}, "Start"),
    };
}

std::vector<OutputInfo> optimizerPathsOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "path_sgd", "SGD's path", "", ""},
        {K::Series, "path_momentum", "Momentum's path", "", ""},
        {K::Series, "path_adam", "Adam's path", "", ""},
        {K::Series, "loss_sgd", "SGD's loss against the step", "", "step"},
        {K::Series, "loss_momentum", "Momentum's loss against the step", "", "step"},
        {K::Series, "loss_adam", "Adam's loss against the step", "", "step"},
        {K::Series, "sgd_loss_vs_rate", "SGD's loss after the steps against η (L·η from 0.1 to 3)", "", ""},
        {K::Scalar, "stability_limit", "2/L: plain gradient descent converges only below it", "", ""},
        {K::Scalar, "rate_times_curvature", "η·L (stable below 2)", "", ""},
        {K::Scalar, "final_loss_sgd", "SGD's final loss", "", ""},
        {K::Scalar, "final_loss_momentum", "Momentum's final loss", "", ""},
        {K::Scalar, "final_loss_adam", "Adam's final loss", "", ""},
    };
}

ExperimentResult runOptimizerPaths(const ParamSet& p, Progress& progress)
{
    Quadratic2d q;
    q.curvature = p["curvature"];
    q.condition = p["condition"];
    q.angleDeg = p["angle_deg"];
    const double rate = p["learning_rate"], mu = p["momentum"];
    const int steps = intOf(p, "steps");
    const double startX = p["start_x"], startY = p["start_y"];
    // Losses above this count as diverged: the path stops there (the plot would otherwise span 10^100).
    const double ceiling = 1e6 * std::max(1.0, q.value(startX, startY));

    ExperimentResult r;
    const char* names[] = {"sgd", "momentum", "adam"};
    const char* labels[] = {"SGD", "momentum", "Adam"};
    std::vector<ResultSeries> paths, losses;
    std::vector<double> finals;
    progress.setStage("optimising");
    for (int k = 0; k < 3; ++k) {
        progress.throwIfCancelled();
        nn::Optimizer optimizer(optimizerFrom(k, rate, mu), 2);
        Eigen::Vector2d theta(startX, startY), g;
        ResultSeries path = emptySeries(("path_" + std::string(names[k])).c_str(), labels[k], "x", "", "y", "");
        ResultSeries loss =
            emptySeries(("loss_" + std::string(names[k])).c_str(), labels[k], "step", "step", "loss", "");
        path.x.push_back(theta.x());
        path.y.push_back(theta.y());
        loss.x.push_back(0);
        loss.y.push_back(q.value(theta.x(), theta.y()));
        for (int t = 1; t <= steps; ++t) {
            q.gradient(theta.x(), theta.y(), g.x(), g.y());
            optimizer.apply(theta, g);
            const double f = q.value(theta.x(), theta.y());
            if (!std::isfinite(f) || f > ceiling)
                break;
            path.x.push_back(theta.x());
            path.y.push_back(theta.y());
            loss.x.push_back(t);
            loss.y.push_back(f);
        }
        finals.push_back(loss.y.back());
        paths.push_back(std::move(path));
        losses.push_back(std::move(loss));
        progress.setFraction((k + 1) / 4.0);
    }
    ResultSeries sweep = emptySeries("sgd_loss_vs_rate", "SGD after the steps", "learning rate η", "", "loss", "");
    for (int i = 0; i <= 58; ++i) {
        if (i % 10 == 0)
            progress.throwIfCancelled();
        const double eta = (0.1 + 0.05 * i) / q.curvature;
        nn::Optimizer sgd(optimizerFrom(0, std::min(eta, 10.0), mu), 2);
        Eigen::Vector2d theta(startX, startY), g;
        double f = q.value(startX, startY);
        for (int t = 0; t < steps && f <= ceiling; ++t) {
            q.gradient(theta.x(), theta.y(), g.x(), g.y());
            sgd.apply(theta, g);
            f = q.value(theta.x(), theta.y());
        }
        sweep.x.push_back(eta);
        sweep.y.push_back(std::min(f, ceiling));
    }
    r.series = {paths[0], paths[1], paths[2], losses[0], losses[1], losses[2], sweep};
    r.scalars = {
        {"stability_limit", "2/L", "", 2 / q.curvature},
        {"rate_times_curvature", "η·L", "", rate * q.curvature},
        {"final_loss_sgd", "SGD's final loss", "", finals[0]},
        {"final_loss_momentum", "Momentum's final loss", "", finals[1]},
        {"final_loss_adam", "Adam's final loss", "", finals[2]},
    };
    const double etaL = rate * q.curvature;
    r.notes.push_back("η·L = " + formatValue(etaL, 3) + (etaL < 2 ? " < 2: plain gradient descent converges"
                                                                     : " ≥ 2: plain gradient descent diverges") +
                      " (each step multiplies the steep coordinate by 1 − η·L = " + signedFixed(1 - etaL, 3) + ").");
    r.notes.push_back("Final losses: SGD " + formatValue(finals[0], 4) + ", momentum " + formatValue(finals[1], 4) +
                      ", Adam " + formatValue(finals[2], 4) + ".");
    progress.setFraction(1);
    return r;
}

}  // namespace neuroai::deep
