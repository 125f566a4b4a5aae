// Functional-connectivity statistics (engine/networks/Connectivity.h).
//
// What would fail if it were wrong:
// - after global-signal regression the residuals sum over nodes to zero at every time point (Σ_i β_i = N), so every
//   row of their covariance matrix sums to zero; a regression without the intercept, on a wrong global signal, or
//   with a wrong β breaks this by orders of magnitude (the raw data's row sums are ~10⁴);
// - the correlation matrix is symmetric, has a unit diagonal and is positive semidefinite, also when there are
//   fewer time points than nodes (rank-deficient); its entries agree with an independent two-series Pearson formula;
// - Murphy et al. (2009): two groups anti-correlated underneath a strong shared global signal look positively
//   correlated in the raw data and negatively correlated after GSR, and on data with no structure besides the
//   global signal GSR leaves a mean correlation of about −1/(N − 1);
// - correlation is invariant to per-node affine rescaling (sign flips for negative scales); z-scored data have unit
//   variance and their covariance is the correlation;
// - bad input (fewer than 2 time points, NaN, mismatched sizes, constant series, bad groups) throws naming it.

#include "engine/networks/Connectivity.h"

#include "engine/core/Random.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::networks;
using neuroai::test::throwsNaming;

namespace {

// N × T data: node i = offset_i + scale_i · (globalAmplitude · g(t) + noise_i(t)), g and the noise N(0, 1),
// offset_i ~ N(0, 100²), scale_i uniform in [0.5, 2.5] (or 1 for every node with equalScales).
Eigen::MatrixXd globalPlusNoise(int nodes, int times, double globalAmplitude, std::uint64_t seed,
                                bool equalScales = false)
{
    Random rng(seed);
    Eigen::VectorXd g(times);
    for (int t = 0; t < times; ++t)
        g[t] = rng.normal();
    Eigen::MatrixXd x(nodes, times);
    for (int i = 0; i < nodes; ++i) {
        const double offset = 100 * rng.normal(), spread = rng.uniform();
        const double scale = equalScales ? 1.0 : 0.5 + 2 * spread;
        for (int t = 0; t < times; ++t)
            x(i, t) = offset + scale * (globalAmplitude * g[t] + rng.normal());
    }
    return x;
}

// Two groups of `perGroup` nodes: group A carries +s(t), group B −s(t) (perfectly anti-correlated sources), all
// nodes carry a·g(t), and every node its own noise of standard deviation σ. All of s, g and the noise are N(0, 1).
Eigen::MatrixXd antiCorrelatedGroups(int perGroup, int times, double a, double sigma, std::uint64_t seed)
{
    Random rng(seed);
    Eigen::VectorXd s(times), g(times);
    for (int t = 0; t < times; ++t) {
        s[t] = rng.normal();
        g[t] = rng.normal();
    }
    Eigen::MatrixXd x(2 * perGroup, times);
    for (int i = 0; i < 2 * perGroup; ++i) {
        const double sign = i < perGroup ? 1.0 : -1.0;
        for (int t = 0; t < times; ++t)
            x(i, t) = sign * s[t] + a * g[t] + sigma * rng.normal();
    }
    return x;
}

double smallestEigenvalue(const Eigen::MatrixXd& m)
{
    return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m, Eigen::EigenvaluesOnly).eigenvalues().minCoeff();
}

}  // namespace

