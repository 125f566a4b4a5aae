#include "engine/deep/FeedforwardNet.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::deep {

namespace {

constexpr double kDegrees = 180.0 / std::numbers::pi;

double angleDeg(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b)
{
    const double na = a.norm(), nb = b.norm();
    if (!(na > 0) || !(nb > 0))
        return 90;
    return std::acos(std::clamp(a.dot(b) / (na * nb), -1.0, 1.0)) * kDegrees;
}

Eigen::Map<const Eigen::VectorXd> flat(const Eigen::MatrixXd& m) { return {m.data(), m.size()}; }

}  // namespace

Points2d makeDataset(Dataset2d kind, int points, double noise, Random& rng)
{
    require(points >= 4 && points <= 100000, "makeDataset", "points", points, "must lie in [4, 100000]");
    require(std::isfinite(noise) && noise >= 0 && noise <= 2, "makeDataset", "noise", noise, "must lie in [0, 2]");
    require(int(kind) >= 0 && int(kind) <= 3, "makeDataset", "data set", int(kind), "is not one of the four");
    Points2d d;
    d.x.resize(2, points);
    d.labels.resize(std::size_t(points));
    const double pi = std::numbers::pi;
    for (int i = 0; i < points; ++i) {
        const int label = i % 2;
        double x = 0, y = 0;
        const double u = rng.uniform();
        switch (kind) {
        case Dataset2d::Spirals: {
            const double t = 0.15 + 0.85 * u, angle = 2 * pi * 1.75 * t + label * pi;
            x = 1.5 * t * std::cos(angle);
            y = 1.5 * t * std::sin(angle);
            break;
        }
        case Dataset2d::Moons: {
            const double a = pi * u;
            if (label == 0) {
                x = std::cos(a) - 0.5;
                y = std::sin(a) - 0.25;
            } else {
                x = 0.5 - std::cos(a);
                y = 0.25 - std::sin(a);
            }
            break;
        }
        case Dataset2d::Circles: {
            const double a = 2 * pi * u, r = label == 0 ? 0.5 : 1.0;
            x = r * std::cos(a);
            y = r * std::sin(a);
            break;
        }
        case Dataset2d::Xor: {
            // Quadrant by a second draw; label 1 where x·y < 0.
            const bool right = u < 0.5;
            const bool top = (label == 0) == right;
            x = right ? 0.7 : -0.7;
            y = top ? 0.7 : -0.7;
            x += 0.2 * rng.normal();
            y += 0.2 * rng.normal();
            break;
        }
        }
        d.x(0, i) = x + noise * rng.normal();
        d.x(1, i) = y + noise * rng.normal();
        d.labels[std::size_t(i)] = label;
    }
    return d;
}

void NetworkShape::validate() const
{
    const char* who = "NetworkShape";
    require(inputs >= 1 && inputs <= 4096, who, "inputs", inputs, "must lie in [1, 4096]");
    require(width >= 1 && width <= 1024, who, "width", width, "must lie in [1, 1024]");
    require(depth >= 1 && depth <= 8, who, "depth", depth, "must lie in [1, 8]");
    require(classes >= 2 && classes <= 256, who, "classes", classes, "must lie in [2, 256]");
    require(int(activation) == 0 || int(activation) == 1, who, "activation", int(activation), "is not tanh or ReLU");
}

