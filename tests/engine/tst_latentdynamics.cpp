// Latent dynamics (engine/latent/LatentDynamics.h, Jpca.h): the LFADS stand-in of issue 13. Checks that noiseless
// data give the dynamics exactly (LDS frequency and decay, jPCA's frequency as the midpoint rule predicts, the true
// plane); that at the default, noisy settings jPCA and the LDS recover ω within 5 % and the plane within 5°, on four
// seeds, while the time-shuffled control recovers nothing (skew R² ≈ 0, plane far off); that M_skew is exactly skew
// and the least-squares optimum; PCA's orthonormality; the observation model's noise variance; determinism; and that
// bad input is rejected by name.

#include "engine/core/Random.h"
#include "engine/latent/Jpca.h"
#include "engine/latent/LatentDynamics.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

using namespace neuroai;
using namespace neuroai::latent;
using neuroai::test::throwsNaming;

namespace {

Eigen::MatrixXd matrix(const std::vector<double>& v, int rows, int cols)
{
    Eigen::MatrixXd m(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            m(i, j) = v[std::size_t(i) * std::size_t(cols) + std::size_t(j)];
    return m;
}

double relError(double measured, double expected) { return std::abs(measured / expected - 1); }

struct Run {
    RotationalPopulation pop;
    LatentAnalysis real;
    LatentAnalysis shuffled;
};

}  // namespace

class TestLatentDynamics : public QObject {
    Q_OBJECT
    std::vector<Run> m_runs;  // default configuration, seeds 1–4 (shared by several tests)

private slots:
    void initTestCase()
    {
        for (std::uint64_t seed = 1; seed <= 4; ++seed) {
            RotationalPopulationConfig cfg;
            cfg.seed = seed;
            Run run{simulateRotationalPopulation(cfg), {}, {}};
            run.real = analyseLatentDynamics(run.pop.observed);
            run.shuffled = analyseLatentDynamics(shuffleTimeWithinConditions(run.pop.observed, 100 + seed));
            m_runs.push_back(std::move(run));
        }
    }

    void noiselessDataGiveTheDynamicsExactly()
    {
        // The noiseless rates, without normalisation, k = 5 (the 2 rotational + 3 decaying dimensions left after the
        // cross-condition centring has removed the ramp). The data are then exactly x_{t+1} = A x_t:
        // - the LDS eigenvalues give ω = 2π·1.5 Hz and γ = 0.5 /s, and the decaying modes' 1/τ = 6.667 /s (1e-6);
        // - jPCA fits (x_{t+1} − x_t)/dt against (x_t + x_{t+1})/2; for the rotation z_{t+1} = a z_t,
        //   a = e^{(−γ + iω) dt}, that ratio is q = 2(a − 1)/((a + 1) dt) and the best skew multiplier is Im q
        //   (the decaying modes are orthogonal across conditions, so they do not couple): 1e-9 relative;
        // - the unconstrained fit is exact (R² = 1 to 1e-10), the skew one is not (decay is not rotation; measured
        //   0.92, asserted in (0.5, 0.99): a wrong sign of M_skew would make it negative);
        // - the jPC plane is the true plane (1e-6°).
        const RotationalPopulation& pop = m_runs[0].pop;
        const RotationalPopulationConfig& cfg = pop.config;
        LatentAnalysisConfig ac;
        ac.normalize = false;
        ac.dimensions = 5;
        const LatentAnalysis a = analyseLatentDynamics(pop.expected, ac);
        const double dt = cfg.dtMs * 1e-3, omega = 2 * std::numbers::pi * cfg.rotationHz;
        QVERIFY(a.lds.hasRotation);
        QVERIFY2(relError(a.lds.rotationHz, cfg.rotationHz) < 1e-6,
                 qPrintable(QString::number(a.lds.rotationHz, 'g', 12)));
        QVERIFY2(std::abs(a.lds.rotationDecayPerS - cfg.rotationDecayPerS) < 1e-6,
                 qPrintable(QString::number(a.lds.rotationDecayPerS, 'g', 12)));
        int decaying = 0;
        for (const EigenMode& m : a.lds.modes)
            if (m.frequencyHz < 1e-9 && std::abs(m.decayPerS - 1000.0 / cfg.decayingTauMs) < 1e-6)
                ++decaying;
        QCOMPARE(decaying, cfg.decayingModes);

        const std::complex<double> aa = std::exp(std::complex<double>(-cfg.rotationDecayPerS, omega) * dt);
        const double predictedHz = (2.0 * (aa - 1.0) / ((aa + 1.0) * dt)).imag() / (2 * std::numbers::pi);
        QVERIFY2(relError(a.jpca.rotationHz, predictedHz) < 1e-9,
                 qPrintable(QString("%1 vs %2").arg(a.jpca.rotationHz, 0, 'g', 12).arg(predictedHz, 0, 'g', 12)));
        QVERIFY(relError(predictedHz, cfg.rotationHz) < 1e-3);  // the midpoint rule's bias (ωdt)²/12 = 0.07 %
        QVERIFY2(std::abs(a.jpca.r2Full - 1) < 1e-10, qPrintable(QString::number(a.jpca.r2Full, 'g', 15)));
        QVERIFY(a.jpca.r2Skew < 0.99 && a.jpca.r2Skew > 0.5);
        const double angle = planeAngleDeg(pop.truePlane, a.jpca.neuronPlane, cfg.neurons);
        QVERIFY2(angle < 1e-6, qPrintable(QString::number(angle)));

        // With the soft normalisation (default), the metric changes and the noiseless plane is only close.
        const LatentAnalysis n = analyseLatentDynamics(pop.expected);
        const double normAngle = planeAngleDeg(pop.truePlane, n.jpca.neuronPlane, cfg.neurons);
        qInfo("noiseless: LDS %.9f Hz, decay %.9f /s; jPCA %.9f Hz (midpoint rule %.9f); with soft normalisation "
              "jPCA %.4f Hz, plane %.2f deg; R2 skew %.3f",
              a.lds.rotationHz, a.lds.rotationDecayPerS, a.jpca.rotationHz, predictedHz, n.jpca.rotationHz, normAngle,
              a.jpca.r2Skew);
        QVERIFY(normAngle < 2.5);  // measured ≤ 1.4° over seeds 1–30
        QVERIFY(relError(n.jpca.rotationHz, cfg.rotationHz) < 0.02);
    }

