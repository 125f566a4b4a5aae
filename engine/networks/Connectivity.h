#pragma once

// Functional connectivity of node × time data (chapter 5, "networks"): the statistics a resting-state analysis
// computes from regional time series (BOLD signals, or the simulated activity of a network model).
//
// Data layout: an Eigen::MatrixXd X with one row per node (region) and one column per time point; x_i(t) = X(i, t).
// Every function needs at least 2 time points and finite values, and throws std::invalid_argument naming the
// problem otherwise ("Connectivity: ...").
//
// Definitions (T time points, N nodes, x̄_i the time mean of node i):
//   - covariance          C_ij = (1/(T − 1)) Σ_t (x_i(t) − x̄_i)(x_j(t) − x̄_j)   (unbiased, T − 1 denominator);
//   - Pearson correlation ρ_ij = C_ij / √(C_ii C_jj), with ρ_ii set to exactly 1. It is symmetric, positive
//     semidefinite (D^{−½} C D^{−½} with C = (1/(T−1)) Xc Xcᵀ), and unchanged when a node is rescaled
//     x_i → a_i x_i + b_i with a_i > 0 (its sign flips for a_i < 0). A node with zero variance has no correlation
//     and is refused;
//   - z-scoring           z_i(t) = (x_i(t) − x̄_i) / s_i, s_i the sample standard deviation (T − 1), so that the
//     covariance of z-scored data is the correlation matrix;
//   - global signal       g(t) = (1/N) Σ_i x_i(t), the mean over nodes at every time point;
//   - global-signal regression (GSR): each node is regressed on g with an intercept, x_i(t) ≈ a_i + β_i g(t), by
//     ordinary least squares, and the residuals e_i(t) = x_i(t) − a_i − β_i g(t) are kept. Equivalently (and so
//     computed): demean both, β_i = Σ_t (x_i − x̄_i)(g − ḡ) / Σ_t (g − ḡ)², e_i(t) = (x_i(t) − x̄_i) − β_i (g(t) − ḡ);
//     the residuals have zero time mean. Because Σ_i β_i = cov(Σ_i x_i, g)/var(g) = N, the residuals sum over nodes
//     to zero at every time point, Σ_i e_i(t) = 0, so every row of their covariance matrix sums to zero and
//     Σ_ij σ_i σ_j ρ_ij = 0: the (variance-weighted) mean correlation after GSR is forced below zero whatever the
//     data (Murphy, Birn, Handwerker, Jones & Bandettini 2009, NeuroImage 44:893);
//   - Fisher z = atanh(ρ) (variance-stabilising; ±1 map to ±∞).
// Group means: the mean correlation over the distinct pairs within group A, within group B, and between A and B
// (all A × B pairs), optionally averaged in Fisher-z space and transformed back with tanh.
//
// What the tests (tests/engine/tst_connectivity.cpp) assert: after GSR every row of the covariance matrix sums to
// zero (< 1e-10) on data with a strong global component; the correlation matrix is symmetric with a unit diagonal and
// positive semidefinite (smallest eigenvalue ≥ −1e-12, also when T < N); two groups anti-correlated underneath a
// strong shared global signal show a positive between-group correlation before GSR and a negative one after it; the
// correlation is invariant to per-node affine rescaling; bad input throws naming the problem.

#include <Eigen/Dense>

#include <vector>

namespace neuroai::networks {

// Throws std::invalid_argument unless `x` has ≥ 1 node, ≥ 2 time points and only finite values (the message names
// the first bad node and time point).
void checkTimeSeries(const Eigen::MatrixXd& x);

Eigen::MatrixXd zscore(const Eigen::MatrixXd& x);            // rows z-scored; throws for a constant node
Eigen::MatrixXd covarianceMatrix(const Eigen::MatrixXd& x);  // N × N, T − 1 denominator
Eigen::MatrixXd correlationMatrix(const Eigen::MatrixXd& x); // N × N; throws for a constant node
// Pearson correlation of two series of equal length (≥ 2); throws for a constant series.
double pearson(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

Eigen::VectorXd globalSignal(const Eigen::MatrixXd& x);  // length T: the mean over nodes at each time point

struct Regression {
    Eigen::MatrixXd residuals;  // N × T, zero time mean per node
    Eigen::VectorXd beta;       // N slopes
    Eigen::VectorXd intercept;  // N intercepts a_i (x_i ≈ a_i + β_i · regressor)
    Eigen::VectorXd regressor;  // the regressor used (for GSR: the global signal)
};

// Each node regressed on `regressor` (length T) with an intercept; throws for a length mismatch or a constant
// regressor.
Regression regressOut(const Eigen::MatrixXd& x, const Eigen::VectorXd& regressor);
// regressOut(x, globalSignal(x)).
Regression globalSignalRegression(const Eigen::MatrixXd& x);

// atanh(r); r in [−1, 1] (values outside by less than 1e-12, from rounding, are clamped); ±1 give ±∞.
double fisherZ(double r);
Eigen::MatrixXd fisherZ(const Eigen::MatrixXd& r);  // elementwise (the unit diagonal of a correlation matrix → +∞)

struct GroupCorrelation {
    double withinA = 0;  // mean over pairs i < j of A
    double withinB = 0;  // mean over pairs i < j of B
    double between = 0;  // mean over i in A, j in B
};

// Means of a correlation matrix within and between two disjoint groups of node indices (each ≥ 2 nodes). With
// `viaFisherZ`, the means are taken of atanh(ρ) and returned as tanh(mean). Throws for a non-square matrix, an index
// out of range, a repeated index or a node in both groups.
GroupCorrelation groupMeanCorrelations(const Eigen::MatrixXd& correlation, const std::vector<int>& groupA,
                                       const std::vector<int>& groupB, bool viaFisherZ = false);

}  // namespace neuroai::networks