FeedforwardNet::FeedforwardNet(const NetworkShape& shape, Random& rng) : m_shape(shape)
{
    shape.validate();
    Eigen::Index size = 0;
    for (int l = 0; l <= shape.depth; ++l) {
        Layer layer;
        layer.in = l == 0 ? shape.inputs : shape.width;
        layer.out = l == shape.depth ? shape.classes : shape.width;
        layer.weightOffset = size;
        size += Eigen::Index(layer.in) * layer.out;
        layer.biasOffset = size;
        size += layer.out;
        m_layers.push_back(layer);
    }
    m_theta = Eigen::VectorXd::Zero(size);
    const double gain = shape.activation == Activation::Relu ? std::sqrt(2.0) : 1.0;
    for (const Layer& layer : m_layers) {
        const double sd = gain / std::sqrt(double(layer.in));
        for (Eigen::Index k = 0; k < Eigen::Index(layer.in) * layer.out; ++k)
            m_theta(layer.weightOffset + k) = sd * rng.normal();
    }
    for (const Layer& layer : m_layers) {
        Eigen::MatrixXd b(layer.out, layer.in);
        const double sd = 1 / std::sqrt(double(layer.in));
        for (Eigen::Index k = 0; k < b.size(); ++k)
            b.data()[k] = sd * rng.normal();
        m_feedback.push_back(std::move(b));
    }
}

Eigen::Map<const Eigen::MatrixXd> FeedforwardNet::weights(int l) const
{
    const Layer& layer = m_layers[std::size_t(l)];
    return {m_theta.data() + layer.weightOffset, layer.out, layer.in};
}

Eigen::Map<const Eigen::VectorXd> FeedforwardNet::bias(int l) const
{
    const Layer& layer = m_layers[std::size_t(l)];
    return {m_theta.data() + layer.biasOffset, layer.out};
}

double FeedforwardNet::activate(double a) const
{
    return m_shape.activation == Activation::Tanh ? std::tanh(a) : std::max(a, 0.0);
}

double FeedforwardNet::activateDerivative(double a) const
{
    if (m_shape.activation == Activation::Relu)
        return a > 0 ? 1.0 : 0.0;
    const double t = std::tanh(a);
    return 1 - t * t;
}

Eigen::MatrixXd FeedforwardNet::forward(const Eigen::MatrixXd& x) const
{
    require(x.rows() == m_shape.inputs, "FeedforwardNet", "input rows", double(x.rows()), "must equal the inputs");
    Eigen::MatrixXd h = x;
    for (int l = 0; l < layers(); ++l) {
        Eigen::MatrixXd a = weights(l) * h;
        a.colwise() += bias(l);
        if (l + 1 < layers())
            a = a.unaryExpr([this](double v) { return activate(v); });
        h = std::move(a);
    }
    return h;
}

Eigen::MatrixXd FeedforwardNet::probabilities(const Eigen::MatrixXd& x) const
{
    Eigen::MatrixXd z = forward(x);
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        z.col(j).array() -= z.col(j).maxCoeff();
        z.col(j) = z.col(j).array().exp();
        z.col(j) /= z.col(j).sum();
    }
    return z;
}

double FeedforwardNet::loss(const Eigen::MatrixXd& x, const std::vector<int>& labels) const
{
    require(labels.size() == std::size_t(x.cols()) && !labels.empty(), "FeedforwardNet", "labels",
            double(labels.size()), "must be one per column, at least one");
    const Eigen::MatrixXd z = forward(x);
    double total = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        const double top = z.col(j).maxCoeff();
        total += top + std::log((z.col(j).array() - top).exp().sum()) - z(labels[std::size_t(j)], j);
    }
    return total / double(z.cols());
}

double FeedforwardNet::accuracy(const Eigen::MatrixXd& x, const std::vector<int>& labels) const
{
    const Eigen::MatrixXd z = forward(x);
    int correct = 0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
        Eigen::Index best = 0;
        z.col(j).maxCoeff(&best);
        correct += int(best) == labels[std::size_t(j)] ? 1 : 0;
    }
    return z.cols() > 0 ? double(correct) / double(z.cols()) : 0.0;
}