    void noisyPopulationRecoversRotationFrequencyAndPlane()
    {
        // Default settings (Poisson, 100 trials, 25 ms smoothing). Tolerances from the issue: 5 % and 5°; measured
        // over seeds 1–30 while building: jPCA ≤ 1.7 %, LDS ≤ 0.7 %, plane ≤ 3.1° (mean 2.5°), skew R² ≥ 0.83.
        const Run& first = m_runs[0];
        {
            // The noise level, for the record: observed − noiseless rate, and the rotational signal per neuron.
            const RotationalPopulation& pop = first.pop;
            double noise2 = 0, rate = 0, signal2 = 0;
            const int L = pop.latents;
            for (std::size_t i = 0; i < pop.observed.hz.size(); ++i) {
                noise2 += (pop.observed.hz[i] - pop.expected.hz[i]) * (pop.observed.hz[i] - pop.expected.hz[i]);
                rate += pop.expected.hz[i];
                const std::size_t row = i / std::size_t(pop.config.neurons), n = i % std::size_t(pop.config.neurons);
                const double s = pop.loading[n * std::size_t(L)] * pop.latent[row * std::size_t(L)] +
                                 pop.loading[n * std::size_t(L) + 1] * pop.latent[row * std::size_t(L) + 1];
                signal2 += s * s;
            }
            const double count = double(pop.observed.hz.size());
            qInfo("default noise: mean rate %.1f Hz, PSTH noise s.d. %.2f Hz, rotational signal s.d. %.1f Hz per "
                  "neuron, %d of %d baselines raised to keep rates >= 2 Hz",
                  rate / count, std::sqrt(noise2 / count), std::sqrt(signal2 / count), pop.raisedBaselines,
                  pop.config.neurons);
            QVERIFY(std::sqrt(noise2 / count) > 1.0);  // genuinely noisy
        }
        for (const Run& run : m_runs) {
            const RotationalPopulationConfig& cfg = run.pop.config;
            const LatentAnalysis& a = run.real;
            const double angle = planeAngleDeg(run.pop.truePlane, a.jpca.neuronPlane, cfg.neurons);
            qInfo("seed %d: jPCA %.4f Hz (%+.2f %%), LDS %.4f Hz (%+.2f %%, decay %.2f /s vs %.2f), plane %.2f deg, "
                  "R2 skew %.3f / full %.3f, jPC plane %.0f %% of the variance",
                  int(cfg.seed), a.jpca.rotationHz, 100 * (a.jpca.rotationHz / cfg.rotationHz - 1), a.lds.rotationHz,
                  100 * (a.lds.rotationHz / cfg.rotationHz - 1), a.lds.rotationDecayPerS, cfg.rotationDecayPerS, angle,
                  a.jpca.r2Skew, a.jpca.r2Full, 100 * a.jpca.planeVarianceFraction);
            QVERIFY(relError(a.jpca.rotationHz, cfg.rotationHz) < 0.05);
            QVERIFY(a.lds.hasRotation);
            QVERIFY(relError(a.lds.rotationHz, cfg.rotationHz) < 0.05);
            QVERIFY(angle < 5);
            QVERIFY(a.jpca.r2Skew > 0.75);
            QVERIFY(a.jpca.r2Full >= a.jpca.r2Skew);  // the skew matrices are a subset of all matrices
        }
    }

