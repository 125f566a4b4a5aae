#include "engine/networks/Connectivity.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::networks {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("Connectivity: " + what); }

// Rows minus their time means.
Eigen::MatrixXd demeaned(const Eigen::MatrixXd& x) { return x.colwise() - x.rowwise().mean(); }

// Sample standard deviations of the rows of demeaned data; throws for a (numerically) constant row: one whose spread
// is below 1e-12 of its largest absolute value in the original data (rounding of a constant leaves ~1e-16 of it).
Eigen::VectorXd rowStandardDeviations(const Eigen::MatrixXd& xc, const Eigen::MatrixXd& x)
{
    const double t = double(xc.cols());
    Eigen::VectorXd sd = (xc.rowwise().squaredNorm() / (t - 1)).cwiseSqrt();
    for (Eigen::Index i = 0; i < sd.size(); ++i)
        if (!(sd[i] > 1e-12 * x.row(i).cwiseAbs().maxCoeff()))
            fail("node " + std::to_string(i) + " has zero variance (a constant series has no correlation)");
    return sd;
}

}  // namespace

void checkTimeSeries(const Eigen::MatrixXd& x)
{
    if (x.rows() < 1)
        fail("the data have no node (rows)");
    if (x.cols() < 2)
        fail("the data have " + std::to_string(x.cols()) + " time points (columns), at least 2 are needed");
    if (!x.allFinite())
        for (Eigen::Index t = 0; t < x.cols(); ++t)
            for (Eigen::Index i = 0; i < x.rows(); ++i)
                if (!std::isfinite(x(i, t)))
                    fail("non-finite value (" + std::to_string(x(i, t)) + ", NaN or infinity) at node " +
                         std::to_string(i) + ", time point " + std::to_string(t));
}

Eigen::MatrixXd zscore(const Eigen::MatrixXd& x)
{
    checkTimeSeries(x);
    const Eigen::MatrixXd xc = demeaned(x);
    const Eigen::VectorXd sd = rowStandardDeviations(xc, x);
    return sd.cwiseInverse().asDiagonal() * xc;
}

Eigen::MatrixXd covarianceMatrix(const Eigen::MatrixXd& x)
{
    checkTimeSeries(x);
    const Eigen::MatrixXd xc = demeaned(x);
    Eigen::MatrixXd c = xc * xc.transpose() / double(x.cols() - 1);
    // Exactly symmetric (the product is symmetric up to the order of the sums).
    return 0.5 * (c + c.transpose());
}

Eigen::MatrixXd correlationMatrix(const Eigen::MatrixXd& x)
{
    checkTimeSeries(x);
    const Eigen::MatrixXd xc = demeaned(x);
    const Eigen::VectorXd sd = rowStandardDeviations(xc, x);
    // Normalise the rows first, then one product: the result is D^{-1/2} C D^{-1/2} with no cancellation.
    const Eigen::MatrixXd u = sd.cwiseInverse().asDiagonal() * xc;
    Eigen::MatrixXd r = u * u.transpose() / double(x.cols() - 1);
    r = 0.5 * (r + r.transpose());
    r.diagonal().setOnes();
    return r;
}

double pearson(const Eigen::VectorXd& a, const Eigen::VectorXd& b)
{
    if (a.size() != b.size())
        fail("pearson: the series have different lengths (" + std::to_string(a.size()) + " and " +
             std::to_string(b.size()) + ")");
    Eigen::MatrixXd x(2, a.size());
    x.row(0) = a.transpose();
    x.row(1) = b.transpose();
    return correlationMatrix(x)(0, 1);
}

Eigen::VectorXd globalSignal(const Eigen::MatrixXd& x)
{
    checkTimeSeries(x);
    return x.colwise().mean().transpose();
}