class TestConnectivity : public QObject {
    Q_OBJECT

private slots:
    void gsrCovarianceRowsSumToZero()
    {
        // 30 nodes × 500 time points with a global component 10× the noise, node offsets ~100 and scales 0.5–2.5.
        // β_i = cov(x_i, g)/var(g) sums to cov(Σ x_i, g)/var(g) = N var(g)/var(g) = N, so Σ_i e_i(t) =
        // Σ_i (x_i(t) − x̄_i) − N (g(t) − ḡ) = 0 at every t, and Σ_j C_ij = (1/(T−1)) Σ_t e_i(t) Σ_j e_j(t) = 0. Only
        // rounding remains: entries ~1, 30 terms: ~1e-14. Tolerance 1e-10 (absolute).
        const Eigen::MatrixXd x = globalPlusNoise(30, 500, 10.0, 42);
        const Regression gsr = globalSignalRegression(x);
        const double perTime = gsr.residuals.colwise().sum().cwiseAbs().maxCoeff();
        const Eigen::MatrixXd c = covarianceMatrix(gsr.residuals);
        const double rowSum = c.rowwise().sum().cwiseAbs().maxCoeff();
        const double rawRowSum = covarianceMatrix(x).rowwise().sum().cwiseAbs().maxCoeff();
        qInfo("GSR: max |Σ_i e_i(t)| = %.1e, max |row sum of cov| = %.1e (before GSR %.1f); Σ β = %.12f (N = 30)",
              perTime, rowSum, rawRowSum, gsr.beta.sum());
        QVERIFY(rowSum < 1e-10);
        QVERIFY(perTime < 1e-10);
        QVERIFY(std::abs(gsr.beta.sum() - 30) < 1e-10);
        QVERIFY(rawRowSum > 1000);  // the raw data are nothing like that
        // Residuals have zero time mean and are uncorrelated with the global signal (least squares).
        QVERIFY(gsr.residuals.rowwise().mean().cwiseAbs().maxCoeff() < 1e-12);
        const Eigen::VectorXd gc = gsr.regressor.array() - gsr.regressor.mean();
        QVERIFY((gsr.residuals * gc).cwiseAbs().maxCoeff() < 1e-9);
        // Intercept form: x_i(t) = a_i + β_i g(t) + e_i(t) exactly.
        const Eigen::MatrixXd rebuilt = (gsr.intercept * Eigen::RowVectorXd::Ones(500)) +
                                        gsr.beta * gsr.regressor.transpose() + gsr.residuals;
        QVERIFY((rebuilt - x).cwiseAbs().maxCoeff() < 1e-9);
        // So the variance-weighted correlations sum to zero: Σ_ij σ_i σ_j ρ_ij = Σ_ij C_ij = 0.
        const Eigen::MatrixXd r = correlationMatrix(gsr.residuals);
        const Eigen::VectorXd sd = c.diagonal().cwiseSqrt();
        QVERIFY(std::abs(sd.transpose() * r * sd) < 1e-9);
    }

    void correlationMatrixIsAValidCorrelationMatrix()
    {
        // Symmetric, unit diagonal, |ρ| ≤ 1, positive semidefinite: D^{-1/2} C D^{-1/2} with C = XcXcᵀ/(T−1). Also with
        // T = 25 < N = 40 (rank ≤ 24: sixteen eigenvalues are zero and come out at rounding level). Bound −1e-12.
        for (const int times : {400, 25}) {
            const Eigen::MatrixXd x = globalPlusNoise(40, times, 1.0, 7);
            const Eigen::MatrixXd r = correlationMatrix(x);
            QCOMPARE(r.rows(), 40);
            QCOMPARE((r - r.transpose()).cwiseAbs().maxCoeff(), 0.0);
            QVERIFY((r.diagonal().array() == 1.0).all());
            QVERIFY(r.cwiseAbs().maxCoeff() <= 1.0);
            const double lambda = smallestEigenvalue(r);
            qInfo("N = 40, T = %d: smallest eigenvalue of the correlation matrix %.2e", times, lambda);
            QVERIFY(lambda >= -1e-12);
            if (times < 40)
                QVERIFY(lambda < 1e-12);  // rank-deficient indeed
            // An entry against the textbook two-series formula.
            const Eigen::VectorXd a = x.row(3).transpose().array() - x.row(3).mean();
            const Eigen::VectorXd b = x.row(17).transpose().array() - x.row(17).mean();
            QVERIFY(std::abs(r(3, 17) - a.dot(b) / std::sqrt(a.squaredNorm() * b.squaredNorm())) < 1e-14);
            QVERIFY(std::abs(r(3, 17) - pearson(x.row(3).transpose(), x.row(17).transpose())) < 1e-15);
        }
        // The covariance of z-scored data is the correlation matrix; z-scored rows have mean 0 and variance 1.
        const Eigen::MatrixXd x = globalPlusNoise(12, 300, 2.0, 8);
        const Eigen::MatrixXd z = zscore(x);
        QVERIFY(z.rowwise().mean().cwiseAbs().maxCoeff() < 1e-13);
        QVERIFY((covarianceMatrix(z).diagonal().array() - 1).abs().maxCoeff() < 1e-13);
        QVERIFY((covarianceMatrix(z) - correlationMatrix(x)).cwiseAbs().maxCoeff() < 1e-13);
    }

