// The Kuramoto model (engine/networks/Kuramoto.h).
//
// What would fail if it were wrong:
// - with K = 0 every phase must advance at exactly its natural frequency (RK4 is exact for a constant right-hand
//   side, so only rounding remains);
// - two oscillators obey dφ/dt = Δω − K sin φ for φ = θ2 − θ1: they lock at sin φ* = Δω/K when |Δω| ≤ K, and beat
//   with period 2π/√(Δω² − K²) otherwise (an exact solution that checks the sign and scale of the coupling);
// - the O(N) mean-field right-hand side and RK4 step equal the O(N²) pairwise sum to rounding (1e-12);
// - the time- and realisation-averaged r at N = 2000 matches r∞ = √(1 − K_c/K) for K = 1.5, 2, 3 K_c within three
//   standard errors of the realisation spread (which contains the finite-N scatter of the random frequency draw),
//   and the locked fraction matches (2/π) atan(K r∞ / γ);
// - below K_c, r stays O(1/√N), and N⟨r²⟩ is 1 with no coupling and about 1/(1 − K/K_c) at K = K_c/2;
// - a sweep of K puts the rise of r at K_c = 2γ;
// - the numerical self-consistency solution reproduces the Lorentzian closed form, and a Gaussian population agrees
//   with its own self-consistent r;
// - the fast sin/cos agrees with the standard library; bad input throws naming the parameter; a sweep can be
//   cancelled.

#include "engine/networks/Kuramoto.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

using namespace neuroai::networks;
using neuroai::test::throwsNaming;

namespace {

constexpr double kPi = std::numbers::pi;

struct Spread {
    double mean = 0, se = 0;
};

Spread meanAndSE(const std::vector<double>& x)
{
    const double n = double(x.size());
    double m = 0, v = 0;
    for (const double a : x)
        m += a;
    m /= n;
    for (const double a : x)
        v += (a - m) * (a - m);
    return {m, std::sqrt(v / (n - 1) / n)};
}

}  // namespace

class TestKuramoto : public QObject {
    Q_OBJECT

private slots:
    void uncoupledPhasesAdvanceAtTheirNaturalFrequencies()
    {
        // K = 0: dθ_i/dt = ω_i, constant, which RK4 integrates exactly; 2000 steps of 0.05 leave only the rounding
        // of θ + dt·ω at every step, ≤ 2000 · 2^-52 · |θ| ≈ 5e-13 · |θ|. Tolerance 1e-11 · (1 + |θ|).
        KuramotoConfig c;
        c.oscillators = 300;
        c.coupling = 0;
        Kuramoto k(c);
        const Eigen::ArrayXd start = k.phases();
        k.advance(100.0);
        QCOMPARE(k.time(), 2000 * 0.05);
        double worst = 0;
        for (int i = 0; i < k.size(); ++i) {
            const double expected = start[i] + k.frequencies()[i] * k.time();
            worst = std::max(worst, std::abs(k.phases()[i] - expected) / (1 + std::abs(expected)));
        }
        qInfo("K = 0: largest |θ(t) − θ(0) − ω t| / (1 + |θ|) over 300 oscillators after t = 100: %.2e", worst);
        QVERIFY(worst < 1e-11);
    }

