#pragma once

// Chapter 10's deep-learning pieces: 2-D toy data sets, a fully connected classifier with its backward pass
// written out, trained either by backpropagation or by feedback alignment (Lillicrap et al. 2016: the error is sent
// back through fixed random matrices B instead of the transposed forward weights), and a trainer that records the
// learning curves and the alignment between the two backward signals.
//
// Activations are matrices whose columns are samples (as in engine/nn). All parameters live in one flat vector θ so
// any engine/nn optimiser (SGD, momentum, Adam) steps them.

#include "engine/core/Random.h"
#include "engine/nn/Optimizer.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace neuroai::deep {

enum class Dataset2d { Spirals = 0, Moons = 1, Circles = 2, Xor = 3 };

struct Points2d {
    Eigen::MatrixXd x;        // 2 × n, columns are points, coordinates within about [−1.6, 1.6]
    std::vector<int> labels;  // n, 0 or 1, balanced
};
// `points` points (half per class) with Gaussian noise of SD `noise` added to both coordinates. Spirals: two
// interleaved arms of 1.75 turns; moons: two interlocking half circles; circles: radius 0.5 inside radius 1;
// xor: four blobs at (±0.7, ±0.7), the class the sign of x·y. Throws std::invalid_argument naming a bad value.
Points2d makeDataset(Dataset2d kind, int points, double noise, Random& rng);

enum class Activation { Tanh = 0, Relu = 1 };
enum class LearningRule { Backprop = 0, FeedbackAlignment = 1 };

struct NetworkShape {
    int inputs = 2;
    int width = 16;   // units per hidden layer
    int depth = 2;    // hidden layers, 1..8
    int classes = 2;
    Activation activation = Activation::Tanh;
    void validate() const;  // throws std::invalid_argument naming the field
};

class FeedforwardNet {
public:
    // Weights N(0, g²/fan_in) with g = 1 for tanh and √2 for ReLU (He), zero biases; the feedback matrices B_l have
    // W_l's shape, entries N(0, 1/fan_in), and never change.
    FeedforwardNet(const NetworkShape& shape, Random& rng);

    const NetworkShape& shape() const { return m_shape; }
    Eigen::Index parameterCount() const { return m_theta.size(); }
    Eigen::VectorXd& parameters() { return m_theta; }
    const Eigen::VectorXd& parameters() const { return m_theta; }
    int layers() const { return int(m_layers.size()); }  // hidden layers + the output layer
    // Layer l's weights (out × in) and feedback matrix, as views into θ / the fixed B.
    Eigen::Map<const Eigen::MatrixXd> weights(int layer) const;
    const Eigen::MatrixXd& feedback(int layer) const { return m_feedback[std::size_t(layer)]; }

    // Logits (classes × n).
    Eigen::MatrixXd forward(const Eigen::MatrixXd& x) const;
    // Class probabilities (classes × n).
    Eigen::MatrixXd probabilities(const Eigen::MatrixXd& x) const;
    double loss(const Eigen::MatrixXd& x, const std::vector<int>& labels) const;
    double accuracy(const Eigen::MatrixXd& x, const std::vector<int>& labels) const;

    struct Backward {
        double loss = 0;
        // Angle (degrees) between the signal feedback alignment sends to the last hidden layer, B_Lᵀe, and the one
        // backpropagation sends, W_Lᵀe, over the batch (e = the output error). Computed under either rule.
        double signalAngleDeg = 90;
    };
    // Mean cross-entropy over the columns and its "gradient" under `rule` into `gradient` (sized to θ): the exact
    // gradient for backpropagation; for feedback alignment the output layer's exact gradient and the hidden
    // layers' updates computed with B in place of Wᵀ.
    Backward lossAndGradient(const Eigen::MatrixXd& x, const std::vector<int>& labels, LearningRule rule,
                             Eigen::VectorXd& gradient) const;

    // Angle (degrees) between the output layer's weights W_L and its feedback matrix B_L, as vectors.
    double weightAngleDeg() const;

private:
    struct Layer {
        int in = 0, out = 0;
        Eigen::Index weightOffset = 0, biasOffset = 0;
    };
    Eigen::Map<const Eigen::VectorXd> bias(int layer) const;
    double activate(double a) const;
    double activateDerivative(double a) const;

    NetworkShape m_shape;
    std::vector<Layer> m_layers;
    Eigen::VectorXd m_theta;
    std::vector<Eigen::MatrixXd> m_feedback;
};

struct TrainingSetup {
    Dataset2d dataset = Dataset2d::Spirals;
    int points = 400;        // training points (and as many test points)
    double noise = 0.08;
    NetworkShape shape;
    nn::OptimizerSettings optimizer{nn::OptimizerSettings::Kind::Adam, 0.01};
    int batch = 32;
    LearningRule rule = LearningRule::Backprop;
    int evaluateEvery = 25;  // steps between points of the learning curves
    std::uint64_t seed = 1;
    void validate() const;
};

struct TrainingCurves {
    std::vector<double> step;
    std::vector<double> trainingLoss;      // whole training set
    std::vector<double> testLoss;
    std::vector<double> trainingAccuracy;  // fractions
    std::vector<double> testAccuracy;
    std::vector<double> signalAngleDeg;    // B_Lᵀe vs W_Lᵀe on the whole training set
    std::vector<double> weightAngleDeg;    // W_L vs B_L
};

// Minibatch training, one step at a time (the GUI's job calls step() and publishes the curves). Deterministic per
// seed: the data, the initial weights, B and the batches all come from it.
class Trainer {
public:
    explicit Trainer(const TrainingSetup& setup);
    // One minibatch step (batches are drawn by shuffling the training set each epoch). Returns false and stops
    // when the parameters stop being finite (a learning rate that diverges); diverged() then says so.
    bool step();
    // step() n times, stopping early on divergence; evaluates every evaluateEvery steps (and at step 0).
    bool run(int steps);
    long steps() const { return m_steps; }
    bool diverged() const { return m_diverged; }
    const FeedforwardNet& net() const { return m_net; }
    const Points2d& training() const { return m_train; }
    const Points2d& test() const { return m_test; }
    const TrainingCurves& curves() const { return m_curves; }
    const TrainingSetup& setup() const { return m_setup; }
    // Probability of class 1 on a cells × cells grid over [−extent, extent]², row-major from the top row (y =
    // +extent) down, for the decision map.
    std::vector<double> decisionGrid(int cells, double extent) const;
    void evaluate();

private:
    TrainingSetup m_setup;
    Random m_rng;
    Points2d m_train, m_test;
    FeedforwardNet m_net;
    nn::Optimizer m_optimizer;
    std::vector<int> m_order;
    std::size_t m_cursor = 0;
    long m_steps = 0;
    bool m_diverged = false;
    TrainingCurves m_curves;
};

// Gradient descent with a fixed step η on f(x) = ½ Σ λ_i x_i² from x_i = 1: the distance ‖x‖ after each step
// (steps + 1 values, the first 1·√n). Each coordinate is multiplied by (1 − ηλ_i) per step, so the iteration is
// stable exactly when η < 2/L, L = max λ_i.
std::vector<double> gradientDescentOnQuadratic(const std::vector<double>& curvatures, double eta, int steps);

}  // namespace neuroai::deep
