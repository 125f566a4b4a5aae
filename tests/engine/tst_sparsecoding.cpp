// Sparse coding of natural-like images (engine/vision/NaturalImages.h, SparseCoding.h, FilterShape.h). Checks that
// ISTA/FISTA reach the LASSO optimum (KKT conditions) with ISTA's energy never increasing, that dead-leaves images
// have a 1/f amplitude spectrum which Olshausen & Field's whitening flattens, that the filter-shape criterion tells
// Gabors from noise, gratings and blobs, that training on whitened dead leaves lowers the held-out energy and gives
// localised oriented filters while the random start, white noise and phase-randomised images do not, and that bad
// input is rejected by name.

#include "engine/vision/FilterShape.h"
#include "engine/vision/NaturalImages.h"
#include "engine/vision/SparseCoding.h"

#include "engine/core/Random.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

using namespace neuroai;
using namespace neuroai::vision;
using neuroai::test::throwsNaming;

namespace {

// Largest violation of the LASSO optimality conditions at a: with g = Φᵀ(x − Φa), |g_i − λ·sign(a_i)| where
// a_i ≠ 0, and |g_i| − λ (when positive) where a_i = 0.
double kktViolation(const Eigen::MatrixXd& phi, const Eigen::VectorXd& x, const Eigen::VectorXd& a, double lambda)
{
    const Eigen::VectorXd g = phi.transpose() * (x - phi * a);
    double worst = 0;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (a[i] != 0)
            worst = std::max(worst, std::abs(g[i] - lambda * (a[i] > 0 ? 1.0 : -1.0)));
        else
            worst = std::max(worst, std::abs(g[i]) - lambda);
    }
    return worst;
}

Eigen::MatrixXd randomBasis(int rows, int cols, std::uint64_t seed)
{
    Random rng(seed);
    Eigen::MatrixXd phi(rows, cols);
    for (Eigen::Index i = 0; i < phi.size(); ++i)
        phi.data()[i] = rng.normal();
    for (Eigen::Index k = 0; k < phi.cols(); ++k)
        phi.col(k).normalize();
    return phi;
}

// A Gabor on an n × n grid (pixel centres at integer coordinates): Gaussian envelope σ (px) around (cx, cy), carrier
// of f cycles/pixel along the direction theta (the wave vector), phase psi.
GrayImage gabor(int n, double cx, double cy, double sigma, double f, double theta, double psi)
{
    GrayImage g(n, n);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            const double dx = x - cx, dy = y - cy;
            const double u = dx * std::cos(theta) + dy * std::sin(theta);
            g.at(x, y) = std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) *
                         std::cos(2 * std::numbers::pi * f * u + psi);
        }
    return g;
}

std::vector<GrayImage> whitenedDeadLeaves(int count, std::uint64_t firstSeed, bool phaseRandomise = false)
{
    std::vector<GrayImage> images;
    for (int i = 0; i < count; ++i) {
        GrayImage im = deadLeaves(128, 128, firstSeed + std::uint64_t(i));
        if (phaseRandomise)
            im = phaseRandomised(im, 500 + std::uint64_t(i));
        images.push_back(whiten(im));
    }
    return images;
}

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

class TestSparseCoding : public QObject {
    Q_OBJECT
    std::chrono::steady_clock::time_point m_start;
private slots:
    void init() { m_start = std::chrono::steady_clock::now(); }
    void cleanup() { qInfo("(%.3f s)", secondsSince(m_start)); }

