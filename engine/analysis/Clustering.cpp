#include "engine/analysis/Clustering.h"

#include "engine/core/Random.h"
#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace neuroai::analysis {

Pca principalComponents(const Eigen::MatrixXd& rows, int k)
{
    const auto n = rows.rows(), d = rows.cols();
    require(n >= 2, "principalComponents", "rows", double(n), "must be at least 2");
    require(k >= 1 && k <= d, "principalComponents", "components", k, "must lie between 1 and the feature count");
    Pca out;
    out.mean = rows.colwise().mean().transpose();
    const Eigen::MatrixXd centred = rows.rowwise() - out.mean.transpose();
    const Eigen::MatrixXd covariance = centred.transpose() * centred / double(n - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    // Eigen sorts eigenvalues increasingly: take the last k, largest first.
    out.components.resize(d, k);
    out.variances.resize(k);
    for (int j = 0; j < k; ++j) {
        Eigen::VectorXd v = solver.eigenvectors().col(d - 1 - j);
        Eigen::Index largest = 0;
        v.cwiseAbs().maxCoeff(&largest);
        if (v(largest) < 0)
            v = -v;
        out.components.col(j) = v;
        out.variances(j) = std::max(0.0, solver.eigenvalues()(d - 1 - j));
    }
    out.totalVariance = covariance.trace();
    out.scores = centred * out.components;
    return out;
}

namespace {

double squaredDistance(const Eigen::MatrixXd& rows, Eigen::Index i, const Eigen::MatrixXd& centres, Eigen::Index c)
{
    return (rows.row(i) - centres.row(c)).squaredNorm();
}

// k-means++: the first centre is a uniformly drawn row, each next one a row drawn with probability ∝ D², its
// squared distance to the nearest centre so far.
Eigen::MatrixXd seedCentres(const Eigen::MatrixXd& rows, int k, Random& rng)
{
    const auto n = rows.rows();
    Eigen::MatrixXd centres(k, rows.cols());
    centres.row(0) = rows.row(Eigen::Index(rng.uniform() * double(n)) % n);
    std::vector<double> nearest(std::size_t(n), std::numeric_limits<double>::infinity());
    for (int c = 1; c < k; ++c) {
        double total = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            nearest[std::size_t(i)] = std::min(nearest[std::size_t(i)], squaredDistance(rows, i, centres, c - 1));
            total += nearest[std::size_t(i)];
        }
        Eigen::Index chosen = n - 1;
        if (total > 0) {
            double target = rng.uniform() * total;
            for (Eigen::Index i = 0; i < n; ++i) {
                target -= nearest[std::size_t(i)];
                if (target < 0) {
                    chosen = i;
                    break;
                }
            }
        } else {
            chosen = Eigen::Index(rng.uniform() * double(n)) % n;
        }
        centres.row(c) = rows.row(chosen);
    }
    return centres;
}

Clusters lloyd(const Eigen::MatrixXd& rows, Eigen::MatrixXd centres, int maxIterations)
{
    const auto n = rows.rows();
    const auto k = centres.rows();
    Clusters out;
    out.labels.assign(std::size_t(n), -1);
    for (int iteration = 1; iteration <= maxIterations; ++iteration) {
        bool changed = false;
        for (Eigen::Index i = 0; i < n; ++i) {
            int best = 0;
            double bestDistance = std::numeric_limits<double>::infinity();
            for (Eigen::Index c = 0; c < k; ++c) {
                const double dist = squaredDistance(rows, i, centres, c);
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = int(c);
                }
            }
            if (out.labels[std::size_t(i)] != best) {
                out.labels[std::size_t(i)] = best;
                changed = true;
            }
        }
        out.iterations = iteration;
        std::vector<int> counts(std::size_t(k), 0);
        Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, rows.cols());
        for (Eigen::Index i = 0; i < n; ++i) {
            sums.row(out.labels[std::size_t(i)]) += rows.row(i);
            ++counts[std::size_t(out.labels[std::size_t(i)])];
        }
        bool reseeded = false;
        for (Eigen::Index c = 0; c < k; ++c) {
            if (counts[std::size_t(c)] > 0) {
                centres.row(c) = sums.row(c) / double(counts[std::size_t(c)]);
                continue;
            }
            // An empty cluster takes the row farthest from its own centre.
            Eigen::Index farthest = 0;
            double farthestDistance = -1;
            for (Eigen::Index i = 0; i < n; ++i) {
                const double dist = squaredDistance(rows, i, centres, out.labels[std::size_t(i)]);
                if (dist > farthestDistance) {
                    farthestDistance = dist;
                    farthest = i;
                }
            }
            centres.row(c) = rows.row(farthest);
            reseeded = true;
        }
        if (!changed && !reseeded)
            break;
    }
    out.centres = centres;
    out.inertia = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        out.inertia += squaredDistance(rows, i, centres, out.labels[std::size_t(i)]);
    return out;
}

}  // namespace