    void twoOscillatorsLockOrBeat()
    {
        // φ = θ2 − θ1 obeys dφ/dt = Δω − K sin φ (each feels K/2 · sin of the difference).
        KuramotoConfig c;
        c.oscillators = 2;
        c.coupling = 1.0;
        Kuramoto lock(c);
        lock.setFrequencies(Eigen::Array2d(-0.3, 0.3));  // Δω = 0.6 ≤ K: locked at sin φ* = 0.6
        lock.setPhases(Eigen::Array2d(0.0, 0.0));
        lock.advance(100.0);  // relaxation rate K cos φ* = 0.8: e^−80
        const double phi = lock.phases()[1] - lock.phases()[0];
        qInfo("two oscillators, Δω = 0.6, K = 1: φ = %.12f, asin(0.6) = %.12f; mean phase %.2e", phi, std::asin(0.6),
              0.5 * (lock.phases()[0] + lock.phases()[1]));
        QVERIFY(std::abs(phi - std::asin(0.6)) < 1e-9);
        // Both at the mean frequency 0: the mean phase is conserved exactly (the couplings cancel).
        QVERIFY(std::abs(lock.phases()[0] + lock.phases()[1]) < 1e-12);

        // Δω = 0.6 > K = 0.5: φ advances by exactly 2π per beat period T = 2π / √(0.36 − 0.25) ≈ 18.9. With
        // dt = T/400 (T/800) ten periods are exactly 4000 (8000) steps. RK4 is fourth order: halving dt must divide
        // the error of the advance by ~16 (accepted 10…22), and at T/800 it must be below 1e-8 rad.
        c.coupling = 0.5;
        const double period = 2 * kPi / std::sqrt(0.36 - 0.25);
        double error[2];
        for (const int perPeriod : {400, 800}) {
            c.dt = period / perPeriod;
            Kuramoto beat(c);
            beat.setFrequencies(Eigen::Array2d(-0.3, 0.3));
            beat.setPhases(Eigen::Array2d(0.0, 0.4));
            for (int s = 0; s < 10 * perPeriod; ++s)
                beat.step();
            error[perPeriod / 800] = std::abs((beat.phases()[1] - beat.phases()[0]) - 0.4 - 20 * kPi);
        }
        qInfo("two oscillators, Δω = 0.6, K = 0.5: |advance over ten beat periods − 20π| = %.2e (dt = T/400), "
              "%.2e (T/800), ratio %.1f",
              error[0], error[1], error[0] / error[1]);
        QVERIFY(error[1] < 1e-8);
        QVERIFY(error[0] / error[1] > 10 && error[0] / error[1] < 22);
    }

    void meanFieldEqualsPairwiseSum()
    {
        // The mean-field form is an algebraic identity: (K/N) Σ_j sin(θ_j − θ_i) = K (Im Z cos θ_i − Re Z sin θ_i).
        // Both are sums of N terms of size ≤ K, so they agree to ~N·K·1e-16; tolerance 1e-12.
        KuramotoConfig c;
        c.oscillators = 64;
        c.coupling = 2.3;
        c.seed = 11;
        Kuramoto a(c), b(c);
        const Eigen::ArrayXd fast = a.derivative(a.phases(), Kuramoto::Method::MeanField);
        const Eigen::ArrayXd slow = a.derivative(a.phases(), Kuramoto::Method::Pairwise);
        const double dDiff = (fast - slow).abs().maxCoeff();
        for (int s = 0; s < 20; ++s) {
            a.step(Kuramoto::Method::MeanField);
            b.step(Kuramoto::Method::Pairwise);
        }
        const double stepDiff = (a.phases() - b.phases()).abs().maxCoeff();
        qInfo("N = 64, K = 2.3: |mean field − pairwise| = %.1e (derivative), %.1e (phases after 20 RK4 steps)", dDiff,
              stepDiff);
        QVERIFY(dDiff < 1e-12);
        QVERIFY(stepDiff < 1e-12);
        // Not trivially equal: the coupling term is of order K.
        QVERIFY((fast - a.frequencies()).abs().maxCoeff() > 0.1);
    }

