#include "engine/classical/BiasVariance.h"

#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/core/Require.h"

#include <Eigen/Dense>

#include <cmath>
#include <numbers>

namespace neuroai::classical {

namespace {

// Legendre polynomials P_0..P_d at u = 2x − 1 (orthogonal on [0, 1]: the least-squares problem stays well
// conditioned up to high degrees, unlike the monomials).
void legendreRow(double x, int degree, double* out)
{
    const double u = 2 * x - 1;
    out[0] = 1;
    if (degree >= 1)
        out[1] = u;
    for (int k = 2; k <= degree; ++k)
        out[k] = ((2 * k - 1) * u * out[k - 1] - (k - 1) * out[k - 2]) / k;
}

void checkSetup(const BiasVarianceSetup& s)
{
    const char* who = "biasVariance";
    require(s.trainingPoints >= 2 && s.trainingPoints <= 10000, who, "training points", s.trainingPoints,
            "must lie in [2, 10000]");
    require(s.maxDegree >= 0 && s.maxDegree < s.trainingPoints, who, "highest degree", s.maxDegree,
            "must be ≥ 0 and below the number of training points");
    require(s.maxDegree <= 30, who, "highest degree", s.maxDegree, "must be at most 30");
    require(std::isfinite(s.noiseSd) && s.noiseSd >= 0, who, "noise SD", s.noiseSd, "must be finite and ≥ 0");
    require(s.repetitions >= 2 && s.repetitions <= 100000, who, "repetitions", s.repetitions, "must lie in [2, 100000]");
    require(s.testPoints >= 1 && s.testPoints <= 100000, who, "test points", s.testPoints, "must lie in [1, 100000]");
    require(std::isfinite(s.ridge) && s.ridge >= 0, who, "ridge", s.ridge, "must be finite and ≥ 0");
}

}  // namespace

double trueFunction(double x) { return std::sin(2 * std::numbers::pi * x); }

std::vector<double> fitPolynomial(const std::vector<double>& x, const std::vector<double>& y, int degree, double ridge)
{
    require(x.size() == y.size() && !x.empty(), "fitPolynomial", "points", double(x.size()),
            "must be as many x as y, at least one");
    require(degree >= 0 && degree <= 30, "fitPolynomial", "degree", degree, "must lie in [0, 30]");
    require(std::isfinite(ridge) && ridge >= 0, "fitPolynomial", "ridge", ridge, "must be finite and ≥ 0");
    const auto n = Eigen::Index(x.size()), p = Eigen::Index(degree + 1);
    // Ridge as extra rows √λ·I: one QR solves both cases.
    const Eigen::Index rows = n + (ridge > 0 ? p : 0);
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(rows, p);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(rows);
    std::vector<double> basis(static_cast<std::size_t>(p));
    for (Eigen::Index i = 0; i < n; ++i) {
        legendreRow(x[std::size_t(i)], degree, basis.data());
        for (Eigen::Index k = 0; k < p; ++k)
            a(i, k) = basis[std::size_t(k)];
        b(i) = y[std::size_t(i)];
    }
    if (ridge > 0)
        a.bottomRows(p).diagonal().setConstant(std::sqrt(ridge));
    const Eigen::VectorXd c = a.colPivHouseholderQr().solve(b);
    return std::vector<double>(c.data(), c.data() + c.size());
}

double evaluatePolynomial(const std::vector<double>& coefficients, double x)
{
    if (coefficients.empty())
        return 0;
    std::vector<double> basis(coefficients.size());
    legendreRow(x, int(coefficients.size()) - 1, basis.data());
    double v = 0;
    for (std::size_t k = 0; k < coefficients.size(); ++k)
        v += coefficients[k] * basis[k];
    return v;
}

BiasVarianceCurves biasVariance(const BiasVarianceSetup& s, Progress* progress)
{
    checkSetup(s);
    Random rng(s.seed);
    const int degrees = s.maxDegree + 1;
    const auto n = std::size_t(s.trainingPoints);
    const auto tests = s.design == Design::Grid ? n : std::size_t(s.testPoints);
    std::vector<double> testX(tests), testF(tests);
    for (std::size_t j = 0; j < tests; ++j) {
        testX[j] = s.design == Design::Grid ? (double(j) + 0.5) / double(n) : rng.uniform();
        testF[j] = trueFunction(testX[j]);
    }
    BiasVarianceCurves out;
    for (int d = 0; d < degrees; ++d)
        out.degrees.push_back(d);
    out.trainingError.assign(std::size_t(degrees), 0);
    out.testError.assign(std::size_t(degrees), 0);
    out.errorAgainstF.assign(std::size_t(degrees), 0);
    std::vector<std::vector<double>> sum(std::size_t(degrees), std::vector<double>(tests, 0)), sum2 = sum;
    for (int i = 0; i <= 100; ++i)
        out.fitGrid.push_back(i / 100.0);

    std::vector<double> x(n), y(n), testY(tests);
    for (int r = 0; r < s.repetitions; ++r) {
        if (progress && r % 10 == 0) {
            progress->throwIfCancelled();
            progress->setFraction(0.95 * r / s.repetitions);
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            switch (s.design) {
            case Design::Uniform: x[i] = rng.uniform(); break;
            case Design::Stratified: x[i] = (double(i) + rng.uniform()) / double(n); break;
            case Design::Grid: x[i] = (double(i) + 0.5) / double(n); break;
            }
            y[i] = trueFunction(x[i]) + s.noiseSd * rng.normal();
        }
        for (std::size_t j = 0; j < tests; ++j)
            testY[j] = testF[j] + s.noiseSd * rng.normal();
        if (r == 0) {
            out.exampleX = x;
            out.exampleY = y;
        }
        for (int d = 0; d < degrees; ++d) {
            const std::vector<double> c = fitPolynomial(x, y, d, s.ridge);
            double train = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                const double e = evaluatePolynomial(c, x[i]) - y[i];
                train += e * e;
            }
            out.trainingError[std::size_t(d)] += train / double(x.size());
            double test = 0, againstF = 0;
            for (std::size_t j = 0; j < tests; ++j) {
                const double g = evaluatePolynomial(c, testX[j]);
                test += (g - testY[j]) * (g - testY[j]);
                againstF += (g - testF[j]) * (g - testF[j]);
                sum[std::size_t(d)][j] += g;
                sum2[std::size_t(d)][j] += g * g;
            }
            out.testError[std::size_t(d)] += test / double(tests);
            out.errorAgainstF[std::size_t(d)] += againstF / double(tests);
            if (r == 0) {
                std::vector<double> fit;
                for (const double gx : out.fitGrid)
                    fit.push_back(evaluatePolynomial(c, gx));
                out.exampleFit.push_back(std::move(fit));
            }
        }
    }
    const double reps = s.repetitions;
    for (int d = 0; d < degrees; ++d) {
        out.trainingError[std::size_t(d)] /= reps;
        out.testError[std::size_t(d)] /= reps;
        out.errorAgainstF[std::size_t(d)] /= reps;
        double bias2 = 0, variance = 0;
        for (std::size_t j = 0; j < tests; ++j) {
            const double mean = sum[std::size_t(d)][j] / reps;
            bias2 += (mean - testF[j]) * (mean - testF[j]);
            variance += std::max(0.0, sum2[std::size_t(d)][j] / reps - mean * mean);
        }
        out.bias2.push_back(bias2 / double(tests));
        out.variance.push_back(variance / double(tests));
        if (out.testError[std::size_t(d)] < out.testError[std::size_t(out.bestDegree)])
            out.bestDegree = d;
    }
    return out;
}

}  // namespace neuroai::classical
