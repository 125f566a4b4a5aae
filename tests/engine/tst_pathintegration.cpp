// Path integration (engine/space/PathIntegration.h), registry id "path-integration". Each test would fail if the
// integrator or the statistic were wrong:
// - additive white velocity noise: the ensemble RMS error grows as √t (log-log slope 0.5 ± 0.05 over 2.3 decades,
//   400 paths) and equals σ_v·dt·√(2n) (per axis the error is a sum of n independent N(0, (σ_v·dt)²) terms, so
//   ⟨|e|²⟩ = 2n(σ_v·dt)²) within 5 % at three times;
// - no noise: the estimate follows the true path to 1e-9 cm, wall bounces included;
// - a gain error g on a straight run gives |e| = g·v·t exactly (slope 1); inside a closed box it stays below g times
//   the largest distance from the start;
// - heading drift on a straight run: RMS = v·dt·σ_θ·√dt·√(Σm²) (small angles), slope 3/2;
// - the log-log fit recovers an exact power law; bad input throws std::invalid_argument naming the parameter;
// - the registered batch experiment returns its series and scalars.

#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/space/PathIntegration.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

using namespace neuroai;
using namespace neuroai::space;

namespace {

// A straight run along (3, 4)/5 at `speed` cm/s for n steps of dt ms, starting at (10, 20), on the plane.
Trajectory straightRun(double speed, std::size_t n, double dtMs)
{
    Trajectory t;
    t.dtMs = dtMs;
    for (std::size_t i = 0; i <= n; ++i) {
        const double d = speed * double(i) * dtMs / 1000.0;
        t.x.push_back(10 + 0.6 * d);
        t.y.push_back(20 + 0.8 * d);
    }
    t.vx.assign(n + 1, 0.6 * speed);
    t.vy.assign(n + 1, 0.8 * speed);
    return t;
}

template <typename F>
void expectThrowNaming(F&& f, const std::string& name)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(name) != std::string::npos, e.what());
        return;
    }
    QFAIL(qPrintable(QStringLiteral("no std::invalid_argument naming %1").arg(QString::fromStdString(name))));
}

}  // namespace

class TestPathIntegration : public QObject {
    Q_OBJECT
private slots:
    void additiveNoiseGrowsAsSqrtT()
    {
        DriftSetup s;
        s.noise.velocitySdCmPerS = 10.0;
        s.dtMs = 10.0;
        s.durationS = 20.0;  // 2000 steps
        s.seeds = 400;
        s.seed = 5;
        const DriftEnsemble e = driftEnsemble(s);
        QCOMPARE(e.steps.back(), 2000.0);
        // Fit range 0.1 s … 20 s (10 … 2000 steps): 2.3 decades.
        const PowerLawFit fit = fitLogLogSlope(e.timeS, e.rmsCm, 0.1, 20.0);
        qInfo("additive noise: slope %.4f over [0.1, 20] s (%d points), 400 paths", fit.slope, fit.points);
        QVERIFY(fit.points >= 60);
        QCOMPARE_LE(std::abs(fit.slope - 0.5), 0.05);

        // RMS against σ_v·dt·√(2n). With 400 paths the RMS scatters by ~1/√(2·400) ≈ 2.5 % (|e|² is χ²₂-distributed,
        // coefficient of variation 1, and the RMS halves the relative error), so 5 % is 2 standard errors.
        for (const double n : {10.0, 200.0, 2000.0}) {
            std::size_t j = 0;
            while (e.steps[j] != n)
                ++j;
            const double theory = additiveRmsCm(10.0, 10.0, n);
            QCOMPARE(theory, 10.0 * 0.01 * std::sqrt(2.0 * n));
            qInfo("n = %g: RMS %.4f cm, theory %.4f cm (ratio %.4f)", n, e.rmsCm[j], theory, e.rmsCm[j] / theory);
            QCOMPARE_LE(std::abs(e.rmsCm[j] / theory - 1.0), 0.05);
        }
    }

