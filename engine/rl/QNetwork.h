#pragma once

#include "engine/core/Random.h"
#include "engine/nn/Optimizer.h"
#include "engine/rl/GridMaze.h"
#include "engine/rl/TabularAgents.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace neuroai::rl {

// A small Q-network for the replay comparison (issue 11): input → one hidden ReLU layer → one output per action,
//   h = max(0, W1 x + b1),   Q(x, ·) = W2 h + b2.
// Parameters live in one flat double vector θ = [W1 (column-major), b1, W2 (column-major), b2], so the optimiser,
// the target-network copy and the finite-difference gradient check all treat them alike. Double precision: the
// network is tiny, and the gradient check needs more than float's 7 digits.
class QNetwork {
public:
    // He-normal initial weights (std √(2 / fan-in)), zero biases. Throws std::invalid_argument for sizes outside
    // [1, 100 000] (naming the size).
    QNetwork(int inputs, int hidden, int outputs, std::uint64_t seed);

    int inputs() const { return m_in; }
    int hidden() const { return m_hidden; }
    int outputs() const { return m_out; }

    Eigen::VectorXd forward(const Eigen::VectorXd& x) const;
    // Q for every column of X at once (outputs × batch).
    Eigen::MatrixXd forwardBatch(const Eigen::MatrixXd& X) const;

    // The semi-gradient TD loss of a batch (columns of X), treating the targets as constants:
    //   L = Σ_b w_b · ½ (Q(x_b, a_b) − y_b)²   (w_b = 1 when `weights` is empty),
    // its gradient with respect to θ (written into `gradient`), and the TD errors δ_b = y_b − Q(x_b, a_b).
    double lossAndGradient(const Eigen::MatrixXd& X, const std::vector<int>& actions, const std::vector<double>& targets,
                           const std::vector<double>& weights, Eigen::VectorXd& gradient,
                           std::vector<double>* tdErrors = nullptr) const;

    Eigen::VectorXd& parameters() { return m_theta; }
    const Eigen::VectorXd& parameters() const { return m_theta; }

private:
    int m_in, m_hidden, m_out;
    Eigen::VectorXd m_theta;
};

// The optimiser is the network library's (engine/nn/Optimizer.h).
using nn::Optimizer;
using nn::OptimizerSettings;

// How a maze state is presented to the network: one-hot over all states, or the cell's (row, col) scaled to [0, 1].
enum class StateEncoding { OneHot, Coordinates };

struct QNetworkParameters {
    int hidden = 32;
    double gamma = 0.95;
    double epsilon = 0.1;
    int targetUpdatePeriod = 100;  // K: the target network copies the online one every K optimiser steps
    StateEncoding encoding = StateEncoding::OneHot;
    OptimizerSettings optimizer{};
};

// Q-learning with a Q-network and a target network (Mnih et al. 2015 without the replay buffer, which the replay
// module supplies): the target of (s, a, r, s', done) is y = r + γ max_a' Q_target(s', a') (y = r when done), and
// one optimiser step descends the (weighted) mean of ½(Q(s, a) − y)². ε-greedy behaviour with random tie-breaking.
class QNetworkAgent : public Agent {
public:
    // Throws std::invalid_argument for bad parameters (γ, ε outside [0, 1], K < 1, hidden outside [1, 100 000]).
    QNetworkAgent(const GridMaze& maze, const QNetworkParameters& parameters, std::uint64_t seed);

    int stateCount() const override { return m_rows * m_cols; }
    int actionCount() const override { return kActionCount; }
    int selectAction(int state) override;
    int greedyAction(int state) const override;
    // One optimiser step on this transition alone.
    void learnFromTransition(const Experience& t) override;

    // One optimiser step on a minibatch; `weights` (empty, or one per transition: importance-sampling weights from a
    // prioritized buffer) scale each term of the mean loss. Returns each transition's TD error before the step (what
    // a prioritized buffer stores as its new priority). Throws std::invalid_argument for an empty batch, mismatched
    // weights or a transition outside the maze.
    std::vector<double> trainBatch(const std::vector<Experience>& batch, const std::vector<double>& weights = {});

    Eigen::VectorXd encode(int state) const;
    Eigen::VectorXd qValues(int state) const;  // online network
    const QNetwork& network() const { return m_online; }
    const QNetwork& targetNetwork() const { return m_target; }
    long optimizerSteps() const { return m_optimizer.steps(); }

private:
    int m_rows, m_cols;
    QNetworkParameters m_p;
    QNetwork m_online, m_target;
    Optimizer m_optimizer;
    Random m_rng;
    Eigen::VectorXd m_gradient;
};

}  // namespace neuroai::rl
