#include "engine/frontiers/ContinualLearning.h"

#include "engine/core/Require.h"
#include "engine/nn/Layers.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace neuroai::frontiers {

namespace {

// Adds Σ_n w_n·(per-sample gradient)² to `fisher` for pre-activation gradients `d` (one column per sample) and
// column weights `w`.
void addSquaredGradients(const ReluMlp& net, const ForwardPass& pass, const std::vector<Eigen::MatrixXd>& d,
                         const Eigen::RowVectorXd& w, Eigen::VectorXd& fisher)
{
    const std::vector<int>& sizes = net.sizes();
    for (int l = 0; l < net.layers(); ++l) {
        const int nIn = sizes[std::size_t(l)], nOut = sizes[std::size_t(l) + 1];
        const Eigen::MatrixXd d2 = d[std::size_t(l)].cwiseAbs2().array().rowwise() * w.array();
        Eigen::Map<Eigen::MatrixXd>(fisher.data() + net.weightOffset(l), nOut, nIn).noalias() +=
            d2 * pass.a[std::size_t(l)].cwiseAbs2().transpose();
        if (net.hasBias())
            fisher.segment(net.biasOffset(l), nOut) += d2.rowwise().sum();
    }
}

}  // namespace

Eigen::VectorXd diagonalFisher(const ReluMlp& net, const Dataset& data, FisherKind kind)
{
    require(data.samples() >= 1, "diagonalFisher", "samples", data.samples(), "must be ≥ 1");
    require(data.classes == net.sizes().back(), "diagonalFisher", "classes", data.classes,
            "differ from the output layer");
    const ForwardPass pass = net.forward(data.x);
    const Eigen::MatrixXd p = nn::softmaxColumns(pass.logits());
    const Eigen::Index n = data.x.cols();
    Eigen::VectorXd fisher = Eigen::VectorXd::Zero(net.parameterCount());
    // ∂(−log p_k)/∂logits = p − e_k; the sign does not matter once squared.
    const auto classGradient = [&](const std::vector<int>& labels) {
        Eigen::MatrixXd g = p;
        for (Eigen::Index c = 0; c < n; ++c)
            g(labels[std::size_t(c)], c) -= 1.0;
        return g;
    };
    if (kind == FisherKind::Empirical) {
        for (const int y : data.labels)
            require(y >= 0 && y < data.classes, "diagonalFisher", "label", y, "is not a class");
        addSquaredGradients(net, pass, net.deltas(pass, classGradient(data.labels)), Eigen::RowVectorXd::Ones(n),
                            fisher);
    } else {
        for (int k = 0; k < data.classes; ++k) {
            const std::vector<int> labels(static_cast<std::size_t>(n), k);
            addSquaredGradients(net, pass, net.deltas(pass, classGradient(labels)), p.row(k), fisher);
        }
    }
    return fisher / double(n);
}

Eigen::VectorXd logLikelihoodGradient(const ReluMlp& net, const Eigen::VectorXd& x, int label)
{
    require(label >= 0 && label < net.sizes().back(), "logLikelihoodGradient", "label", label, "is not a class");
    const ForwardPass pass = net.forward(x);
    Eigen::MatrixXd d = -nn::softmaxColumns(pass.logits());
    d(label, 0) += 1.0;  // ∂ log p_y/∂logits = e_y − p
    return net.gradient(pass, d);
}

void EwcPenalty::validate(Eigen::Index parameterCount) const
{
    require(std::isfinite(lambda) && lambda >= 0, "EwcPenalty", "lambda", lambda, "must be finite and ≥ 0");
    require(anchor.size() == parameterCount, "EwcPenalty", "anchor size", double(anchor.size()),
            "must equal the parameter count");
    require(fisher.size() == parameterCount, "EwcPenalty", "fisher size", double(fisher.size()),
            "must equal the parameter count");
    require(anchor.allFinite(), "EwcPenalty", "anchor", anchor.sum(), "must be finite");
    require(fisher.allFinite() && (fisher.size() == 0 || fisher.minCoeff() >= 0), "EwcPenalty", "fisher",
            fisher.size() ? fisher.minCoeff() : 0.0, "must be finite and ≥ 0");
}

double EwcPenalty::value(const Eigen::VectorXd& theta) const
{
    return 0.5 * lambda * (fisher.array() * (theta - anchor).array().square()).sum();
}

Eigen::VectorXd EwcPenalty::gradient(const Eigen::VectorXd& theta) const
{
    return lambda * (fisher.array() * (theta - anchor).array()).matrix();
}

double ewcObjective(const ReluMlp& net, const Dataset& data, const EwcPenalty* penalty, Eigen::VectorXd* gradient)
{
    if (penalty)
        penalty->validate(net.parameterCount());
    double value = net.loss(data, gradient);
    if (penalty) {
        value += penalty->value(net.parameters());
        if (gradient)
            *gradient += penalty->gradient(net.parameters());
    }
    return value;
}

void TrainingSetup::validate() const
{
    require(epochs >= 1 && epochs <= 10000, "TrainingSetup", "epochs", epochs, "must be in [1, 10000]");
    require(batch >= 1 && batch <= 100000, "TrainingSetup", "batch", batch, "must be in [1, 100000]");
    require(std::isfinite(learningRate) && learningRate > 0 && learningRate <= 10, "TrainingSetup", "learning rate",
            learningRate, "must be in (0, 10]");
    require(optimizer == nn::OptimizerSettings::Kind::Sgd || optimizer == nn::OptimizerSettings::Kind::Adam,
            "TrainingSetup", "optimizer", double(int(optimizer)), "must be SGD (0) or Adam (1)");
}