    void lassoReachesTheKktConditions()
    {
        // x: a whitened dead-leaves patch (‖x‖² ≈ 64), λ = 1 (the default). Φ random with unit columns: complete
        // (64 × 64) and twice overcomplete (64 × 128). The KKT conditions characterise the LASSO minimum, so a
        // violation ≤ 1e-6 (in units of g, whose entries are O(1)) means the solver found it.
        const PatchSet patches = samplePatches(whitenedDeadLeaves(1, 42), {8, 3, true, false}, 7);
        const Eigen::MatrixXd xs = SparseCoding::patchMatrix(patches);
        const double lambda = 1.0;
        for (const int k : {64, 128}) {
            const Eigen::MatrixXd phi = randomBasis(64, k, 100 + std::uint64_t(k));
            for (Eigen::Index p = 0; p < xs.cols(); ++p) {
                const Eigen::VectorXd x = xs.col(p);
                LassoOptions ista;
                ista.method = LassoMethod::Ista;
                ista.iterations = 2000;
                ista.recordObjective = true;
                const LassoResult ri = solveLasso(phi, x, lambda, ista);
                LassoOptions fista = ista;
                fista.method = LassoMethod::Fista;
                fista.iterations = 1000;
                const LassoResult rf = solveLasso(phi, x, lambda, fista);
                const double vi = kktViolation(phi, x, ri.a, lambda), vf = kktViolation(phi, x, rf.a, lambda);
                // ISTA with step 1/L is a majorise-minimise scheme: E never increases (up to rounding, 1e-12·E0).
                int istaIncreases = 0, fistaIncreases = 0;
                for (std::size_t i = 1; i < ri.objectiveTrace.size(); ++i)
                    istaIncreases += ri.objectiveTrace[i] > ri.objectiveTrace[i - 1] + 1e-12 * ri.objectiveTrace[0];
                for (std::size_t i = 1; i < rf.objectiveTrace.size(); ++i)
                    fistaIncreases += rf.objectiveTrace[i] > rf.objectiveTrace[i - 1] + 1e-12 * rf.objectiveTrace[0];
                // A few iterations are not the optimum: the same check fails there.
                LassoOptions early = ista;
                early.iterations = 3;
                const double vEarly = kktViolation(phi, x, solveLasso(phi, x, lambda, early).a, lambda);
                qInfo("K = %d, patch %d: KKT violation ISTA(2000) %.1e, FISTA(1000) %.1e, ISTA(3) %.2f; E %.6f vs "
                      "%.6f; %d of %d active; E increases: ISTA %d, FISTA %d",
                      k, int(p), vi, vf, vEarly, ri.objective, rf.objective, int((rf.a.array() != 0).count()), k,
                      istaIncreases, fistaIncreases);
                QVERIFY(vi <= 1e-6);
                QVERIFY(vf <= 1e-6);
                QVERIFY(vEarly > 1e-2);
                QCOMPARE(istaIncreases, 0);
                QVERIFY(std::abs(ri.objective - rf.objective) <= 1e-9 * rf.objective);
            }
        }
        // Orthonormal Φ: L = 1 and one ISTA step from zero is the closed form S_λ(Φᵀx), exactly the optimum.
        const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(randomBasis(64, 64, 9)).householderQ();
        const Eigen::VectorXd x = xs.col(0);
        LassoOptions one;
        one.method = LassoMethod::Ista;
        one.iterations = 1;
        const LassoResult r = solveLasso(q, x, lambda, one);
        const Eigen::VectorXd z = q.transpose() * x;
        for (Eigen::Index i = 0; i < z.size(); ++i) {
            const double expected = z[i] > lambda ? z[i] - lambda : (z[i] < -lambda ? z[i] + lambda : 0.0);
            QVERIFY(std::abs(r.a[i] - expected) <= 1e-12);
        }
        QVERIFY(kktViolation(q, x, r.a, lambda) <= 1e-12);
        QVERIFY(std::abs(lipschitzConstant(q) - 1.0) <= 1e-12);
    }