Clusters kMeans(const Eigen::MatrixXd& rows, int k, Random& rng, int restarts, int maxIterations)
{
    require(k >= 1 && k <= rows.rows(), "kMeans", "clusters", k, "must lie between 1 and the number of rows");
    require(restarts >= 1, "kMeans", "restarts", restarts, "must be at least 1");
    Clusters best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int r = 0; r < restarts; ++r) {
        Clusters c = lloyd(rows, seedCentres(rows, k, rng), maxIterations);
        if (c.inertia < best.inertia)
            best = std::move(c);
    }
    return best;
}

Eigen::VectorXd gaussianLogDensity(const Eigen::MatrixXd& rows, const Eigen::VectorXd& mean,
                                   const Eigen::MatrixXd& covariance)
{
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    require(llt.info() == Eigen::Success, "gaussianLogDensity", "covariance size", double(covariance.rows()),
            "is not positive definite");
    const Eigen::MatrixXd l = llt.matrixL();
    const double logDet = 2 * l.diagonal().array().log().sum();
    const double d = double(rows.cols());
    const Eigen::MatrixXd centred = (rows.rowwise() - mean.transpose()).transpose();  // d × n
    const Eigen::MatrixXd z = llt.matrixL().solve(centred);
    return (-0.5 * (z.colwise().squaredNorm().array() + logDet + d * std::log(2 * std::numbers::pi))).transpose();
}

Mixture gaussianMixture(const Eigen::MatrixXd& rows, int k, Random& rng, int maxIterations, double tolerance)
{
    const auto n = rows.rows(), d = rows.cols();
    require(k >= 1 && k <= n, "gaussianMixture", "components", k, "must lie between 1 and the number of rows");
    Mixture m;
    m.clusters = kMeans(rows, k, rng);
    const Eigen::VectorXd overallMean = rows.colwise().mean().transpose();
    const double averageVariance =
        std::max((rows.rowwise() - overallMean.transpose()).squaredNorm() / double(n * d), 1e-300);
    const Eigen::MatrixXd ridge = Eigen::MatrixXd::Identity(d, d) * (1e-9 * averageVariance);

    // Start: the k-means clusters' weights, means and covariances.
    Eigen::MatrixXd resp = Eigen::MatrixXd::Zero(n, k);
    for (Eigen::Index i = 0; i < n; ++i)
        resp(i, m.clusters.labels[std::size_t(i)]) = 1;
    Eigen::MatrixXd means(k, d);
    m.weights.assign(std::size_t(k), 0);
    m.covariances.assign(std::size_t(k), Eigen::MatrixXd::Identity(d, d));
    const auto mStep = [&] {
        for (Eigen::Index c = 0; c < k; ++c) {
            const double nk = resp.col(c).sum();
            m.weights[std::size_t(c)] = nk / double(n);
            if (nk <= 0) {
                // A component nobody belongs to keeps its covariance and sits on a random row.
                means.row(c) = rows.row(Eigen::Index(rng.uniform() * double(n)) % n);
                continue;
            }
            means.row(c) = resp.col(c).transpose() * rows / nk;
            const Eigen::MatrixXd centred = rows.rowwise() - means.row(c);
            m.covariances[std::size_t(c)] =
                (centred.array().colwise() * resp.col(c).array()).matrix().transpose() * centred / nk + ridge;
        }
    };
    mStep();

    Eigen::MatrixXd logp(n, k);
    double previous = -std::numeric_limits<double>::infinity();
    for (int iteration = 1; iteration <= maxIterations; ++iteration) {
        // E step: responsibilities by log-sum-exp.
        for (Eigen::Index c = 0; c < k; ++c) {
            const double logWeight = m.weights[std::size_t(c)] > 0 ? std::log(m.weights[std::size_t(c)])
                                                                     : -std::numeric_limits<double>::infinity();
            logp.col(c) = gaussianLogDensity(rows, means.row(c).transpose(), m.covariances[std::size_t(c)]).array() +
                          logWeight;
        }
        double total = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const double top = logp.row(i).maxCoeff();
            const double logSum = top + std::log((logp.row(i).array() - top).exp().sum());
            resp.row(i) = (logp.row(i).array() - logSum).exp();
            total += logSum;
        }
        const double meanLog = total / double(n);
        m.logLikelihood.push_back(meanLog);
        m.clusters.iterations = iteration;
        if (meanLog - previous < tolerance)
            break;
        previous = meanLog;
        mStep();
    }
    m.clusters.centres = means;
    m.clusters.inertia = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        Eigen::Index best = 0;
        resp.row(i).maxCoeff(&best);
        m.clusters.labels[std::size_t(i)] = int(best);
        m.clusters.inertia += (rows.row(i) - means.row(best)).squaredNorm();
    }
    return m;
}

}  // namespace neuroai::analysis