double trainNetwork(ReluMlp& net, const Dataset& data, const EwcPenalty* penalty, const TrainingSetup& setup,
                    Random& rng, const std::function<void(int)>& afterEpoch)
{
    setup.validate();
    if (penalty)
        penalty->validate(net.parameterCount());
    require(data.samples() >= 1, "trainNetwork", "samples", data.samples(), "must be ≥ 1");
    nn::OptimizerSettings settings;
    settings.kind = setup.optimizer;
    settings.learningRate = setup.learningRate;
    nn::Optimizer optimizer(settings, net.parameterCount());
    const int n = data.samples(), batch = std::min(setup.batch, n);
    for (int epoch = 1; epoch <= setup.epochs; ++epoch) {
        const std::vector<int> order = randomPermutation(n, rng);
        for (int start = 0; start < n; start += batch) {
            const std::vector<int> columns(order.begin() + start, order.begin() + std::min(n, start + batch));
            Eigen::VectorXd g;
            const bool proximal = penalty && setup.optimizer == nn::OptimizerSettings::Kind::Sgd;
            // SGD takes the penalty implicitly (below), so only the data term's gradient is needed here.
            const double loss = ewcObjective(net, data.subset(columns), proximal ? nullptr : penalty, &g);
            if (!std::isfinite(loss) || !g.allFinite())
                throw std::runtime_error("training diverged (non-finite loss); lower the learning rate or λ");
            if (proximal) {
                // θ' = argmin_u  gᵀ(u − θ) + Ω(u) + ‖u − θ‖²/(2η):  u − θ* = (θ − θ* − η g) / (1 + η λ F).
                const double eta = setup.learningRate;
                Eigen::VectorXd& theta = net.mutableParameters();
                const Eigen::ArrayXd stiffness = 1.0 + eta * penalty->lambda * penalty->fisher.array();
                theta = penalty->anchor + ((theta - penalty->anchor - eta * g).array() / stiffness).matrix();
            } else {
                optimizer.apply(net.mutableParameters(), g);
            }
        }
        if (afterEpoch)
            afterEpoch(epoch);
    }
    const double final = ewcObjective(net, data, penalty, nullptr);
    if (!std::isfinite(final) || !net.parameters().allFinite())
        throw std::runtime_error("training diverged (non-finite loss); lower the learning rate or λ");
    return final;
}

void ContinualSetup::validate() const
{
    patterns.validate();
    require(!hidden.empty() && hidden.size() <= 4, "ContinualSetup", "hidden layers", double(hidden.size()),
            "must be 1 to 4");
    for (const int h : hidden)
        require(h >= 1 && h <= 4096, "ContinualSetup", "hidden size", h, "must be in [1, 4096]");
    taskA.validate();
    taskB.validate();
    require(std::isfinite(lambda) && lambda >= 0 && lambda <= 1e9, "ContinualSetup", "lambda", lambda,
            "must be in [0, 1e9]");
}

TaskPair makeTaskPair(const ContinualSetup& setup)
{
    setup.validate();
    Random rng(setup.seed);
    TaskPair t;
    t.a = makePatternTask(setup.patterns, rng);
    t.permutation = randomPermutation(setup.patterns.features, rng);
    t.trainB = permuteFeatures(t.a.train, t.permutation);
    t.testB = permuteFeatures(t.a.test, t.permutation);
    return t;
}

namespace {
std::vector<int> networkSizes(const ContinualSetup& s)
{
    std::vector<int> sizes{s.patterns.features};
    sizes.insert(sizes.end(), s.hidden.begin(), s.hidden.end());
    sizes.push_back(s.patterns.classes);
    return sizes;
}
}  // namespace

AfterTaskA learnTaskA(const ContinualSetup& setup, const TaskPair& tasks, const std::function<void(int)>& afterEpoch)
{
    setup.validate();
    Random init(setup.seed * 7919 + 1);
    AfterTaskA r{ReluMlp(networkSizes(setup), true, init), {}, {}, {}};
    const auto record = [&] {
        r.accuracyA.push_back(r.net.accuracy(tasks.a.test));
        r.accuracyB.push_back(r.net.accuracy(tasks.testB));
    };
    record();
    Random order(setup.seed * 7919 + 2);
    trainNetwork(r.net, tasks.a.train, nullptr, setup.taskA, order, [&](int epoch) {
        record();
        if (afterEpoch)
            afterEpoch(epoch);
    });
    r.fisher = diagonalFisher(r.net, tasks.a.train, setup.fisher);
    return r;
}

TaskBRun learnTaskB(const ContinualSetup& setup, const TaskPair& tasks, const AfterTaskA& afterA, double lambda,
                    const std::function<void(int)>& afterEpoch)
{
    setup.validate();
    require(std::isfinite(lambda) && lambda >= 0, "learnTaskB", "lambda", lambda, "must be finite and ≥ 0");
    ReluMlp net = afterA.net;
    const EwcPenalty penalty{afterA.net.parameters(), afterA.fisher, lambda};
    TaskBRun r;
    r.lambda = lambda;
    const auto record = [&] {
        r.accuracyA.push_back(net.accuracy(tasks.a.test));
        r.accuracyB.push_back(net.accuracy(tasks.testB));
    };
    record();
    Random order(setup.seed * 7919 + 3);
    trainNetwork(net, tasks.trainB, lambda > 0 ? &penalty : nullptr, setup.taskB, order, [&](int epoch) {
        record();
        if (afterEpoch)
            afterEpoch(epoch);
    });
    r.finalPenalty = penalty.value(net.parameters());
    r.theta = net.parameters();
    return r;
}

}  // namespace neuroai::frontiers