    void deadLeavesHaveAOneOverFSpectrumThatWhiteningFlattens()
    {
        // The radially averaged amplitude spectrum of 128 × 128 dead leaves (α = 3, radii 2–64 px, blur 0.5 px),
        // averaged over 4 images, fitted in log–log over 4 cycles/picture … 0.2 cycles/pixel: slope −1 ± 0.3
        // (natural images: −0.8 … −1.5). After whitening: |slope| ≤ 0.25 over the same band (R(f) is within 6 % of
        // f there, so a 1/f input comes out flat). Controls: white noise has slope ≈ 0 (the first check is not
        // passed by anything), whitened white noise ≈ +1 (the second check fails for a non-1/f input), and the
        // phase-randomised image keeps the spectrum.
        const double fMin = 4.0 / 128, fMax = 0.2;
        double raw = 0, white = 0, noise = 0, noiseWhite = 0;
        for (int i = 0; i < 4; ++i) {
            const GrayImage im = deadLeaves(128, 128, 10 + std::uint64_t(i));
            raw += spectrumSlope(radialAmplitudeSpectrum(im), fMin, fMax) / 4;
            const GrayImage w = whiten(im);
            QVERIFY(std::abs(w.variance() - 1.0) <= 1e-9);
            QVERIFY(std::abs(w.mean()) <= 1e-9);
            white += spectrumSlope(radialAmplitudeSpectrum(w), fMin, fMax) / 4;
            const GrayImage n = whiteNoiseImage(128, 128, 20 + std::uint64_t(i));
            noise += spectrumSlope(radialAmplitudeSpectrum(n), fMin, fMax) / 4;
            noiseWhite += spectrumSlope(radialAmplitudeSpectrum(whiten(n)), fMin, fMax) / 4;
        }
        qInfo("amplitude spectrum slope over [%.3f, %.2f] cycles/pixel: dead leaves %.3f, whitened %.3f; white noise "
              "%.3f, whitened %.3f",
              fMin, fMax, raw, white, noise, noiseWhite);
        QVERIFY(std::abs(raw + 1.0) <= 0.3);
        QVERIFY(std::abs(white) <= 0.25);
        // The filter itself: in this band R(f) = f·exp(−(f/0.4)⁴) adds +1 to the log–log slope, less ≈ 0.035 for the
        // roll-off (a least-squares slope of −(f/0.4)⁴ over the band); ±0.05 for the spectra's ring noise.
        QVERIFY(std::abs(white - raw - 0.965) <= 0.05);
        QVERIFY(std::abs(noiseWhite - noise - 0.965) <= 0.05);
        QVERIFY(std::abs(noise) <= 0.1);
        QVERIFY(noiseWhite >= 0.7);

        // Same seed, same image; another seed, another image.
        const GrayImage a = deadLeaves(64, 64, 5), b = deadLeaves(64, 64, 5), c = deadLeaves(64, 64, 6);
        QVERIFY(a.pixels == b.pixels);
        QVERIFY(a.pixels != c.pixels);
        // Without blur and noise every pixel is the grey of one leaf (uniform in [0, 1)), and large leaves leave
        // flat regions: far fewer distinct values than pixels.
        DeadLeavesSettings sharp;
        sharp.blurSigma = 0;
        sharp.noiseSigma = 0;
        const GrayImage s = deadLeaves(64, 64, 5, sharp);
        std::vector<double> values = s.pixels;
        std::sort(values.begin(), values.end());
        QVERIFY(values.front() >= 0 && values.back() < 1);
        const long distinct = std::unique(values.begin(), values.end()) - values.begin();
        QVERIFY(distinct < long(values.size()) / 4);

        // Phase randomisation keeps every ring's amplitude (to rounding) and changes the image.
        const GrayImage im = deadLeaves(128, 128, 10);
        const GrayImage pr = phaseRandomised(im, 3);
        const RadialSpectrum s1 = radialAmplitudeSpectrum(im), s2 = radialAmplitudeSpectrum(pr);
        for (std::size_t i = 0; i < s1.amplitude.size(); ++i)
            QVERIFY(std::abs(s1.amplitude[i] - s2.amplitude[i]) <= 1e-9 * s1.amplitude[i]);
        QVERIFY(std::abs(pr.mean() - im.mean()) <= 1e-9);
        QVERIFY(std::abs(pr.pixels[1000] - im.pixels[1000]) > 1e-6);

        // Patches: zero mean each; with variance normalisation, unit variance each.
        PatchSettings ps;
        ps.count = 50;
        ps.normaliseVariance = true;
        const PatchSet patches = samplePatches({whiten(im)}, ps, 1);
        for (int p = 0; p < patches.count; ++p) {
            double sum = 0, sq = 0;
            for (int i = 0; i < 64; ++i) {
                sum += patches.patch(p)[i];
                sq += patches.patch(p)[i] * patches.patch(p)[i];
            }
            QVERIFY(std::abs(sum) <= 1e-9);
            QVERIFY(std::abs(sq / 64 - 1.0) <= 1e-9);
        }
        QVERIFY(samplePatches({im}, ps, 1).data == samplePatches({im}, ps, 1).data);
    }