    void shuffledControlFindsNoRotation()
    {
        // Time bins permuted within each condition: the same states, no temporal order. The skew fit then explains
        // nothing (R² < 0.05; measured ≤ 0.005 over seeds 1–30, against ≥ 0.83 for the real data) and its plane is
        // far from the true one (> 10°; measured ≥ 15° over seeds 1–30, 29–54° on these four). Its "frequency" is
        // that of the largest skew pair of noise and may land near 1.5 Hz by chance (it did within 0.1 % for one
        // seed of 30), so it is printed, not asserted; the plane fails the 5° criterion on its own.
        for (const Run& run : m_runs) {
            const RotationalPopulationConfig& cfg = run.pop.config;
            const LatentAnalysis& s = run.shuffled;
            const double angle = planeAngleDeg(run.pop.truePlane, s.jpca.neuronPlane, cfg.neurons);
            qInfo("seed %d shuffled: R2 skew %.4f (real %.3f), plane %.1f deg, frequency %.3f Hz (%+.0f %%), "
                  "LDS R2 %.3f (real %.3f)",
                  int(cfg.seed), s.jpca.r2Skew, run.real.jpca.r2Skew, angle, s.jpca.rotationHz,
                  100 * (s.jpca.rotationHz / cfg.rotationHz - 1), s.lds.r2, run.real.lds.r2);
            QVERIFY(s.jpca.r2Skew < 0.05);
            QVERIFY(run.real.jpca.r2Skew > 0.75);
            QVERIFY(angle > 10);
            QVERIFY(angle > 5 || relError(s.jpca.rotationHz, cfg.rotationHz) > 0.05);
            // PCA saw the same set of states, so it is unchanged up to the centring (also shuffled in time).
            QVERIFY(std::abs(s.pca.explainedFraction[0] - run.real.pca.explainedFraction[0]) < 0.1);
        }
    }

