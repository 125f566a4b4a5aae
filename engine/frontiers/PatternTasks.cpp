#include "engine/frontiers/PatternTasks.h"

#include "engine/core/Require.h"
#include "engine/nn/Layers.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::frontiers {

namespace {
constexpr const char* kPatterns = "PatternSetup";
constexpr const char* kMlp = "ReluMlp";
}  // namespace

Dataset Dataset::subset(const std::vector<int>& columns) const
{
    Dataset out;
    out.classes = classes;
    out.x.resize(x.rows(), Eigen::Index(columns.size()));
    for (std::size_t k = 0; k < columns.size(); ++k) {
        require(columns[k] >= 0 && columns[k] < samples(), "Dataset", "column", columns[k], "is not a sample");
        out.x.col(Eigen::Index(k)) = x.col(columns[k]);
        out.labels.push_back(labels[std::size_t(columns[k])]);
    }
    return out;
}

void PatternSetup::validate() const
{
    require(features >= 2 && features <= 1000, kPatterns, "features", features, "must be in [2, 1000]");
    require(classes >= 2 && classes <= 50, kPatterns, "classes", classes, "must be in [2, 50]");
    require(trainPerClass >= 1 && trainPerClass <= 10000, kPatterns, "trainPerClass", trainPerClass,
            "must be in [1, 10000]");
    require(testPerClass >= 1 && testPerClass <= 10000, kPatterns, "testPerClass", testPerClass,
            "must be in [1, 10000]");
    require(activeFraction > 0 && activeFraction <= 1, kPatterns, "activeFraction", activeFraction,
            "must be in (0, 1]");
    require(noise >= 0 && noise <= 5, kPatterns, "noise", noise, "must be in [0, 5]");
}

PatternTask makePatternTask(const PatternSetup& s, Random& rng)
{
    s.validate();
    PatternTask task;
    task.prototypes = Eigen::MatrixXd::Zero(s.features, s.classes);
    for (int k = 0; k < s.classes; ++k)
        for (int i = 0; i < s.features; ++i)
            task.prototypes(i, k) = rng.uniform() < s.activeFraction ? 1.0 : 0.0;
    const auto sample = [&](int perClass) {
        Dataset d;
        d.classes = s.classes;
        d.x.resize(s.features, Eigen::Index(perClass) * s.classes);
        for (int k = 0; k < s.classes; ++k)
            for (int n = 0; n < perClass; ++n) {
                const Eigen::Index column = Eigen::Index(k) * perClass + n;
                for (int i = 0; i < s.features; ++i)
                    d.x(i, column) = std::clamp(task.prototypes(i, k) + s.noise * rng.normal(), 0.0, 1.0);
                d.labels.push_back(k);
            }
        return d;
    };
    task.train = sample(s.trainPerClass);
    task.test = sample(s.testPerClass);
    return task;
}

