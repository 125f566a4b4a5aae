#include "engine/latent/Jpca.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace neuroai::latent {

namespace {

void checkPair(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx, const char* who)
{
    if (x.rows() != dx.rows() || x.cols() != dx.cols())
        throw std::invalid_argument(std::string(who) + ": states are " + std::to_string(x.rows()) + " x " +
                                    std::to_string(x.cols()) + " but derivatives " + std::to_string(dx.rows()) +
                                    " x " + std::to_string(dx.cols()));
    if (x.cols() < 1 || x.rows() < x.cols())
        throw std::invalid_argument(std::string(who) + ": " + std::to_string(x.rows()) +
                                    " samples are too few for " + std::to_string(x.cols()) + " dimensions");
    if (!x.allFinite() || !dx.allFinite())
        throw std::invalid_argument(std::string(who) + ": states or derivatives are not finite");
}

}  // namespace

PcaBasis principalComponents(const Eigen::MatrixXd& centred, int k)
{
    const int dims = int(centred.cols());
    if (k < 1 || k > dims)
        throw std::invalid_argument("principalComponents: k = " + std::to_string(k) + " must be in [1, " +
                                    std::to_string(dims) + "]");
    if (centred.rows() < 2 || !centred.allFinite())
        throw std::invalid_argument("principalComponents: data need at least two finite rows");
    const Eigen::MatrixXd cov = centred.transpose() * centred / double(centred.rows());
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    if (eig.info() != Eigen::Success)
        throw std::runtime_error("principalComponents: eigendecomposition failed");
    PcaBasis out;
    out.variance.resize(dims);
    for (int j = 0; j < dims; ++j)  // eigenvalues come in increasing order
        out.variance(j) = std::max(0.0, eig.eigenvalues()(dims - 1 - j));
    if (!(out.variance(0) > 0))
        throw std::invalid_argument("principalComponents: the data have no variance");
    out.components.resize(dims, k);
    for (int j = 0; j < k; ++j) {
        Eigen::VectorXd v = eig.eigenvectors().col(dims - 1 - j);
        Eigen::Index big = 0;
        v.cwiseAbs().maxCoeff(&big);
        if (v(big) < 0)
            v = -v;
        out.components.col(j) = v;
    }
    return out;
}

Eigen::MatrixXd fitLinearDynamics(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx)
{
    checkPair(x, dx, "fitLinearDynamics");
    const Eigen::MatrixXd mt = x.colPivHouseholderQr().solve(dx);  // Mᵀ
    return mt.transpose();
}

Eigen::MatrixXd fitSkewSymmetric(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx)
{
    checkPair(x, dx, "fitSkewSymmetric");
    const Eigen::Index k = x.cols();
    const Eigen::Index p = k * (k - 1) / 2;
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(k, k);
    if (p == 0)
        return m;
    // Normal equations of the stacked system (see the header), built from Σ = XᵀX and B = XᵀdX.
    const Eigen::MatrixXd sigma = x.transpose() * x;
    const Eigen::MatrixXd b = x.transpose() * dx;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> index;
    for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = i + 1; j < k; ++j)
            index.emplace_back(i, j);
    Eigen::MatrixXd normal(p, p);
    Eigen::VectorXd rhs(p);
    for (Eigen::Index u = 0; u < p; ++u) {
        const auto [a, bb] = index[std::size_t(u)];
        rhs(u) = b(bb, a) - b(a, bb);
        for (Eigen::Index v = 0; v < p; ++v) {
            const auto [c, d] = index[std::size_t(v)];
            normal(u, v) = (a == c ? sigma(bb, d) : 0.0) - (a == d ? sigma(bb, c) : 0.0) -
                           (bb == c ? sigma(a, d) : 0.0) + (bb == d ? sigma(a, c) : 0.0);
        }
    }
    const Eigen::VectorXd free = normal.colPivHouseholderQr().solve(rhs);
    for (Eigen::Index u = 0; u < p; ++u) {
        const auto [a, bb] = index[std::size_t(u)];
        m(a, bb) = free(u);
        m(bb, a) = -free(u);
    }
    return m;
}

double residualSumOfSquares(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx, const Eigen::MatrixXd& m)
{
    return (dx - x * m.transpose()).squaredNorm();
}

double fitR2(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx, const Eigen::MatrixXd& m)
{
    const Eigen::RowVectorXd mean = dx.colwise().mean();
    const double total = (dx.rowwise() - mean).squaredNorm();
    if (!(total > 0))
        return 0.0;
    return 1.0 - residualSumOfSquares(x, dx, m) / total;
}

DerivativeSamples derivativeSamples(const Eigen::MatrixXd& states, int conditions, int timeBins, double dtS)
{
    if (conditions < 1 || timeBins < 2 || states.rows() != Eigen::Index(conditions) * timeBins)
        throw std::invalid_argument("derivativeSamples: " + std::to_string(states.rows()) + " rows do not hold " +
                                    std::to_string(conditions) + " conditions x " + std::to_string(timeBins) +
                                    " bins");
    if (!(std::isfinite(dtS) && dtS > 0))
        throw std::invalid_argument("derivativeSamples: dt = " + std::to_string(dtS) + " must be positive");
    const Eigen::Index pairs = Eigen::Index(conditions) * (timeBins - 1), k = states.cols();
    DerivativeSamples out;
    out.prev.resize(pairs, k);
    out.next.resize(pairs, k);
    for (int c = 0; c < conditions; ++c)
        for (int t = 0; t + 1 < timeBins; ++t) {
            out.prev.row(c * (timeBins - 1) + t) = states.row(c * timeBins + t);
            out.next.row(c * (timeBins - 1) + t) = states.row(c * timeBins + t + 1);
        }
    out.mid = 0.5 * (out.prev + out.next);
    out.derivative = (out.next - out.prev) / dtS;
    return out;
}

Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& a)
{
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    return qr.householderQ() * Eigen::MatrixXd::Identity(a.rows(), a.cols());
}

double largestPrincipalAngleDeg(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b)
{
    if (a.rows() != b.rows() || a.cols() < 1 || b.cols() < 1 || a.cols() > a.rows() || b.cols() > b.rows())
        throw std::invalid_argument("largestPrincipalAngleDeg: subspaces of R^" + std::to_string(a.rows()) + " and R^" +
                                    std::to_string(b.rows()) + " cannot be compared");
    const Eigen::MatrixXd qa = orthonormalBasis(a), qb = orthonormalBasis(b);
    const Eigen::MatrixXd outside = qb - qa * (qa.transpose() * qb);
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(outside);
    const double s = std::clamp(svd.singularValues()(0), 0.0, 1.0);
    return std::asin(s) * 180.0 / std::numbers::pi;
}

}  // namespace neuroai::latent