    void skewFitIsExactlySkewAndTheLeastSquaresOptimum()
    {
        const LatentAnalysis& a = m_runs[0].real;
        const int k = a.pca.dimensions;
        const Eigen::MatrixXd scores = matrix(a.pca.scores, a.conditions * a.timeBins, k);
        const DerivativeSamples d = derivativeSamples(scores, a.conditions, a.timeBins, a.dtMs * 1e-3);
        const Eigen::MatrixXd& x = d.mid;
        const Eigen::MatrixXd& dx = d.derivative;
        const Eigen::MatrixXd m = fitSkewSymmetric(x, dx);
        QVERIFY((m - matrix(a.jpca.mSkew, k, k)).cwiseAbs().maxCoeff() == 0);  // what the analysis reported
        QVERIFY((m + m.transpose()).cwiseAbs().maxCoeff() <= 1e-12);           // exactly skew (in fact 0)

        // Stationarity over skew directions: the gradient −2RᵀX has no skew part, RᵀX − XᵀR = 0 (relative 1e-10).
        const Eigen::MatrixXd r = dx - x * m.transpose();
        const Eigen::MatrixXd g = r.transpose() * x;
        QVERIFY2((g - g.transpose()).norm() < 1e-10 * dx.norm() * x.norm(),
                 qPrintable(QString::number((g - g.transpose()).norm() / (dx.norm() * x.norm()))));

        // Every skew perturbation εΔ raises the residual, by exactly ε²‖XΔᵀ‖² (the cross term vanishes at the
        // optimum): each basis direction E_ab − E_ba and 20 random ones, both signs, relative 1e-6.
        const double base = residualSumOfSquares(x, dx, m);
        const double eps = 1e-3 * m.norm();
        Random rng(7);
        std::vector<Eigen::MatrixXd> directions;
        for (int i = 0; i < k; ++i)
            for (int j = i + 1; j < k; ++j) {
                Eigen::MatrixXd e = Eigen::MatrixXd::Zero(k, k);
                e(i, j) = 1;
                e(j, i) = -1;
                directions.push_back(e);
            }
        for (int n = 0; n < 20; ++n) {
            Eigen::MatrixXd e(k, k);
            for (int i = 0; i < k; ++i)
                for (int j = 0; j < k; ++j)
                    e(i, j) = rng.normal();
            directions.push_back(e - e.transpose());
        }
        for (const Eigen::MatrixXd& e : directions)
            for (const double sign : {1.0, -1.0}) {
                const double rise = residualSumOfSquares(x, dx, m + sign * eps * e) - base;
                const double expected = eps * eps * (x * e.transpose()).squaredNorm();
                QVERIFY(rise > 0);
                QVERIFY2(std::abs(rise - expected) < 1e-6 * expected,
                         qPrintable(QString("%1 vs %2").arg(rise).arg(expected)));
            }
        // The unconstrained fit can only do better.
        QVERIFY(residualSumOfSquares(x, dx, fitLinearDynamics(x, dx)) <= base);

        // A known skew system is recovered: dX = X M₀ᵀ exactly, M₀ random skew, X random (1e-10).
        Eigen::MatrixXd x0(200, 5), m0(5, 5);
        for (int i = 0; i < 200; ++i)
            for (int j = 0; j < 5; ++j)
                x0(i, j) = rng.normal();
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 5; ++j)
                m0(i, j) = rng.normal();
        m0 = m0 - m0.transpose().eval();
        QVERIFY((fitSkewSymmetric(x0, x0 * m0.transpose()) - m0).cwiseAbs().maxCoeff() < 1e-10);
    }