    void gsrTurnsHiddenAntiCorrelationNegative()
    {
        // 2 × 10 nodes, T = 2000: group A = +s + 2g + n_i, group B = −s + 2g + n_i (σ = 1). Expected raw
        // correlations: between (−1 + 4)/(1 + 4 + 1) = +0.5, within (1 + 4)/6 = 0.833. After GSR: the global signal
        // is 2g + n̄ (s cancels between the equal groups), every β ≈ 1, and the residuals are ±s + n_i − n̄, with
        // variance 1 + σ²(1 − 1/20) = 1.95 and cov(n_i − n̄, n_j − n̄) = −σ²/20: between (−1 − 0.05)/1.95 = −0.538,
        // within (1 − 0.05)/1.95 = 0.487. Sampling error of these means at T = 2000: ~0.02. Tolerance 0.05.
        const Eigen::MatrixXd x = antiCorrelatedGroups(10, 2000, 2.0, 1.0, 2009);
        std::vector<int> a, b;
        for (int i = 0; i < 10; ++i) {
            a.push_back(i);
            b.push_back(10 + i);
        }
        const GroupCorrelation raw = groupMeanCorrelations(correlationMatrix(x), a, b);
        const GroupCorrelation gsr = groupMeanCorrelations(correlationMatrix(globalSignalRegression(x).residuals), a, b);
        const GroupCorrelation gsrZ =
            groupMeanCorrelations(correlationMatrix(globalSignalRegression(x).residuals), a, b, true);
        qInfo("raw: within A %.3f, within B %.3f, between %+.3f; after GSR: within A %.3f, within B %.3f, between "
              "%+.3f (Fisher-z average %+.3f)",
              raw.withinA, raw.withinB, raw.between, gsr.withinA, gsr.withinB, gsr.between, gsrZ.between);
        QVERIFY(raw.between > 0);
        QVERIFY(gsr.between < 0);
        QVERIFY(std::abs(raw.between - 0.5) < 0.05);
        QVERIFY(std::abs(raw.withinA - 5.0 / 6) < 0.05);
        QVERIFY(std::abs(gsr.between + 1.05 / 1.95) < 0.05);
        QVERIFY(std::abs(gsr.withinA - 0.95 / 1.95) < 0.05);
        // Fisher-z averaging of near-equal values gives nearly the same mean.
        QVERIFY(std::abs(gsrZ.between - gsr.between) < 0.01);

        // No hidden structure at all (20 independent nodes of equal scale + a global signal): the raw mean
        // correlation is large and positive; after GSR it is forced negative. Σ_ij σ_i σ_j ρ_ij = 0 with equal σ_i
        // gives a mean off-diagonal ρ of exactly −1/(N − 1) = −0.0526; the sample variances differ by ~√(2/T) = 3 %,
        // which moves it by ~0.002. Tolerance 0.005.
        const Eigen::MatrixXd y = globalPlusNoise(20, 2000, 3.0, 99, true);
        const Eigen::MatrixXd ry = correlationMatrix(y), gy = correlationMatrix(globalSignalRegression(y).residuals);
        const double rawMean = (ry.sum() - 20) / 380, gsrMean = (gy.sum() - 20) / 380;
        qInfo("global signal + independent noise, N = 20: mean off-diagonal correlation %.3f raw, %.4f after GSR "
              "(−1/(N−1) = %.4f)",
              rawMean, gsrMean, -1.0 / 19);
        QVERIFY(rawMean > 0.5);
        QVERIFY(gsrMean < 0);
        QVERIFY(std::abs(gsrMean + 1.0 / 19) < 0.005);
    }