FeedforwardNet::Backward FeedforwardNet::lossAndGradient(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                                         LearningRule rule, Eigen::VectorXd& gradient) const
{
    require(x.rows() == m_shape.inputs, "FeedforwardNet", "input rows", double(x.rows()), "must equal the inputs");
    require(labels.size() == std::size_t(x.cols()) && !labels.empty(), "FeedforwardNet", "labels",
            double(labels.size()), "must be one per column, at least one");
    const Eigen::Index n = x.cols();
    const int count = layers();
    // Forward, keeping each layer's input h and pre-activation a.
    std::vector<Eigen::MatrixXd> inputs(static_cast<std::size_t>(count)), pre(static_cast<std::size_t>(count));
    Eigen::MatrixXd h = x;
    for (int l = 0; l < count; ++l) {
        inputs[std::size_t(l)] = h;
        Eigen::MatrixXd a = weights(l) * h;
        a.colwise() += bias(l);
        pre[std::size_t(l)] = a;
        h = l + 1 < count ? Eigen::MatrixXd(a.unaryExpr([this](double v) { return activate(v); })) : a;
    }
    // Softmax cross-entropy and the output error e = (p − y)/n.
    Backward out;
    Eigen::MatrixXd delta = h;
    for (Eigen::Index j = 0; j < n; ++j) {
        const double top = delta.col(j).maxCoeff();
        delta.col(j) = (delta.col(j).array() - top).exp();
        const double sum = delta.col(j).sum();
        out.loss += std::log(sum) + top - h(labels[std::size_t(j)], j);
        delta.col(j) /= sum;
        delta(labels[std::size_t(j)], j) -= 1;
    }
    out.loss /= double(n);
    delta /= double(n);

    gradient.setZero(m_theta.size());
    for (int l = count - 1; l >= 0; --l) {
        const Layer& layer = m_layers[std::size_t(l)];
        Eigen::Map<Eigen::MatrixXd>(gradient.data() + layer.weightOffset, layer.out, layer.in) =
            delta * inputs[std::size_t(l)].transpose();
        Eigen::Map<Eigen::VectorXd>(gradient.data() + layer.biasOffset, layer.out) = delta.rowwise().sum();
        if (l == 0)
            break;
        const Eigen::MatrixXd viaW = weights(l).transpose() * delta;
        const Eigen::MatrixXd viaB = m_feedback[std::size_t(l)].transpose() * delta;
        if (l == count - 1)
            out.signalAngleDeg = angleDeg(flat(viaB), flat(viaW));
        const Eigen::MatrixXd& back = rule == LearningRule::Backprop ? viaW : viaB;
        delta = back.cwiseProduct(pre[std::size_t(l - 1)].unaryExpr([this](double v) { return activateDerivative(v); }));
    }
    return out;
}

double FeedforwardNet::weightAngleDeg() const
{
    const Eigen::MatrixXd w = weights(layers() - 1);
    return angleDeg(flat(w), flat(m_feedback.back()));
}

void TrainingSetup::validate() const
{
    shape.validate();
    require(shape.inputs == 2, "TrainingSetup", "inputs", shape.inputs, "must be 2 for the 2-D data sets");
    require(shape.classes == 2, "TrainingSetup", "classes", shape.classes, "must be 2 for the 2-D data sets");
    require(batch >= 1 && batch <= points, "TrainingSetup", "batch", batch, "must lie between 1 and the points");
    require(evaluateEvery >= 1, "TrainingSetup", "evaluateEvery", evaluateEvery, "must be ≥ 1");
}

Trainer::Trainer(const TrainingSetup& setup)
    : m_setup((setup.validate(), setup)),
      m_rng(setup.seed),
      m_train(makeDataset(setup.dataset, setup.points, setup.noise, m_rng)),
      m_test(makeDataset(setup.dataset, setup.points, setup.noise, m_rng)),
      m_net(setup.shape, m_rng),
      m_optimizer(setup.optimizer, m_net.parameterCount())
{
    m_order.resize(std::size_t(setup.points));
    for (std::size_t i = 0; i < m_order.size(); ++i)
        m_order[i] = int(i);
    m_cursor = m_order.size();  // shuffle before the first batch
    evaluate();
}