    void orderParameterMatchesTheoryAboveKc()
    {
        // N = 2000 Lorentzian oscillators (γ = 0.5, K_c = 1), random frequencies and random initial phases; 8
        // realisations (seeds) per K, each averaged over t in (30, 70] after a transient of 30 (from r ~ 1/√N, r
        // grows at (K − K_c)/2 ≥ 0.25 and relaxes at K − K_c ≥ 0.5). The error bar is the spread of the 8
        // realisation means / √8: it contains the finite-N scatter of the frequency draw (the dominant part) as
        // well as the temporal fluctuation. dt = 0.2 (K r dt ≤ 0.5): against dt = 0.05 the averages moved by
        // ≤ 0.0008, a fraction of the standard error.
        const double kc = 1.0;
        KuramotoRunSettings s;
        s.transient = 30;
        s.duration = 40;
        for (const double factor : {1.5, 2.0, 3.0}) {
            KuramotoConfig c;
            c.coupling = factor * kc;
            c.dt = 0.2;
            QCOMPARE(c.criticalCoupling(), kc);
            std::vector<double> r, locked;
            for (int m = 0; m < 8; ++m) {
                c.seed = 1000 + std::uint64_t(m);
                const KuramotoRun run = runKuramoto(c, s);
                r.push_back(run.rMean);
                locked.push_back(run.lockedFraction);
            }
            const Spread rs = meanAndSE(r), ls = meanAndSE(locked);
            const double theory = std::sqrt(1 - kc / c.coupling);
            const double lockedTheory = 2 / kPi * std::atan(c.coupling * theory / c.gamma);
            qInfo("K = %.1f K_c: r = %.4f ± %.4f (SE over 8 seeds), theory %.4f, (r − r∞)/SE = %+.2f; locked fraction "
                  "%.3f ± %.3f, theory %.3f",
                  factor, rs.mean, rs.se, theory, (rs.mean - theory) / rs.se, ls.mean, ls.se, lockedTheory);
            QVERIFY(std::abs(rs.mean - theory) < 3 * rs.se);
            // The test has teeth: the error bar is a few per cent of r at most.
            QVERIFY(rs.se < 0.015);
            // Locked fraction: the cluster is measured over a 40-long window, which cannot tell a locked oscillator
            // from a drifting one slower than ~1 cycle per window: allow 0.02 on top of 3 SE.
            QVERIFY(std::abs(ls.mean - lockedTheory) < 3 * ls.se + 0.02);
        }
    }

    void incoherentBelowKc()
    {
        // Below K_c the finite population keeps r = O(1/√N). Bound: r̄ < 3/√N (independent uniform phases give
        // ⟨r⟩ = √(π/(4N)) ≈ 0.89/√N). Fluctuations: N⟨r²⟩ = 1 with K = 0 (independent phases) and about
        // 1/(1 − K/K_c) = 2 at K = K_c/2 (linear theory, see the header); 4 realisations × a window of 100 (the
        // correlation time is 1/(γ − K/2) = 4); checked within 3 SE of the realisation spread plus 10 % for the
        // approximate theory.
        const int n = 2000;
        KuramotoRunSettings s;
        s.transient = 10;
        s.duration = 100;
        s.sampleEvery = 0.2;
        for (const double k : {0.0, 0.5}) {
            KuramotoConfig c;
            c.oscillators = n;
            c.coupling = k;
            c.dt = 0.2;
            std::vector<double> r, nr2;
            for (int m = 0; m < 4; ++m) {
                c.seed = 77 + std::uint64_t(m);
                const KuramotoRun run = runKuramoto(c, s);
                r.push_back(run.rMean);
                nr2.push_back(n * run.r2Mean);
            }
            const Spread rs = meanAndSE(r), fs = meanAndSE(nr2);
            const double expected = 1 / (1 - k / c.criticalCoupling());
            qInfo("K = %.1f K_c, N = %d: r̄ = %.4f (3/√N = %.4f), N⟨r²⟩ = %.2f ± %.2f, theory %.2f", k, n, rs.mean,
                  3 / std::sqrt(double(n)), fs.mean, fs.se, expected);
            QVERIFY(rs.mean < 3 / std::sqrt(double(n)));
            QVERIFY(std::abs(fs.mean - expected) < 3 * fs.se + 0.1 * expected);
        }
    }

    void sweepPutsTheRiseOfRAtKc()
    {
        // Quantile frequencies (no draw scatter), N = 2000, K = 0.5 … 1.5 K_c in steps of 0.1, an adiabatic sweep
        // upwards (each K continues from the previous state; transient 40, window 40). r crosses 0.2 at
        // K_c / (1 − 0.04) = 1.042 K_c for N → ∞; finite N rounds the transition and critical slowing down delays
        // the rise just above K_c. Tolerance: the crossing within 0.1 K_c of K_c = 2γ.
        KuramotoConfig c;
        c.sampling = FrequencySampling::Quantile;
        c.dt = 0.2;
        c.seed = 5;
        KuramotoRunSettings s;
        s.transient = 40;
        s.duration = 40;
        std::vector<double> ks;
        for (int i = 0; i <= 10; ++i)
            ks.push_back(0.5 + 0.1 * i);
        const KuramotoSweep sweep = sweepCoupling(c, ks, s, 1, true);
        QVERIFY(!sweep.cancelled);
        QString line;
        for (const KuramotoSweepPoint& p : sweep.points)
            line += QString(" %1:%2(%3)").arg(p.coupling, 0, 'f', 1).arg(p.rMean, 0, 'f', 3).arg(p.rTheory, 0, 'f', 3);
        const double onset = onsetCoupling(sweep, 0.2);
        qInfo("sweep K:r̄(theory)%s; r crosses 0.2 at K = %.3f (K_c = %.1f)", qPrintable(line), onset,
              c.criticalCoupling());
        QVERIFY(std::abs(onset - c.criticalCoupling()) < 0.1 * c.criticalCoupling());
        // Well above K_c the sweep follows the theory (quantile sampling: within 0.01).
        QVERIFY(std::abs(sweep.points.back().rMean - sweep.points.back().rTheory) < 0.01);
    }

