#pragma once

// Unsupervised tools shared by chapters 8 and 9: principal components, k-means and a Gaussian mixture fitted by
// expectation–maximisation. Rows are observations, columns are features.

#include <Eigen/Dense>

#include <vector>

namespace neuroai {
class Random;
}

namespace neuroai::analysis {

struct Pca {
    Eigen::VectorXd mean;           // d
    Eigen::MatrixXd components;     // d × k, unit columns by decreasing variance (sign: largest entry positive)
    Eigen::VectorXd variances;      // k sample variances (n − 1 in the denominator) along the components
    double totalVariance = 0;       // sum of all d variances
    Eigen::MatrixXd scores;         // n × k projections of the centred rows
    double explainedFraction() const { return totalVariance > 0 ? variances.sum() / totalVariance : 0.0; }
};
// Requires at least two rows and 1 ≤ k ≤ d (std::invalid_argument naming the value otherwise).
Pca principalComponents(const Eigen::MatrixXd& rows, int k);

struct Clusters {
    std::vector<int> labels;   // n, each in [0, k)
    Eigen::MatrixXd centres;   // k × d
    double inertia = 0;        // Σ squared distance of each row to its centre
    int iterations = 0;        // of the kept restart (k-means) or of EM
};

// Lloyd's algorithm from k-means++ seeds, `restarts` times; keeps the lowest inertia. A cluster that empties is
// re-seeded at the row farthest from its centre. Requires 1 ≤ k ≤ n.
Clusters kMeans(const Eigen::MatrixXd& rows, int k, Random& rng, int restarts = 8, int maxIterations = 200);

struct Mixture {
    Clusters clusters;                         // labels by largest responsibility, centres = means
    std::vector<double> weights;               // k mixing weights, sum 1
    std::vector<Eigen::MatrixXd> covariances;  // k full d × d covariances
    std::vector<double> logLikelihood;         // mean log density per row after each EM step (never decreasing)
};

// EM for a k-component Gaussian mixture with full covariances, started from k-means. A ridge of 1e-9 × the
// average feature variance keeps a covariance invertible. Stops when the mean log-likelihood gains less than
// `tolerance` or after maxIterations.
Mixture gaussianMixture(const Eigen::MatrixXd& rows, int k, Random& rng, int maxIterations = 300,
                        double tolerance = 1e-9);

// log N(x; mean, covariance) for each row, by Cholesky factorisation (the covariance must be positive definite).
Eigen::VectorXd gaussianLogDensity(const Eigen::MatrixXd& rows, const Eigen::VectorXd& mean,
                                   const Eigen::MatrixXd& covariance);

}  // namespace neuroai::analysis