void Trainer::evaluate()
{
    Eigen::VectorXd unused;
    const FeedforwardNet::Backward b =
        m_net.lossAndGradient(m_train.x, m_train.labels, LearningRule::Backprop, unused);
    m_curves.step.push_back(double(m_steps));
    m_curves.trainingLoss.push_back(b.loss);
    m_curves.testLoss.push_back(m_net.loss(m_test.x, m_test.labels));
    m_curves.trainingAccuracy.push_back(m_net.accuracy(m_train.x, m_train.labels));
    m_curves.testAccuracy.push_back(m_net.accuracy(m_test.x, m_test.labels));
    m_curves.signalAngleDeg.push_back(b.signalAngleDeg);
    m_curves.weightAngleDeg.push_back(m_net.weightAngleDeg());
}

bool Trainer::step()
{
    if (m_diverged)
        return false;
    const auto batch = std::size_t(m_setup.batch);
    if (m_cursor + batch > m_order.size()) {
        for (std::size_t i = m_order.size(); i > 1; --i)
            std::swap(m_order[i - 1], m_order[std::size_t(m_rng.uniform() * double(i)) % i]);
        m_cursor = 0;
    }
    Eigen::MatrixXd x(2, Eigen::Index(batch));
    std::vector<int> labels(batch);
    for (std::size_t k = 0; k < batch; ++k) {
        const int i = m_order[m_cursor + k];
        x.col(Eigen::Index(k)) = m_train.x.col(i);
        labels[k] = m_train.labels[std::size_t(i)];
    }
    m_cursor += batch;
    Eigen::VectorXd gradient;
    m_net.lossAndGradient(x, labels, m_setup.rule, gradient);
    m_optimizer.apply(m_net.parameters(), gradient);
    ++m_steps;
    if (!m_net.parameters().allFinite() || m_net.parameters().cwiseAbs().maxCoeff() > 1e12) {
        m_diverged = true;
        return false;
    }
    if (m_steps % m_setup.evaluateEvery == 0)
        evaluate();
    return true;
}

bool Trainer::run(int steps)
{
    for (int i = 0; i < steps; ++i)
        if (!step())
            return false;
    return true;
}

std::vector<double> Trainer::decisionGrid(int cells, double extent) const
{
    require(cells >= 2 && cells <= 1000, "decisionGrid", "cells", cells, "must lie in [2, 1000]");
    Eigen::MatrixXd grid(2, Eigen::Index(cells) * cells);
    for (int r = 0; r < cells; ++r)
        for (int c = 0; c < cells; ++c) {
            grid(0, Eigen::Index(r) * cells + c) = -extent + 2 * extent * (c + 0.5) / cells;
            grid(1, Eigen::Index(r) * cells + c) = extent - 2 * extent * (r + 0.5) / cells;
        }
    const Eigen::MatrixXd p = m_net.probabilities(grid);
    std::vector<double> out(std::size_t(p.cols()));
    for (Eigen::Index j = 0; j < p.cols(); ++j)
        out[std::size_t(j)] = p(1, j);
    return out;
}

std::vector<double> gradientDescentOnQuadratic(const std::vector<double>& curvatures, double eta, int steps)
{
    require(!curvatures.empty(), "gradientDescentOnQuadratic", "curvatures", 0, "must not be empty");
    for (const double c : curvatures)
        require(std::isfinite(c) && c > 0, "gradientDescentOnQuadratic", "curvature", c, "must be > 0");
    require(std::isfinite(eta) && eta > 0, "gradientDescentOnQuadratic", "eta", eta, "must be > 0");
    require(steps >= 0 && steps <= 1000000, "gradientDescentOnQuadratic", "steps", steps, "must lie in [0, 1e6]");
    Eigen::VectorXd x = Eigen::VectorXd::Ones(Eigen::Index(curvatures.size()));
    const Eigen::VectorXd lambda = Eigen::Map<const Eigen::VectorXd>(curvatures.data(), x.size());
    std::vector<double> norms{x.norm()};
    for (int t = 0; t < steps; ++t) {
        x -= eta * lambda.cwiseProduct(x);  // the gradient of ½ Σ λ_i x_i² is λ ⊙ x
        norms.push_back(x.norm());
    }
    return norms;
}

}  // namespace neuroai::deep