    void filterShapeTellsGaborsFromNoiseGratingsAndBlobs()
    {
        // Score distributions on 8 × 8 filters that set the default thresholds (spread ≤ 0.5, R ≥ 0.5):
        // 2000 white-noise filters pass neither (spread ≥ 0.55, R ≤ 0.55 measured over 20 000); Gabors with
        // σ 1–2.2 px and σ·f 0.25–0.6 (bandwidth 2.8–0.9 octaves) centred within ±1 px all pass; plane-wave gratings
        // are oriented but not localised; isotropic Gaussian blobs and differences of Gaussians are localised but
        // not oriented.
        Random rng(5);
        std::vector<GrayImage> noise, gabors, gratings, blobs;
        for (int k = 0; k < 2000; ++k) {
            GrayImage g(8, 8);
            for (double& p : g.pixels)
                p = rng.normal();
            noise.push_back(g);
        }
        for (int k = 0; k < 500; ++k) {
            const double sigma = 1.0 + 1.2 * rng.uniform(), sf = 0.25 + 0.35 * rng.uniform();
            gabors.push_back(gabor(8, 3.5 + 2 * (rng.uniform() - 0.5), 3.5 + 2 * (rng.uniform() - 0.5), sigma,
                                   std::min(0.45, sf / sigma), std::numbers::pi * rng.uniform(),
                                   2 * std::numbers::pi * rng.uniform()));
        }
        for (int k = 0; k < 100; ++k)
            gratings.push_back(gabor(8, 3.5, 3.5, 1e9, 0.1 + 0.3 * rng.uniform(), std::numbers::pi * rng.uniform(),
                                     2 * std::numbers::pi * rng.uniform()));
        for (int k = 0; k < 100; ++k) {
            const double cx = 2.5 + 2 * rng.uniform(), cy = 2.5 + 2 * rng.uniform(), s = 0.8 + rng.uniform();
            GrayImage g = gabor(8, cx, cy, s, 0, 0, 0);
            if (k % 2) {  // difference of Gaussians, surround twice as wide
                const GrayImage surround = gabor(8, cx, cy, 2 * s, 0, 0, 0);
                for (std::size_t i = 0; i < g.pixels.size(); ++i)
                    g.pixels[i] -= 0.25 * surround.pixels[i];
            }
            blobs.push_back(g);
        }
        const FilterShapeSummary n = filterShapes(noise), gb = filterShapes(gabors), gr = filterShapes(gratings),
                                 bl = filterShapes(blobs);
        qInfo("Gabor-like / localised / oriented: noise %.3f/%.3f/%.3f (median spread %.2f, R %.2f); Gabors "
              "%.3f/%.3f/%.3f (%.2f, %.2f); gratings %.2f/%.2f/%.2f (%.2f, %.2f); blobs %.2f/%.2f/%.2f (%.2f, %.2f)",
              n.gaborLikeFraction, n.localisedFraction, n.orientedFraction, n.medianSpread, n.medianOrientation,
              gb.gaborLikeFraction, gb.localisedFraction, gb.orientedFraction, gb.medianSpread, gb.medianOrientation,
              gr.gaborLikeFraction, gr.localisedFraction, gr.orientedFraction, gr.medianSpread, gr.medianOrientation,
              bl.gaborLikeFraction, bl.localisedFraction, bl.orientedFraction, bl.medianSpread, bl.medianOrientation);
        QCOMPARE(n.gaborLikeFraction, 0.0);
        QVERIFY(n.localisedFraction <= 0.001 && n.orientedFraction <= 0.01);
        QCOMPARE(gb.gaborLikeFraction, 1.0);
        QCOMPARE(gr.localisedFraction, 0.0);
        QCOMPARE(gr.orientedFraction, 1.0);
        QCOMPARE(bl.localisedFraction, 1.0);
        QCOMPARE(bl.orientedFraction, 0.0);

        // Exact values: a uniform filter has spread 1; an impulse has a flat spectrum, R = 0 (the disc of
        // frequencies is balanced in doubled angle).
        QVERIFY(std::abs(filterShape(GrayImage(8, 8, 1.0)).spread - 1.0) <= 1e-12);
        GrayImage impulse(8, 8, 0.0);
        impulse.at(3, 4) = 1;
        const FilterShapeScore imp = filterShape(impulse);
        QVERIFY(imp.orientationConcentration <= 1e-12);
        QCOMPARE(imp.centroidX, 3.0);
        QCOMPARE(imp.centroidY, 4.0);
        // The orientation and frequency of a Gabor (σ·f = 0.6): wave vector angle within 2°, frequency within 10 %.
        for (const double theta : {0.0, 0.4, 1.2, 2.0, 2.9}) {
            const FilterShapeScore s = filterShape(gabor(16, 7.5, 7.5, 2.5, 0.24, theta, 0.3));
            const double err = std::remainder(s.orientationRad - theta, std::numbers::pi);
            QVERIFY2(std::abs(err) <= 2 * std::numbers::pi / 180, qPrintable(QString::number(s.orientationRad)));
            QVERIFY2(std::abs(s.meanFrequency - 0.24) <= 0.024, qPrintable(QString::number(s.meanFrequency)));
            QVERIFY(s.gaborLike);
        }
    }