Regression regressOut(const Eigen::MatrixXd& x, const Eigen::VectorXd& regressor)
{
    checkTimeSeries(x);
    if (regressor.size() != x.cols())
        fail("the regressor has " + std::to_string(regressor.size()) + " samples but the data have " +
             std::to_string(x.cols()) + " time points");
    if (!regressor.allFinite())
        fail("the regressor contains a non-finite value (NaN or infinity)");
    const double gMean = regressor.mean();
    const Eigen::VectorXd gc = regressor.array() - gMean;
    const double gg = gc.squaredNorm();
    if (!(gg > 0) || !(std::sqrt(gg / double(gc.size())) > 1e-12 * regressor.cwiseAbs().maxCoeff()))
        fail("the regressor is constant over time (nothing to regress out)");
    const Eigen::VectorXd xMean = x.rowwise().mean();
    const Eigen::MatrixXd xc = x.colwise() - xMean;
    Regression out;
    out.beta = xc * gc / gg;
    out.intercept = xMean - out.beta * gMean;
    out.residuals = xc - out.beta * gc.transpose();
    out.regressor = regressor;
    return out;
}

Regression globalSignalRegression(const Eigen::MatrixXd& x) { return regressOut(x, globalSignal(x)); }

double fisherZ(double r)
{
    if (!(std::abs(r) <= 1 + 1e-12))
        fail("fisherZ: r = " + std::to_string(r) + " is outside [-1, 1]");
    if (r >= 1)
        return std::numeric_limits<double>::infinity();
    if (r <= -1)
        return -std::numeric_limits<double>::infinity();
    return std::atanh(r);
}

Eigen::MatrixXd fisherZ(const Eigen::MatrixXd& r)
{
    Eigen::MatrixXd z(r.rows(), r.cols());
    for (Eigen::Index j = 0; j < r.cols(); ++j)
        for (Eigen::Index i = 0; i < r.rows(); ++i)
            z(i, j) = fisherZ(r(i, j));
    return z;
}

GroupCorrelation groupMeanCorrelations(const Eigen::MatrixXd& correlation, const std::vector<int>& groupA,
                                       const std::vector<int>& groupB, bool viaFisherZ)
{
    const Eigen::Index n = correlation.rows();
    if (correlation.cols() != n)
        fail("the correlation matrix is " + std::to_string(n) + " × " + std::to_string(correlation.cols()) +
             ", not square");
    std::vector<int> owner(std::size_t(n), 0);
    auto check = [&](const std::vector<int>& g, int id, const char* name) {
        if (g.size() < 2)
            fail(std::string("group ") + name + " has " + std::to_string(g.size()) + " node(s), at least 2 are needed");
        for (const int i : g) {
            if (i < 0 || i >= n)
                fail(std::string("group ") + name + ": node " + std::to_string(i) + " is outside [0, " +
                     std::to_string(n) + ")");
            if (owner[std::size_t(i)] == id)
                fail(std::string("group ") + name + ": node " + std::to_string(i) + " is listed twice");
            if (owner[std::size_t(i)] != 0)
                fail("node " + std::to_string(i) + " is in both groups");
            owner[std::size_t(i)] = id;
        }
    };
    check(groupA, 1, "A");
    check(groupB, 2, "B");
    auto value = [&](int i, int j) {
        const double r = correlation(i, j);
        if (!std::isfinite(r))
            fail("non-finite correlation at (" + std::to_string(i) + ", " + std::to_string(j) + ")");
        return viaFisherZ ? fisherZ(r) : r;
    };
    auto finish = [&](double sum, double count) {
        const double m = sum / count;
        return viaFisherZ ? std::tanh(m) : m;
    };
    auto within = [&](const std::vector<int>& g) {
        double s = 0;
        for (std::size_t a = 0; a < g.size(); ++a)
            for (std::size_t b = a + 1; b < g.size(); ++b)
                s += value(g[a], g[b]);
        return finish(s, double(g.size() * (g.size() - 1) / 2));
    };
    GroupCorrelation out;
    out.withinA = within(groupA);
    out.withinB = within(groupB);
    double s = 0;
    for (const int i : groupA)
        for (const int j : groupB)
            s += value(i, j);
    out.between = finish(s, double(groupA.size() * groupB.size()));
    return out;
}

}  // namespace neuroai::networks