std::vector<int> randomPermutation(int n, Random& rng)
{
    require(n >= 1, "randomPermutation", "n", n, "must be ≥ 1");
    std::vector<int> p(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        p[std::size_t(i)] = i;
    for (int i = n - 1; i > 0; --i) {
        const int j = std::min(i, int(rng.uniform() * (i + 1)));
        std::swap(p[std::size_t(i)], p[std::size_t(j)]);
    }
    return p;
}

Dataset permuteFeatures(const Dataset& data, const std::vector<int>& permutation)
{
    require(Eigen::Index(permutation.size()) == data.x.rows(), "permuteFeatures", "permutation size",
            double(permutation.size()), "must equal the number of features");
    std::vector<bool> seen(permutation.size(), false);
    for (const int i : permutation) {
        require(i >= 0 && i < int(permutation.size()) && !seen[std::size_t(i)], "permuteFeatures", "entry", i,
                "is out of range or repeated");
        seen[std::size_t(i)] = true;
    }
    Dataset out = data;
    for (std::size_t i = 0; i < permutation.size(); ++i)
        out.x.row(Eigen::Index(i)) = data.x.row(permutation[i]);
    return out;
}

// ------------------------------------------------------------------------------------------------------ ReluMlp

ReluMlp::ReluMlp(std::vector<int> sizes, bool bias, Random& rng) : m_sizes(std::move(sizes)), m_bias(bias)
{
    require(m_sizes.size() >= 2, kMlp, "layer count", double(m_sizes.size()), "must be ≥ 2 (input and output)");
    for (const int n : m_sizes)
        require(n >= 1 && n <= 4096, kMlp, "layer size", n, "must be in [1, 4096]");
    Eigen::Index offset = 0;
    for (int l = 0; l < layers(); ++l) {
        m_offsets.push_back(offset);
        offset += Eigen::Index(m_sizes[std::size_t(l)]) * m_sizes[std::size_t(l) + 1];
        if (m_bias)
            offset += m_sizes[std::size_t(l) + 1];
    }
    m_offsets.push_back(offset);
    m_theta = Eigen::VectorXd::Zero(offset);
    for (int l = 0; l < layers(); ++l) {
        const int nIn = m_sizes[std::size_t(l)], nOut = m_sizes[std::size_t(l) + 1];
        const double sd = std::sqrt(2.0 / nIn);
        for (Eigen::Index k = 0; k < Eigen::Index(nIn) * nOut; ++k)
            m_theta[m_offsets[std::size_t(l)] + k] = sd * rng.normal();
    }
}

void ReluMlp::setParameters(const Eigen::VectorXd& theta)
{
    require(theta.size() == m_theta.size(), kMlp, "parameter count", double(theta.size()),
            "differs from the network's");
    require(theta.allFinite(), kMlp, "parameters", theta.sum(), "must be finite");
    m_theta = theta;
}

Eigen::Index ReluMlp::biasOffset(int layer) const
{
    return m_offsets[std::size_t(layer)] + Eigen::Index(m_sizes[std::size_t(layer)]) * m_sizes[std::size_t(layer) + 1];
}

Eigen::Map<const Eigen::MatrixXd> ReluMlp::weight(int layer) const
{
    require(layer >= 0 && layer < layers(), kMlp, "layer", layer, "is not a layer");
    return {m_theta.data() + m_offsets[std::size_t(layer)], m_sizes[std::size_t(layer) + 1],
            m_sizes[std::size_t(layer)]};
}

Eigen::Map<const Eigen::VectorXd> ReluMlp::bias(int layer) const
{
    require(layer >= 0 && layer < layers(), kMlp, "layer", layer, "is not a layer");
    return {m_theta.data() + biasOffset(layer), m_bias ? m_sizes[std::size_t(layer) + 1] : 0};
}

ForwardPass ReluMlp::forward(const Eigen::MatrixXd& x) const
{
    require(x.rows() == m_sizes.front(), kMlp, "input features", double(x.rows()), "differ from the input layer");
    ForwardPass pass;
    pass.a.push_back(x);
    for (int l = 0; l < layers(); ++l) {
        Eigen::MatrixXd z = weight(l) * pass.a.back();
        if (m_bias)
            z.colwise() += bias(l);
        if (l + 1 < layers())
            z = z.cwiseMax(0.0);
        pass.a.push_back(std::move(z));
    }
    return pass;
}

std::vector<Eigen::MatrixXd> ReluMlp::deltas(const ForwardPass& pass, const Eigen::MatrixXd& dLogits) const
{
    std::vector<Eigen::MatrixXd> d(static_cast<std::size_t>(layers()));
    d.back() = dLogits;
    for (int l = layers() - 1; l > 0; --l) {
        // Through W_l, then through the ReLU of layer l (its output a[l] is positive exactly where it passes).
        Eigen::MatrixXd back = weight(l).transpose() * d[std::size_t(l)];
        back = (pass.a[std::size_t(l)].array() > 0).select(back, 0.0);
        d[std::size_t(l) - 1] = std::move(back);
    }
    return d;
}

Eigen::VectorXd ReluMlp::gradient(const ForwardPass& pass, const Eigen::MatrixXd& dLogits) const
{
    const std::vector<Eigen::MatrixXd> d = deltas(pass, dLogits);
    Eigen::VectorXd g = Eigen::VectorXd::Zero(m_theta.size());
    for (int l = 0; l < layers(); ++l) {
        const int nIn = m_sizes[std::size_t(l)], nOut = m_sizes[std::size_t(l) + 1];
        Eigen::Map<Eigen::MatrixXd>(g.data() + m_offsets[std::size_t(l)], nOut, nIn).noalias() =
            d[std::size_t(l)] * pass.a[std::size_t(l)].transpose();
        if (m_bias)
            g.segment(biasOffset(l), nOut) = d[std::size_t(l)].rowwise().sum();
    }
    return g;
}

double ReluMlp::loss(const Dataset& data, Eigen::VectorXd* gradient) const
{
    require(data.samples() >= 1, kMlp, "samples", data.samples(), "must be ≥ 1");
    require(data.classes == m_sizes.back(), kMlp, "classes", data.classes, "differ from the output layer");
    const ForwardPass pass = forward(data.x);
    Eigen::MatrixXd dLogits;
    const double value = nn::crossEntropy(pass.logits(), data.labels, gradient ? &dLogits : nullptr);
    if (gradient)
        *gradient = this->gradient(pass, dLogits);
    return value;
}

double ReluMlp::accuracy(const Dataset& data) const
{
    require(data.samples() >= 1, kMlp, "samples", data.samples(), "must be ≥ 1");
    const std::vector<int> predicted = argmaxColumns(logits(data.x));
    int correct = 0;
    for (std::size_t n = 0; n < predicted.size(); ++n)
        correct += predicted[n] == data.labels[n] ? 1 : 0;
    return double(correct) / double(predicted.size());
}

std::vector<int> argmaxColumns(const Eigen::MatrixXd& m)
{
    std::vector<int> out(static_cast<std::size_t>(m.cols()), 0);
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
        Eigen::Index best = 0;
        for (Eigen::Index r = 1; r < m.rows(); ++r)
            if (m(r, c) > m(best, c))
                best = r;
        out[std::size_t(c)] = int(best);
    }
    return out;
}

}  // namespace neuroai::frontiers