    void noNoiseMeansNoError()
    {
        // In a small box, so the walk bounces off walls many times: the integrator adds the true displacements.
        const Arena box = Arena::openField(60);
        RandomWalkAgent agent(box, AgentParams{}, 9, {30, 30});
        const Trajectory path = agent.run(20000, 10.0);
        const IntegratedPath est = integratePath(path, PathIntegrationNoise{}, 3);
        double worst = 0;
        for (double e : est.errorCm)
            worst = std::max(worst, e);
        QCOMPARE_LE(worst, 1e-9);
        QCOMPARE(est.size(), path.size());

        DriftSetup s;
        s.durationS = 10;
        s.seeds = 20;
        const DriftEnsemble e = driftEnsemble(s);
        for (double v : e.rmsCm)
            QCOMPARE_LE(v, 1e-9);
    }

    void gainErrorDriftsLinearly()
    {
        // Straight run at 25 cm/s for 100 s with g = 0.1: the estimate is 10 % ahead, |e| = 0.1·25·t exactly.
        const Trajectory path = straightRun(25.0, 10000, 10.0);
        PathIntegrationNoise noise;
        noise.gainError = 0.1;
        const IntegratedPath est = integratePath(path, noise, 1);
        std::vector<double> t, err;
        for (std::size_t i = 1; i < est.size(); ++i) {
            t.push_back(est.timeS(i));
            err.push_back(est.errorCm[i]);
            QCOMPARE_LE(std::abs(est.errorCm[i] - 0.1 * 25.0 * est.timeS(i)), 1e-9);
        }
        const PowerLawFit fit = fitLogLogSlope(t, err, 0.01, 100.0);  // four decades
        qInfo("gain error 10 %% on a straight run: slope %.9f", fit.slope);
        QCOMPARE_LE(std::abs(fit.slope - 1.0), 1e-6);

        // In a closed box the error is g times the displacement from the start, so it stays bounded.
        const Arena box = Arena::openField(100);
        RandomWalkAgent agent(box, AgentParams{}, 4, {50, 50});
        const IntegratedPath boxed = integratePath(agent.run(30000, 10.0), noise, 2);
        double worst = 0;
        for (std::size_t i = 0; i < boxed.size(); ++i) {
            const double disp = std::hypot(boxed.trueX[i] - 50, boxed.trueY[i] - 50);
            QCOMPARE_LE(std::abs(boxed.errorCm[i] - 0.1 * disp), 1e-9);
            worst = std::max(worst, boxed.errorCm[i]);
        }
        QCOMPARE_LE(worst, 0.1 * 50 * std::sqrt(2.0) + 1e-9);
    }

    void headingDriftGrowsAsTToTheThreeHalves()
    {
        // A straight run at v = 20 cm/s with a heading error φ that random-walks by σ_θ·√dt per step. For small φ
        // the error is perpendicular, v·dt·Σ_{i<n} φᵢ, and Σφᵢ = s·Σ_j (n−1−j)·η_j with s = σ_θ·√dt, so
        // RMS = v·dt·s·√((n−1)n(2n−1)/6) ∝ t^{3/2}. σ_θ = 0.01 rad/√s keeps φ below ~0.1 rad (cos φ ≈ 1).
        const double v = 20, dt = 10, sigma = 0.01;
        const std::size_t n = 1000;
        const Trajectory path = straightRun(v, n, dt);
        PathIntegrationNoise noise;
        noise.headingDriftRadPerSqrtS = sigma;
        const int paths = 1000;
        std::vector<double> sumSq(n + 1, 0.0);
        for (int k = 0; k < paths; ++k) {
            const IntegratedPath est = integratePath(path, noise, 100 + std::uint64_t(k));
            for (std::size_t i = 0; i <= n; ++i)
                sumSq[i] += est.errorCm[i] * est.errorCm[i];
        }
        std::vector<double> t, rms;
        for (std::size_t i = 2; i <= n; ++i) {
            t.push_back(double(i) * dt / 1000);
            rms.push_back(std::sqrt(sumSq[i] / paths));
        }
        const PowerLawFit fit = fitLogLogSlope(t, rms, 0.1, 10.0);
        const double s = sigma * std::sqrt(dt / 1000);
        const double m = double(n);
        const double theory = v * dt / 1000 * s * std::sqrt((m - 1) * m * (2 * m - 1) / 6);
        qInfo("heading drift: slope %.4f, RMS at 10 s %.4f cm, small-angle theory %.4f cm", fit.slope, rms.back(),
              theory);
        // 1000 paths of a 1-D Gaussian error: the RMS scatters by ~1/√(2·1000)·√2 ≈ 2.2 %; 5 % is > 2 SE.
        QCOMPARE_LE(std::abs(rms.back() / theory - 1.0), 0.05);
        QCOMPARE_LE(std::abs(fit.slope - 1.5), 0.05);
    }

