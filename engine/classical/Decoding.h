#pragma once

// Chapter 9, decoding: which stimulus was shown, read from the spike counts of a simulated population, by a linear
// classifier (linear discriminant analysis or multinomial logistic regression), scored by k-fold cross-validation.
//
// The population: N neurons with von Mises tuning to a direction θ, r(θ) = r0 + r_max·exp(κ(cos(θ − θ_i) − 1)),
// preferred directions θ_i evenly spaced (offset by half a step), Poisson counts in a window T. The stimuli: S
// directions evenly spaced over 360°. Units: Hz, ms, degrees.

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace neuroai::classical {

struct PopulationSetup {
    int neurons = 64;
    int stimuli = 8;           // classes, evenly spaced over 360°
    int trialsPerStimulus = 40;
    double baselineHz = 2;     // r0
    double peakHz = 20;        // r_max, the extra rate at the preferred direction
    double kappa = 2;          // tuning width (concentration)
    double windowMs = 200;     // counting window T
    std::uint64_t seed = 1;
};

struct Dataset {
    Eigen::MatrixXd x;        // trials × features
    std::vector<int> labels;  // trials, each in [0, classes)
    int classes = 0;
};

// The mean rate of neuron i (of n) at a direction (degrees), and its preferred direction.
double preferredDirection(int neuron, int neurons);
double tuningRate(const PopulationSetup& setup, int neuron, double directionDeg);
// Spike counts of every neuron on every trial; trials ordered stimulus by stimulus. Throws std::invalid_argument
// naming a value out of range.
Dataset simulatePopulation(const PopulationSetup& setup);

enum class Classifier { Lda = 0, Logistic = 1 };

struct ClassifierSetup {
    Classifier kind = Classifier::Lda;
    double shrinkage = 0.1;     // LDA: Σ ← (1 − λ)Σ + λ·(tr Σ/d)·I, λ in [0, 1]
    double l2 = 1e-2;           // logistic: penalty (λ/2)‖W‖² on the weights (not the biases), per trial
    int iterations = 300;       // logistic: full-batch gradient steps (Nesterov momentum, step 1/L)
};

// A trained linear classifier: class = argmax_k (W x + b)_k. Features are standardised with the training set's
// mean and SD before W applies (a constant feature is left centred, unscaled).
class LinearClassifier {
public:
    static LinearClassifier train(const Dataset& data, const std::vector<int>& rows, const ClassifierSetup& setup);
    int predict(const Eigen::Ref<const Eigen::RowVectorXd>& x) const;
    // Logistic only: the mean cross-entropy (plus penalty) after each gradient step; empty for LDA.
    const std::vector<double>& lossTrace() const { return m_loss; }
    const Eigen::MatrixXd& weights() const { return m_w; }  // classes × features (standardised features)
    const Eigen::VectorXd& biases() const { return m_b; }

private:
    Eigen::RowVectorXd m_mean, m_scale;
    Eigen::MatrixXd m_w;
    Eigen::VectorXd m_b;
    std::vector<double> m_loss;
};

// The logistic classifier's objective on standardised features X (n × d) with labels in [0, K): the mean
// cross-entropy of softmax(W x + b) plus (l2/2)·‖W‖², and its gradient (written into gradW, K × d, and gradB, K).
double softmaxLoss(const Eigen::MatrixXd& x, const std::vector<int>& labels, const Eigen::MatrixXd& w,
                   const Eigen::VectorXd& b, double l2, Eigen::MatrixXd* gradW = nullptr,
                   Eigen::VectorXd* gradB = nullptr);

// k-fold cross-validated accuracy: each stimulus's trials are shuffled and dealt round-robin into the folds
// (stratified). `features` selects the columns used (empty = all). Requires 2 ≤ folds ≤ trials per class.
double crossValidatedAccuracy(const Dataset& data, const ClassifierSetup& setup, int folds, std::uint64_t seed,
                              const std::vector<int>& features = {});

// The accuracy of the Bayes-optimal rule for two Gaussian classes with equal priors and a shared covariance,
// Φ(Δ/2), Δ the Mahalanobis distance between the means.
double bayesAccuracyTwoGaussians(double mahalanobis);

}  // namespace neuroai::classical
