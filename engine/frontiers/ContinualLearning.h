#pragma once

// Catastrophic forgetting and elastic weight consolidation (Kirkpatrick et al. 2017, PNAS 114:3521).
//
// A ReLU MLP learns task A (generated patterns), then task B (the same patterns with their features permuted by a
// fixed random permutation). Trained on B alone, it forgets A. EWC keeps the parameters that mattered for A near
// their values θ*_A by adding to B's loss the quadratic penalty
//
//     Ω(θ) = (λ/2)·Σ_i F_i·(θ_i − θ*_A,i)²,        ∂Ω/∂θ_i = λ·F_i·(θ_i − θ*_A,i),
//
// where F_i is the diagonal of the Fisher information of the model at θ*_A over A's training data:
//
//     expected (Kirkpatrick et al.): F_i = (1/N)·Σ_n Σ_k p(k | x_n)·(∂ log p(k | x_n)/∂θ_i)²
//     empirical (true labels):       F_i = (1/N)·Σ_n (∂ log p(y_n | x_n)/∂θ_i)²
//
// Both are means of squared per-sample gradients, so F_i ≥ 0. For a weight of layer l the per-sample gradient is
// δ_j·a_i (δ the pre-activation gradient, a the layer's input), so the sums are computed as (δ∘δ)·(a∘a)ᵀ, one
// matrix product per class instead of one backward pass per sample.
//
// Training: minibatches drawn without replacement each epoch (order from the seeded generator), SGD or Adam
// (engine/nn/Optimizer.h) on mean cross-entropy + Ω. SGD takes the penalty implicitly (a proximal step, exact for a
// quadratic: θ' − θ* = (θ − θ* − η·∇L) / (1 + η·λ·F)), which equals the explicit step to first order in ηλF but
// cannot diverge however large λ is; Adam steps along the gradient of the sum. Task B's training starts from the
// same θ*_A and uses the same minibatch order whatever λ is, so runs differ only by λ.

#include "engine/frontiers/PatternTasks.h"
#include "engine/nn/Optimizer.h"

#include <functional>
#include <vector>

namespace neuroai::frontiers {

enum class FisherKind { Expected, Empirical };

// Diagonal Fisher information of the network at its current parameters over `data` (laid out like θ).
Eigen::VectorXd diagonalFisher(const ReluMlp& net, const Dataset& data, FisherKind kind);
// ∂ log p(label | x)/∂θ for one sample, laid out like θ (one ordinary backward pass; for tests and teaching).
Eigen::VectorXd logLikelihoodGradient(const ReluMlp& net, const Eigen::VectorXd& x, int label);

// Ω(θ) = (λ/2)·Σ F_i (θ_i − θ*_i)² and its gradient. λ ≥ 0 and finite, F ≥ 0, θ* of the network's size.
struct EwcPenalty {
    Eigen::VectorXd anchor;  // θ*_A
    Eigen::VectorXd fisher;  // F
    double lambda = 0;

    // Throws std::invalid_argument naming the bad value (size mismatch, negative or non-finite entries, bad λ).
    void validate(Eigen::Index parameterCount) const;
    double value(const Eigen::VectorXd& theta) const;
    Eigen::VectorXd gradient(const Eigen::VectorXd& theta) const;
};

// Mean cross-entropy over `data` plus the penalty (none if `penalty` is null); the gradient of the sum if asked.
double ewcObjective(const ReluMlp& net, const Dataset& data, const EwcPenalty* penalty, Eigen::VectorXd* gradient);

struct TrainingSetup {
    int epochs = 30;          // 1..10000
    int batch = 16;           // 1..100000 (clipped to the data size)
    double learningRate = 0.05;
    nn::OptimizerSettings::Kind optimizer = nn::OptimizerSettings::Kind::Sgd;  // Sgd or Adam
    void validate() const;
};

// Trains in place; after each epoch calls `afterEpoch(epoch)` (1-based) if given, which may throw to stop. Returns
// the objective on the whole data set after training. A non-finite loss throws std::runtime_error ("diverged").
double trainNetwork(ReluMlp& net, const Dataset& data, const EwcPenalty* penalty, const TrainingSetup& setup,
                    Random& rng, const std::function<void(int)>& afterEpoch = {});

// The continual-learning experiment.
struct ContinualSetup {
    PatternSetup patterns;
    std::vector<int> hidden = {16};  // hidden layer sizes (each 1..4096), at most 4 layers
    TrainingSetup taskA{30, 16, 0.05, nn::OptimizerSettings::Kind::Sgd};
    TrainingSetup taskB{30, 16, 0.05, nn::OptimizerSettings::Kind::Sgd};
    double lambda = 10;             // EWC strength, [0, 1e9]
    FisherKind fisher = FisherKind::Expected;
    std::uint64_t seed = 1;
    void validate() const;
};

// Task A, task B = A with its features permuted, both with training and test sets.
struct TaskPair {
    PatternTask a;
    std::vector<int> permutation;
    Dataset trainB, testB;
};
TaskPair makeTaskPair(const ContinualSetup& setup);

// The network after task A, the accuracies on both test sets while it learned A (index 0 = untrained, then after
// each epoch), and the Fisher diagonal at θ*_A.
struct AfterTaskA {
    ReluMlp net;
    std::vector<double> accuracyA, accuracyB;
    Eigen::VectorXd fisher;
};
AfterTaskA learnTaskA(const ContinualSetup& setup, const TaskPair& tasks,
                      const std::function<void(int)>& afterEpoch = {});

// Task B learned from θ*_A with penalty strength λ: test accuracies on A and B, index 0 = at θ*_A, then after each
// epoch of B; and the penalty's value at the end.
struct TaskBRun {
    double lambda = 0;
    std::vector<double> accuracyA, accuracyB;
    double finalPenalty = 0;
    Eigen::VectorXd theta;
};
TaskBRun learnTaskB(const ContinualSetup& setup, const TaskPair& tasks, const AfterTaskA& afterA, double lambda,
                    const std::function<void(int)>& afterEpoch = {});

}  // namespace neuroai::frontiers