    void selfConsistencyAndGaussianPopulation()
    {
        // The numerical self-consistency solution (Simpson, 4000 intervals; bisection to 2^-60) must reproduce the
        // Lorentzian closed form: the integrand is smooth, tolerance 1e-9.
        KuramotoConfig c;
        for (const double k : {1.01, 1.2, 2.0, 5.0}) {
            const double numeric = selfConsistentOrderParameter(c, k), closed = theoreticalOrderParameter(c, k);
            QVERIFY2(std::abs(numeric - closed) < 1e-9, qPrintable(QString("K %1: %2 vs %3").arg(k).arg(numeric).arg(closed)));
        }
        QCOMPARE(theoreticalOrderParameter(c, 0.9), 0.0);
        // Gaussian: K_c = σ√(8/π); near onset Kuramoto's expansion r² ≈ 16 (K − K_c) / (π K_c⁴ (−g''(0))) with
        // −g''(0) = 1/(σ³√(2π)); at K = 1.001 K_c the next order changes r by ~0.1 %: tolerance 1 %.
        c.distribution = FrequencyDistribution::Gaussian;
        const double kc = c.criticalCoupling();
        QVERIFY(std::abs(kc - c.gamma * std::sqrt(8 / kPi)) < 1e-12);
        const double k = 1.001 * kc;
        const double expansion = std::sqrt(16 * (k - kc) * std::pow(c.gamma, 3) * std::sqrt(2 * kPi) /
                                           (kPi * std::pow(kc, 4)));
        const double solved = theoreticalOrderParameter(c, k);
        qInfo("Gaussian σ = 0.5: K_c = %.6f; at 1.001 K_c r = %.5f, onset expansion %.5f", kc, solved, expansion);
        QVERIFY(std::abs(solved / expansion - 1) < 0.01);
        // A Gaussian population (quantile frequencies, N = 2000, 2 K_c) reaches that self-consistent r. Quantile
        // sampling removes the draw scatter; its remaining finite-N error on the Lorentzian was ≤ 0.001 at
        // N = 2000. Tolerance 0.005.
        c.sampling = FrequencySampling::Quantile;
        c.coupling = 2 * kc;
        c.dt = 0.2;
        KuramotoRunSettings s;
        s.transient = 30;
        s.duration = 40;
        const KuramotoRun run = runKuramoto(c, s);
        const double target = theoreticalOrderParameter(c, c.coupling);
        qInfo("Gaussian population at 2 K_c: r̄ = %.4f ± %.4f (block SE), self-consistent %.4f", run.rMean, run.rSE,
              target);
        QVERIFY(std::abs(run.rMean - target) < 0.005);
        // The quantile frequencies are the midpoints of N equal-probability bins: Φ(Φ⁻¹(p)) = p.
        for (const double p : {1e-10, 0.01, 0.3, 0.5, 0.97, 1 - 1e-9})
            QVERIFY(std::abs(0.5 * std::erfc(-normalQuantile(p) / std::sqrt(2.0)) - p) < 1e-14 * std::max(p, 1e-2));
        KuramotoConfig lq;
        lq.oscillators = 4;
        lq.sampling = FrequencySampling::Quantile;
        const std::vector<double> w = naturalFrequencies(lq);  // γ tan(π(i − ½)/4 − π/2), i = 1…4
        QVERIFY(std::abs(w[0] - 0.5 * std::tan(kPi * 0.5 / 4 - kPi / 2)) < 1e-12);
        QVERIFY(std::abs(w[0] + w[3]) < 1e-12 && std::abs(w[1] + w[2]) < 1e-12);
    }

