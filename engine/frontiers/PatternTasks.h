#pragma once

// Chapter 14's data and classifier: generated pattern-classification tasks (no downloads) and a small ReLU
// multilayer perceptron with its backward pass written out, shared by the continual-learning experiment (EWC) and
// the ANN-to-SNN conversion.
//
// Patterns: each of C classes has a binary prototype over D features (each feature "on" = 1 with probability
// `activeFraction`, else 0). A sample is its class's prototype plus Gaussian noise of SD `noise`, clipped to
// [0, 1], so every feature can be read as a spike probability. A second task is made from the first by a fixed
// random permutation of the features (as in "permuted MNIST"): the same samples, the same labels, rearranged inputs.
//
// Network: sizes n_0 → n_1 → … → n_L, ReLU on every hidden layer, logits at the top, mean cross-entropy loss. The
// parameters are one flat vector θ, layer by layer: W_l (n_{l+1} × n_l, column-major), then b_l (n_{l+1}) if the
// network has biases. He initialisation W ~ N(0, 2/n_l), zero biases. Activations are matrices whose columns are
// samples.

#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace neuroai::frontiers {

struct Dataset {
    Eigen::MatrixXd x;        // features × samples, entries in [0, 1]
    std::vector<int> labels;  // one per column, in [0, classes)
    int classes = 0;

    int samples() const { return int(x.cols()); }
    // The columns listed in `columns`, with their labels.
    Dataset subset(const std::vector<int>& columns) const;
};

struct PatternSetup {
    int features = 24;            // D, 2..1000
    int classes = 8;              // C, 2..50
    int trainPerClass = 30;       // 1..10000
    int testPerClass = 50;        // 1..10000
    double activeFraction = 0.3;  // chance a prototype's feature is on, (0, 1]
    double noise = 0.35;          // SD of the added noise, [0, 5]
    // Throws std::invalid_argument naming the bad field.
    void validate() const;
};

struct PatternTask {
    Eigen::MatrixXd prototypes;  // features × classes, 0/1
    Dataset train, test;
};

// Prototypes, then the training samples, then the test samples, all from `rng`. Classes appear in blocks.
PatternTask makePatternTask(const PatternSetup& setup, Random& rng);
// A uniformly random permutation of 0..n−1 (Fisher–Yates).
std::vector<int> randomPermutation(int n, Random& rng);
// Row i of the result is row permutation[i] of data.x. Throws unless `permutation` permutes the features.
Dataset permuteFeatures(const Dataset& data, const std::vector<int>& permutation);

// What a forward pass keeps for the backward pass: a[0] = input, a[l] = ReLU output of layer l for 0 < l < L,
// a[L] = logits.
struct ForwardPass {
    std::vector<Eigen::MatrixXd> a;
    const Eigen::MatrixXd& logits() const { return a.back(); }
};

class ReluMlp {
public:
    // sizes = {n_0, n_1, …, n_L}, at least two entries, each in [1, 4096]. Throws std::invalid_argument naming the
    // bad size.
    ReluMlp(std::vector<int> sizes, bool bias, Random& rng);

    const std::vector<int>& sizes() const { return m_sizes; }
    bool hasBias() const { return m_bias; }
    int layers() const { return int(m_sizes.size()) - 1; }
    Eigen::Index parameterCount() const { return m_theta.size(); }
    const Eigen::VectorXd& parameters() const { return m_theta; }
    // Replaces θ (same size, finite entries; throws otherwise).
    void setParameters(const Eigen::VectorXd& theta);
    Eigen::VectorXd& mutableParameters() { return m_theta; }

    // W_l (n_{l+1} × n_l) and b_l of layer l in [0, layers()) as views of θ (b_l is empty without biases).
    Eigen::Map<const Eigen::MatrixXd> weight(int layer) const;
    Eigen::Map<const Eigen::VectorXd> bias(int layer) const;
    // Offsets of W_l and b_l in θ.
    Eigen::Index weightOffset(int layer) const { return m_offsets[std::size_t(layer)]; }
    Eigen::Index biasOffset(int layer) const;

    ForwardPass forward(const Eigen::MatrixXd& x) const;
    Eigen::MatrixXd logits(const Eigen::MatrixXd& x) const { return forward(x).logits(); }
    // The gradient of each layer's pre-activation (n_{l+1} × samples) given the gradient of the logits: the
    // backward pass without the sums over samples, so per-sample gradients are deltas[l].col(n)·a[l].col(n)ᵀ.
    std::vector<Eigen::MatrixXd> deltas(const ForwardPass& pass, const Eigen::MatrixXd& dLogits) const;
    // dθ = Σ over samples of the per-sample gradients, laid out like θ.
    Eigen::VectorXd gradient(const ForwardPass& pass, const Eigen::MatrixXd& dLogits) const;

    // Mean cross-entropy over the data set and, if `gradient` is given, its gradient with respect to θ.
    double loss(const Dataset& data, Eigen::VectorXd* gradient) const;
    // Fraction of columns whose largest logit is the label (ties go to the lower class index).
    double accuracy(const Dataset& data) const;

private:
    std::vector<int> m_sizes;
    bool m_bias;
    std::vector<Eigen::Index> m_offsets;  // start of W_l in θ, and one past the end
    Eigen::VectorXd m_theta;
};

// The index of the largest entry of each column (the lowest index on a tie).
std::vector<int> argmaxColumns(const Eigen::MatrixXd& m);

}  // namespace neuroai::frontiers