    void trainingOnDeadLeavesGivesGaborLikeFilters()
    {
        // 8 × 8 patches, K = 64, default settings (λ = 1, η = 0.5, batches of 100, 5 FISTA iterations from zero),
        // 300 steps on a pool of 10 000 patches from 8 whitened 128 × 128 dead-leaves images; held out: 200 patches
        // of 2 other images, coded with 200 FISTA iterations. Asserted: the held-out mean energy falls by ≥ 35 %
        // (measured ≈ 45 %), ≥ 50 % of the learned filters are Gabor-like (FilterShape, measured ≈ 70 %; the rest
        // are localised corner and dot detectors), against ≤ 10 % for the random initial basis (measured 0) and
        // for the same training on white noise or on phase-randomised dead leaves (same 1/f spectrum, no edges;
        // measured 0 each). On white noise the energy can hardly fall (≤ 15 %): no basis codes it sparsely.
        const auto t0 = std::chrono::steady_clock::now();
        const SparseCodingSettings settings;
        PatchSettings ps;
        ps.count = 10000;
        const PatchSet pool = samplePatches(whitenedDeadLeaves(8, 100), ps, 11);
        ps.count = 200;
        const Eigen::MatrixXd held = SparseCoding::patchMatrix(samplePatches(whitenedDeadLeaves(2, 200), ps, 12));

        SparseCoding sc(settings, 3);
        const SparseObjective before = sc.evaluate(held, 100);
        const FilterShapeSummary initial = filterShapes(sc.basisFunctions());
        // Two halves of 150 steps: the controls below get 150, so the comparison is at equal training.
        SparseTrainingResult r = sc.train(pool, 150, 21);
        const FilterShapeSummary half = filterShapes(sc.basisFunctions());
        const SparseTrainingResult r2 = sc.train(pool, 150, 22);
        r.history.insert(r.history.end(), r2.history.begin(), r2.history.end());
        QCOMPARE(int(r.history.size()), 300);
        QVERIFY(!r.cancelled && !r.diverged && !r2.cancelled && !r2.diverged);
        const SparseObjective after = sc.evaluate(held, 100);
        const FilterShapeSummary learned = filterShapes(sc.basisFunctions());
        for (Eigen::Index k = 0; k < sc.basis().cols(); ++k)
            QVERIFY(std::abs(sc.basis().col(k).norm() - 1.0) <= 1e-12);
        const double fall = 1.0 - after.total() / before.total();
        qInfo("dead leaves: held-out energy %.3f (%.3f + %.3f) → %.3f (%.3f + %.3f), fall %.1f %%, active %.3f → %.3f; "
              "Gabor-like %.2f (localised %.2f, oriented %.2f; median spread %.2f, R %.2f), after 150 steps %.2f, initial %.2f",
              before.total(), before.reconstruction, before.sparsity, after.total(), after.reconstruction,
              after.sparsity, 100 * fall, before.activeFraction, after.activeFraction, learned.gaborLikeFraction,
              learned.localisedFraction, learned.orientedFraction, learned.medianSpread, learned.medianOrientation,
              half.gaborLikeFraction, initial.gaborLikeFraction);
        QVERIFY(fall >= 0.35);
        QVERIFY(learned.gaborLikeFraction >= 0.5);
        QVERIFY(half.gaborLikeFraction >= 0.5);
        QVERIFY(initial.gaborLikeFraction <= 0.1);
        // The training curve (energies at the 5-iteration codes): the last 20 batches' mean is ≥ 30 % below the
        // first batch's, coded by the random basis.
        double last = 0;
        for (int i = 0; i < 20; ++i)
            last += r.history[r.history.size() - 1 - std::size_t(i)].total() / 20;
        qInfo("training batches: energy %.3f at the first, %.3f over the last 20", r.history.front().total(), last);
        QVERIFY(last < 0.7 * r.history.front().total());

        // Controls: same settings and seeds, 150 steps (as the first half above).
        std::vector<GrayImage> noiseImages;
        for (int i = 0; i < 8; ++i)
            noiseImages.push_back(whiteNoiseImage(128, 128, 300 + std::uint64_t(i)));
        ps.count = 10000;
        const PatchSet noisePool = samplePatches(noiseImages, ps, 11);
        ps.count = 200;
        const Eigen::MatrixXd noiseHeld =
            SparseCoding::patchMatrix(samplePatches({whiteNoiseImage(128, 128, 400)}, ps, 12));
        SparseCoding onNoise(settings, 3);
        const double noiseBefore = onNoise.evaluate(noiseHeld, 100).total();
        onNoise.train(noisePool, 150, 21);
        const double noiseFall = 1.0 - onNoise.evaluate(noiseHeld, 100).total() / noiseBefore;
        const FilterShapeSummary noise = filterShapes(onNoise.basisFunctions());

        ps.count = 10000;
        const PatchSet phasePool = samplePatches(whitenedDeadLeaves(8, 100, true), ps, 11);
        SparseCoding onPhase(settings, 3);
        onPhase.train(phasePool, 150, 21);
        const FilterShapeSummary phase = filterShapes(onPhase.basisFunctions());
        qInfo("white noise: Gabor-like %.2f (localised %.2f, oriented %.2f), held-out energy fall %.1f %%; "
              "phase-randomised dead leaves: Gabor-like %.2f (localised %.2f, oriented %.2f); %.2f s",
              noise.gaborLikeFraction, noise.localisedFraction, noise.orientedFraction, 100 * noiseFall,
              phase.gaborLikeFraction, phase.localisedFraction, phase.orientedFraction, secondsSince(t0));
        QVERIFY(noise.gaborLikeFraction <= 0.1);
        QVERIFY(phase.gaborLikeFraction <= 0.1);
        QVERIFY(noiseFall <= 0.15);
    }