    void fastSinCosAgreesWithTheLibrary()
    {
        // Arguments from 1e-3 to 1e7 (unwrapped phases grow), against std::sin / std::cos: a few 1e-16.
        Eigen::ArrayXd x(4003), s, cs;
        for (int i = 0; i < 4000; ++i)
            x[i] = (i % 2 ? -1 : 1) * std::pow(10.0, -3 + 10.0 * i / 4000.0);
        x[4000] = 1e9;  // beyond the reduction's range: the library
        x[4001] = 0;
        x[4002] = kPi / 4;
        sinCos(x, s, cs);
        double worst = 0;
        for (int i = 0; i < x.size(); ++i)
            worst = std::max({worst, std::abs(s[i] - std::sin(x[i])), std::abs(cs[i] - std::cos(x[i]))});
        qInfo("fast sin/cos: largest difference from the library %.1e", worst);
        QVERIFY(worst < 1e-15);
        Eigen::ArrayXd bad(1);
        bad[0] = std::nan("");
        sinCos(bad, s, cs);
        QVERIFY(std::isnan(s[0]) && std::isnan(cs[0]));
    }

    void badInputIsRejectedAndSweepsCancel()
    {
        auto with = [](auto change) {
            return [change] {
                KuramotoConfig c;
                change(c);
                Kuramoto k(c);
            };
        };
        QVERIFY(throwsNaming(with([](KuramotoConfig& c) { c.oscillators = 0; }), "oscillators = 0"));
        QVERIFY(throwsNaming(with([](KuramotoConfig& c) { c.coupling = -1; }), "coupling = -1"));
        QVERIFY(throwsNaming(with([](KuramotoConfig& c) { c.gamma = 0; }), "gamma = 0"));
        QVERIFY(throwsNaming(with([](KuramotoConfig& c) { c.omega0 = std::nan(""); }), "omega0"));
        QVERIFY(throwsNaming(with([](KuramotoConfig& c) { c.dt = 0; }), "dt = 0"));
        KuramotoConfig c;
        c.oscillators = 10;
        Kuramoto k(c);
        QVERIFY(throwsNaming([&] { k.setPhases(Eigen::ArrayXd::Zero(9)); }, "phases has 9 entries, expected 10"));
        QVERIFY(throwsNaming([&] { k.setFrequencies(Eigen::ArrayXd::Constant(10, INFINITY)); }, "non-finite"));
        QVERIFY(throwsNaming([&] { k.setCoupling(-2); }, "coupling = -2"));
        KuramotoRunSettings s;
        s.blocks = 1;
        QVERIFY(throwsNaming([&] { runKuramoto(c, s); }, "blocks = 1"));
        s = {};
        s.duration = -5;
        QVERIFY(throwsNaming([&] { runKuramoto(c, s); }, "duration = -5"));
        QVERIFY(throwsNaming([&] { sweepCoupling(c, {1.0}, {}, 0); }, "realisations = 0"));
        QVERIFY(throwsNaming([&] { sweepCoupling(c, {1.0, -1.0}, {}); }, "coupling = -1"));
        QVERIFY(throwsNaming([] { normalQuantile(1.0); }, "p = 1"));

        // Cancelling: the callback is asked at least once per run and a false answer stops the sweep, flagged.
        c.oscillators = 2000;
        s = {};
        s.transient = 5;
        s.duration = 10;
        int calls = 0;
        const KuramotoSweep cancelled = sweepCoupling(c, {1.0, 2.0, 3.0}, s, 2, false, [&](double f) {
            ++calls;
            return f < 0.1;
        });
        QVERIFY(cancelled.cancelled);
        QVERIFY(calls >= 1);
        QCOMPARE(int(cancelled.points.size()), 3);
        QVERIFY(std::isnan(cancelled.points[2].rMean));  // never reached
    }
};

QTEST_APPLESS_MAIN(TestKuramoto)
#include "tst_kuramoto.moc"