    void correlationIsInvariantToAffineRescaling()
    {
        // x_i → a_i x_i + b_i with a_i in [0.01, 100] and b_i up to ±1000: ρ unchanged (tolerance 1e-12, the
        // rounding of the rescaled sums); a negative a_i flips the sign of row and column i.
        const Eigen::MatrixXd x = globalPlusNoise(15, 300, 1.5, 3);
        const Eigen::MatrixXd r = correlationMatrix(x);
        Random rng(4);
        Eigen::MatrixXd y = x;
        Eigen::VectorXd sign = Eigen::VectorXd::Ones(15);
        for (int i = 0; i < 15; ++i) {
            const double scale = std::pow(10.0, -2 + 4 * rng.uniform());
            sign[i] = (i % 4 == 1) ? -1.0 : 1.0;
            y.row(i) = (sign[i] * scale) * x.row(i).array() + 2000 * (rng.uniform() - 0.5);
        }
        const Eigen::MatrixXd ry = correlationMatrix(y);
        const Eigen::MatrixXd expected = sign.asDiagonal() * r * sign.asDiagonal();
        const double diff = (ry - expected).cwiseAbs().maxCoeff();
        qInfo("affine rescaling: max |Δρ| = %.1e", diff);
        QVERIFY(diff < 1e-12);
        QVERIFY((ry - r).cwiseAbs().maxCoeff() > 0.1);  // the flipped rows did flip
        // Fisher z: atanh, ±1 → ±∞, values just outside by rounding clamp, beyond that refused.
        QVERIFY(std::abs(fisherZ(0.5) - 0.5493061443340549) < 1e-15);
        QVERIFY(std::isinf(fisherZ(1.0)) && fisherZ(-1.0) < 0);
        QVERIFY(std::isinf(fisherZ(1.0 + 1e-14)));
        const Eigen::MatrixXd z = fisherZ(r);
        QVERIFY(std::abs(z(2, 5) - std::atanh(r(2, 5))) < 1e-15);
    }

    void badInputIsRejected()
    {
        Eigen::MatrixXd one(3, 1);
        one << 1, 2, 3;
        QVERIFY(throwsNaming([&] { correlationMatrix(one); }, "1 time points"));
        QVERIFY(throwsNaming([&] { covarianceMatrix(Eigen::MatrixXd(0, 5)); }, "no node"));
        Eigen::MatrixXd x = globalPlusNoise(4, 10, 1.0, 1);
        x(2, 7) = std::nan("");
        QVERIFY(throwsNaming([&] { zscore(x); }, "node 2, time point 7"));
        QVERIFY(throwsNaming([&] { globalSignalRegression(x); }, "non-finite"));
        x(2, 7) = 0.5;
        QVERIFY(throwsNaming([&] { regressOut(x, Eigen::VectorXd::Ones(9)); }, "regressor has 9 samples"));
        Eigen::VectorXd flat = Eigen::VectorXd::Constant(10, 3.0);
        QVERIFY(throwsNaming([&] { regressOut(x, flat); }, "constant"));
        QVERIFY(throwsNaming([&] { pearson(Eigen::VectorXd::Ones(5), Eigen::VectorXd::Ones(6)); }, "different lengths"));
        x.row(1).setConstant(4.2);
        QVERIFY(throwsNaming([&] { correlationMatrix(x); }, "node 1 has zero variance"));
        const Eigen::MatrixXd r = correlationMatrix(globalPlusNoise(6, 50, 1.0, 2));
        QVERIFY(throwsNaming([&] { groupMeanCorrelations(r.leftCols(5), {0, 1}, {2, 3}); }, "not square"));
        QVERIFY(throwsNaming([&] { groupMeanCorrelations(r, {0, 1}, {2, 6}); }, "node 6 is outside"));
        QVERIFY(throwsNaming([&] { groupMeanCorrelations(r, {0, 1, 1}, {2, 3}); }, "listed twice"));
        QVERIFY(throwsNaming([&] { groupMeanCorrelations(r, {0, 1}, {1, 3}); }, "in both groups"));
        QVERIFY(throwsNaming([&] { groupMeanCorrelations(r, {0}, {1, 3}); }, "group A has 1 node"));
        QVERIFY(throwsNaming([] { fisherZ(1.5); }, "outside [-1, 1]"));
        QVERIFY(throwsNaming([] { fisherZ(std::nan("")); }, "fisherZ"));
    }
};

QTEST_APPLESS_MAIN(TestConnectivity)
#include "tst_connectivity.moc"