    void pcaAndPlanesAreOrthonormal()
    {
        const LatentAnalysis& a = m_runs[0].real;
        const int k = a.pca.dimensions, n = a.pca.neurons;
        const Eigen::MatrixXd v = matrix(a.pca.components, n, k);
        QVERIFY((v.transpose() * v - Eigen::MatrixXd::Identity(k, k)).cwiseAbs().maxCoeff() < 1e-12);
        for (int j = 1; j < k; ++j)
            QVERIFY(a.pca.explainedFraction[std::size_t(j)] <= a.pca.explainedFraction[std::size_t(j - 1)]);
        double sum = 0;
        for (const double f : a.pca.explainedFraction)
            sum += f;
        QVERIFY(sum <= 1 + 1e-12);
        QVERIFY(sum > 0.95);  // 5 structured dimensions in 6 PCs; the rest is noise
        // The scores are the data's coordinates: orthogonal directions, variances = the PCA variances.
        const Eigen::MatrixXd scores = matrix(a.pca.scores, a.conditions * a.timeBins, k);
        const Eigen::MatrixXd cov = scores.transpose() * scores / double(scores.rows());
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j)
                QVERIFY(std::abs(cov(i, j) - (i == j ? a.pca.variance[std::size_t(i)] : 0.0)) <
                        1e-10 * a.pca.variance[0]);
        const Eigen::MatrixXd q = matrix(a.jpca.plane, k, 2);
        QVERIFY((q.transpose() * q - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff() < 1e-12);
        const Eigen::MatrixXd p = matrix(a.jpca.neuronPlane, n, 2);
        QVERIFY((p.transpose() * p - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff() < 1e-12);
        const Eigen::MatrixXd t = matrix(m_runs[0].pop.truePlane, n, 2);
        QVERIFY((t.transpose() * t - Eigen::Matrix2d::Identity()).cwiseAbs().maxCoeff() < 1e-12);
        // The principal angle is a metric: 0 to itself, 90° to an orthogonal plane.
        QVERIFY(planeAngleDeg(m_runs[0].pop.truePlane, m_runs[0].pop.truePlane, n) < 1e-6);
        Eigen::MatrixXd other = Eigen::MatrixXd::Zero(4, 2), base = Eigen::MatrixXd::Zero(4, 2);
        base(0, 0) = base(1, 1) = 1;
        other(2, 0) = other(3, 1) = 1;
        QVERIFY(std::abs(largestPrincipalAngleDeg(base, other) - 90) < 1e-9);
        other(0, 0) = 1;  // columns (1,0,1,0)/√2 and (0,0,0,1): largest angle 90°, and one of 45°
        QVERIFY(std::abs(largestPrincipalAngleDeg(base, other) - 90) < 1e-9);
        other(3, 1) = 0;
        other(1, 1) = 1;  // (1,0,1,0) and (0,1,0,0): 45°
        QVERIFY(std::abs(largestPrincipalAngleDeg(base, other) - 45) < 1e-9);
    }

    void jpcProjectionsFollowTheConventions()
    {
        // The plot: every condition turns counter-clockwise from jPC1 to jPC2 (positive mean x₁ẋ₂ − x₂ẋ₁), the
        // initial states spread most along jPC1, condition 0 starts at jPC1 ≥ 0; they also turn at about ω
        // (angle swept over the window within 10 % of ω·T·dt: the rotation's phase advances exactly so).
        const Run& run = m_runs[0];
        const LatentAnalysis& a = run.real;
        const int C = a.conditions, T = a.timeBins;
        double spread1 = 0, spread2 = 0, swept = 0;
        for (int c = 0; c < C; ++c) {
            double turn = 0;
            for (int t = 0; t + 1 < T; ++t) {
                const double* p = &a.jpca.projection[std::size_t((c * T + t) * 2)];
                const double* q = p + 2;
                turn += p[0] * q[1] - p[1] * q[0];
                swept += std::remainder(std::atan2(q[1], q[0]) - std::atan2(p[1], p[0]), 2 * std::numbers::pi);
            }
            QVERIFY(turn > 0);
            const double* p0 = &a.jpca.projection[std::size_t(c * T * 2)];
            spread1 += p0[0] * p0[0];
            spread2 += p0[1] * p0[1];
        }
        QVERIFY(spread1 >= spread2);
        QVERIFY(a.jpca.projection[0] >= 0);
        const double expectedSweep = 2 * std::numbers::pi * run.pop.config.rotationHz * (T - 1) * a.dtMs * 1e-3;
        qInfo("mean angle swept in the jPC plane %.3f rad (expected %.3f)", swept / C, expectedSweep);
        QVERIFY(relError(swept / C, expectedSweep) < 0.1);
    }

    void observationNoiseHasItsStatedVariance()
    {
        // Without smoothing, the PSTH minus the noiseless rate is the trial-averaged noise: Gaussian of variance
        // σ²/trials, Poisson of variance r/(trials·dt). 19 200 bins: the variance ratio is 1 within 4 % (≥ 3 s.e.).
        RotationalPopulationConfig cfg;
        cfg.smoothingMs = 0;
        cfg.trials = 20;
        for (const Observation obs : {Observation::Gaussian, Observation::Poisson}) {
            cfg.observation = obs;
            const RotationalPopulation pop = simulateRotationalPopulation(cfg);
            double ratio = 0;
            for (std::size_t i = 0; i < pop.observed.hz.size(); ++i) {
                const double e = pop.observed.hz[i] - pop.expected.hz[i];
                const double var = obs == Observation::Gaussian
                                       ? cfg.gaussianNoiseHz * cfg.gaussianNoiseHz / cfg.trials
                                       : pop.expected.hz[i] / (cfg.trials * cfg.dtMs * 1e-3);
                ratio += e * e / var;
            }
            ratio /= double(pop.observed.hz.size());
            qInfo("%s: noise variance / model variance %.4f",
                  obs == Observation::Gaussian ? "Gaussian" : "Poisson", ratio);
            QVERIFY(std::abs(ratio - 1) < 0.04);
        }
        // The read-outs: Linear is b + L z exactly and never below minRateHz; SoftPlus is s·ln(1 + e^{u/s}) > 0.
        for (const Readout readout : {Readout::Linear, Readout::SoftPlus}) {
            cfg.readout = readout;
            const RotationalPopulation pop = simulateRotationalPopulation(cfg);
            const int L = pop.latents, N = cfg.neurons;
            for (std::size_t row = 0; row < std::size_t(cfg.conditions * cfg.timeBins); ++row)
                for (int n = 0; n < N; ++n) {
                    double u = pop.baselineHz[std::size_t(n)];
                    for (int l = 0; l < L; ++l)
                        u += pop.loading[std::size_t(n * L + l)] * pop.latent[row * std::size_t(L) + std::size_t(l)];
                    const double r = pop.expected.hz[row * std::size_t(N) + std::size_t(n)];
                    const double want =
                        readout == Readout::Linear ? u : cfg.softPlusHz * std::log1p(std::exp(u / cfg.softPlusHz));
                    QVERIFY(std::abs(r - want) < 1e-9 * std::max(1.0, std::abs(want)));
                    QVERIFY(readout == Readout::Linear ? r >= cfg.minRateHz - 1e-9 : r > 0);
                }
        }
    }

    void deterministicForASeed()
    {
        RotationalPopulationConfig cfg;
        cfg.trials = 10;
        cfg.seed = 42;
        const RotationalPopulation a = simulateRotationalPopulation(cfg), b = simulateRotationalPopulation(cfg);
        QVERIFY(a.observed.hz == b.observed.hz);
        QVERIFY(a.truePlane == b.truePlane);
        const LatentAnalysis x = analyseLatentDynamics(a.observed), y = analyseLatentDynamics(b.observed);
        QVERIFY(x.jpca.mSkew == y.jpca.mSkew);
        QVERIFY(x.jpca.projection == y.jpca.projection);
        QVERIFY(x.lds.a == y.lds.a);
        QVERIFY(shuffleTimeWithinConditions(a.observed, 5).hz == shuffleTimeWithinConditions(a.observed, 5).hz);
        QVERIFY(shuffleTimeWithinConditions(a.observed, 5).hz != shuffleTimeWithinConditions(a.observed, 6).hz);
        cfg.seed = 43;
        QVERIFY(simulateRotationalPopulation(cfg).observed.hz != a.observed.hz);
    }

    void badInputIsRejected()
    {
        using Cfg = RotationalPopulationConfig;
        auto simulateWith = [](auto change) {
            return [change] {
                RotationalPopulationConfig c;
                change(c);
                simulateRotationalPopulation(c);
            };
        };
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.conditions = 1; }), "conditions = 1"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.neurons = 4; }), "neurons = 4"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.dtMs = std::nan(""); }), "dtMs"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.rotationHz = 60; }), "rotationHz = 60"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.rotationHz = -1; }), "rotationHz"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.decayingModes = 5; }), "decayingModes"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.decayingTauMs = 0; }), "decayingTauMs"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.baselineMaxHz = 10; }), "baselineMaxHz"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.loadingHz = 0; }), "loadingHz"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.trials = 0; }), "trials = 0"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.trials = 1000000; }), "trials"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.smoothingMs = -5; }), "smoothingMs"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) {
                                 c.trials = 100000;
                                 c.dtMs = 1000;
                                 c.rotationHz = 0.1;
                                 c.timeBins = 3;
                                 c.neurons = 10;
                                 c.conditions = 2;
                             }),
                             "expected spikes"));
        QVERIFY(throwsNaming(simulateWith([](Cfg& c) { c.gaussianNoiseHz = INFINITY; }),
                             "gaussianNoiseHz"));

        RotationalPopulationConfig small;
        small.trials = 5;
        const RotationalPopulation pop = simulateRotationalPopulation(small);
        ConditionRates bad = pop.observed;
        bad.hz.pop_back();
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(bad); }, "hz.size()"));
        bad = pop.observed;
        bad.hz[17] = std::nan("");
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(bad); }, "hz[17]"));
        bad = pop.observed;
        bad.dtMs = 0;
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(bad); }, "dtMs"));
        QVERIFY(throwsNaming([&] { shuffleTimeWithinConditions(bad, 1); }, "dtMs"));
        LatentAnalysisConfig ac;
        ac.dimensions = 1;
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(pop.observed, ac); }, "dimensions = 1"));
        ac.dimensions = 61;
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(pop.observed, ac); }, "dimensions = 61"));
        ac.dimensions = 6;
        ac.softNormHz = -1;
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(pop.observed, ac); }, "softNormHz"));
        ConditionRates flat = pop.observed;
        std::fill(flat.hz.begin(), flat.hz.end(), 10.0);
        QVERIFY(throwsNaming([&] { analyseLatentDynamics(flat); }, "no variance"));
        QVERIFY(throwsNaming([&] { planeAngleDeg(pop.truePlane, {1.0, 0.0}, 60); }, "neurons x 2"));
        QVERIFY(throwsNaming([] { fitSkewSymmetric(Eigen::MatrixXd::Ones(10, 3), Eigen::MatrixXd::Ones(10, 2)); },
                             "fitSkewSymmetric"));
    }
};

QTEST_APPLESS_MAIN(TestLatentDynamics)
#include "tst_latentdynamics.moc"