    void trainingCanBeCancelledAndStopsOnDivergence()
    {
        PatchSettings ps;
        ps.count = 300;
        const PatchSet pool = samplePatches(whitenedDeadLeaves(1, 7), ps, 1);
        SparseCoding sc({}, 1);
        int calls = 0;
        const SparseTrainingResult r = sc.train(pool, 100000, 2, [&](double) { return ++calls < 2; });
        QVERIFY(r.cancelled);
        QVERIFY(r.steps < 100000);
        QCOMPARE(calls, 2);
        QCOMPARE(int(r.history.size()), r.steps);

        SparseCodingSettings wild;
        wild.learningRate = 1e308;
        SparseCoding bad(wild, 1);
        const SparseTrainingResult d = bad.train(pool, 5, 2);
        QVERIFY(d.diverged);
        QVERIFY(d.steps < 5);
        QVERIFY(d.message.find("learningRate") != std::string::npos);
        QVERIFY(bad.basis().allFinite());  // the failing step left the basis as it was

        // Same seeds, same basis (determinism).
        SparseCoding a({}, 4), b({}, 4);
        a.train(pool, 5, 9);
        b.train(pool, 5, 9);
        QVERIFY(a.basis() == b.basis());
    }

    void badInputThrowsNamingTheParameter()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(throwsNaming([] { deadLeaves(4, 64, 1); }, "width"));
        QVERIFY(throwsNaming([] { deadLeaves(64, 5000, 1); }, "height"));
        QVERIFY(throwsNaming(
            [&] {
                DeadLeavesSettings s;
                s.minRadius = nan;
                deadLeaves(64, 64, 1, s);
            },
            "minRadius"));
        QVERIFY(throwsNaming(
            [] {
                DeadLeavesSettings s;
                s.discFraction = 0.8;
                s.ellipseFraction = 0.5;
                deadLeaves(64, 64, 1, s);
            },
            "ellipseFraction"));
        QVERIFY(throwsNaming(
            [] {
                DeadLeavesSettings s;
                s.blurSigma = -1;
                deadLeaves(64, 64, 1, s);
            },
            "blurSigma"));
        QVERIFY(throwsNaming([] { whiten(GrayImage(16, 16), {0.0, 1.0}); }, "cutoff"));
        QVERIFY(throwsNaming(
            [&] {
                GrayImage im(16, 16);
                im.pixels[3] = nan;
                whiten(im);
            },
            "pixel"));
        QVERIFY(throwsNaming([] { samplePatches({GrayImage(6, 6)}, {}, 1); }, "patch size"));
        QVERIFY(throwsNaming([] { samplePatches({}, {}, 1); }, "images"));
        QVERIFY(throwsNaming([] { samplePatches({GrayImage(16, 16)}, {8, 0, true, false}, 1); }, "count"));

