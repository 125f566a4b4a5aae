#pragma once

#include "engine/nn/Tensor.h"

#include <Eigen/Dense>

#include <vector>

namespace neuroai::nn {

// Plain SGD (θ ← θ − lr · g), Adam (Kingma & Ba 2015) with bias correction, whose first step moves every parameter
// by lr · sign(g) against the gradient (up to ε), or SGD with heavy-ball momentum (Polyak 1964), whose momentum
// coefficient μ is beta1: v ← μ·v + g, θ ← θ − lr · v (v = 0 at first, so the first step equals SGD's; on a
// quadratic it is stable for lr < 2(1 + μ)/L).
struct OptimizerSettings {
    enum class Kind { Sgd, Adam, Momentum };
    Kind kind = Kind::Adam;
    double learningRate = 1e-3;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

// The optimiser of one flat parameter vector.
class Optimizer {
public:
    // Throws std::invalid_argument for a learning rate outside (0, 10], betas outside [0, 1) or epsilon <= 0.
    Optimizer(const OptimizerSettings& settings, Eigen::Index parameterCount);
    // θ ← θ − step(g). Throws std::invalid_argument when the sizes differ from the count it was built for.
    void apply(Eigen::Ref<Eigen::VectorXd> theta, const Eigen::Ref<const Eigen::VectorXd>& gradient);
    long steps() const { return m_t; }
    void setLearningRate(double rate);
    double learningRate() const { return m_s.learningRate; }

private:
    OptimizerSettings m_s;
    Eigen::VectorXd m_m, m_v;
    long m_t = 0;
};

// The same optimiser over a network's tensors: each tensor is stepped with its own state from its `grad`.
class TensorOptimizer {
public:
    TensorOptimizer(const OptimizerSettings& settings, const TensorList& tensors);
    void step();
    long steps() const { return m_steps; }
    void setLearningRate(double rate);

private:
    TensorList m_tensors;
    std::vector<Optimizer> m_parts;
    long m_steps = 0;
};

}  // namespace neuroai::nn