    void fitRecoversAPowerLaw()
    {
        std::vector<double> t, y;
        for (int i = 1; i <= 50; ++i) {
            t.push_back(0.1 * i);
            y.push_back(3.0 * std::pow(0.1 * i, 0.73));
        }
        t.push_back(100.0);
        y.push_back(-1.0);  // outside the range: ignored, even though a log of it would fail
        const PowerLawFit fit = fitLogLogSlope(t, y, 0.1, 5.0);
        QCOMPARE(fit.points, 50);
        QCOMPARE_LE(std::abs(fit.slope - 0.73), 1e-12);
        QCOMPARE_LE(std::abs(fit.prefactor - 3.0), 1e-12);
        QCOMPARE_LE(std::abs(fit.at(2.0) - 3.0 * std::pow(2.0, 0.73)), 1e-12);
    }

    void badInputThrows()
    {
        const Trajectory path = straightRun(10, 10, 10);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        PathIntegrationNoise n;
        n.velocitySdCmPerS = -1;
        expectThrowNaming([&] { integratePath(path, n, 1); }, "velocity_noise");
        n = {};
        n.gainError = 1.5;
        expectThrowNaming([&] { integratePath(path, n, 1); }, "gain_error");
        n = {};
        n.headingDriftRadPerSqrtS = nan;
        expectThrowNaming([&] { integratePath(path, n, 1); }, "heading_drift");
        Trajectory broken = path;
        broken.dtMs = 0;
        expectThrowNaming([&] { integratePath(broken, {}, 1); }, "dt");
        broken = path;
        broken.x[3] = nan;
        expectThrowNaming([&] { integratePath(broken, {}, 1); }, "trajectory sample 3");
        expectThrowNaming([&] { integratePath(Trajectory{}, {}, 1); }, "trajectory");

        DriftSetup s;
        s.seeds = 0;
        expectThrowNaming([&] { driftEnsemble(s); }, "seeds");
        s = {};
        s.durationS = -5;
        expectThrowNaming([&] { driftEnsemble(s); }, "duration");
        s = {};
        s.dtMs = nan;
        expectThrowNaming([&] { driftEnsemble(s); }, "dt");

        expectThrowNaming([] { fitLogLogSlope({1, 2}, {1, 2}, 0.5, 3); }, "points in range");
        expectThrowNaming([] { fitLogLogSlope({1, 2, 3}, {1, 0, 2}, 0.5, 3); }, "fit: value");
        expectThrowNaming([] { fitLogLogSlope({1, 2, 3}, {1, 2}, 0.5, 3); }, "fit: y values");
        expectThrowNaming([] { fitLogLogSlope({1, 2, 3}, {1, 2, 3}, 3, 1); }, "fit range");
    }

    void registeredExperimentRuns()
    {
        const ExperimentEntry* e = findExperiment("path-integration");
        QVERIFY(e);
        QCOMPARE(e->kind, ExperimentKind::Batch);
        ParamSet p(e->specs());
        p.set("duration", 10);
        p.set("seeds", 20);
        p.set("velocity_noise", 5);
        Progress progress;
        const ExperimentResult r = e->run(p, progress);
        QVERIFY(r.findSeries("rms_error"));
        QVERIFY(r.findSeries("additive_theory"));
        QVERIFY(r.findSeries("shown_error"));
        // σ_v·√(2·dt·T) = 5·√(2·0.01·10) cm.
        QCOMPARE_LE(std::abs(r.findScalar("theory_end_cm")->value - 5 * std::sqrt(0.2)), 1e-12);
        // 20 paths: the RMS scatters by ~16 %, so only a loose check that the law holds at the end.
        QCOMPARE_LE(std::abs(r.findScalar("rms_end_cm")->value / r.findScalar("theory_end_cm")->value - 1), 0.35);
        QVERIFY(std::isfinite(r.findScalar("slope")->value));
        QCOMPARE(progress.fraction(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestPathIntegration)
#include "tst_pathintegration.moc"