        QVERIFY(throwsNaming([] { SparseCoding sc({8, 64, -1.0}); }, "lambda"));
        QVERIFY(throwsNaming(
            [] {
                SparseCodingSettings s;
                s.learningRate = std::numeric_limits<double>::infinity();
                SparseCoding sc(s);
            },
            "learningRate"));
        QVERIFY(throwsNaming(
            [] {
                SparseCodingSettings s;
                s.inferenceIterations = 0;
                SparseCoding sc(s);
            },
            "inferenceIterations"));
        QVERIFY(throwsNaming(
            [] {
                SparseCodingSettings s;
                s.batchSize = 0;
                SparseCoding sc(s);
            },
            "batchSize"));
        SparseCoding sc;
        QVERIFY(throwsNaming([&] { sc.trainBatch(Eigen::MatrixXd::Zero(63, 10)); }, "patch length"));
        QVERIFY(throwsNaming([&] { sc.infer(Eigen::VectorXd::Constant(64, nan)); }, "patch"));
        QVERIFY(throwsNaming([&] { sc.setBasis(Eigen::MatrixXd::Zero(64, 64)); }, "basis column norm"));
        QVERIFY(throwsNaming([&] { sc.basisFunction(64); }, "basis index"));
        QVERIFY(throwsNaming([&] { sc.train(PatchSet{4, 1, std::vector<double>(16)}, 1, 1); }, "pool patch size"));
        QVERIFY(throwsNaming([] { solveLasso(Eigen::MatrixXd::Identity(4, 4), Eigen::VectorXd::Ones(4), -1); },
                             "lambda"));
        QVERIFY(throwsNaming([] { solveLasso(Eigen::MatrixXd::Identity(4, 4), Eigen::VectorXd::Ones(3), 1); },
                             "patch length"));
        QVERIFY(throwsNaming(
            [] {
                LassoOptions o;
                o.iterations = -1;
                solveLasso(Eigen::MatrixXd::Identity(4, 4), Eigen::VectorXd::Ones(4), 1, o);
            },
            "iterations"));
        QVERIFY(throwsNaming([] { filterShape(GrayImage(8, 8, 0.0)); }, "energy"));
        QVERIFY(throwsNaming([] { filterShape(GrayImage(2, 8, 1.0)); }, "width"));
        QVERIFY(throwsNaming([] { filterShape(GrayImage(8, 8, 1.0), {0.5, 1.5}); }, "minOrientation"));
        QVERIFY(throwsNaming([] { filterShapes({}); }, "filter count"));
    }
};

QTEST_APPLESS_MAIN(TestSparseCoding)
#include "tst_sparsecoding.moc"
