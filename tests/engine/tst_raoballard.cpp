// Rao & Ballard predictive coding, linear-Gaussian form (engine/predictive/RaoBallard.h). Checks that gradient-descent
// inference reaches the ridge solution, that the energy never rises below the step bound 2/L and that the iteration
// runs away above it (flagged, nothing non-finite returned), that the two-level fixed point is the joint linear
// solve and agrees with the marginal (Schur-complement) form, that Hebbian learning brings the held-out
// reconstruction error close to the PCA floor, and that bad input is rejected by name.

#include "engine/predictive/RaoBallard.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <Eigen/Dense>

#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::predictive;
using neuroai::test::throwsNaming;

namespace {

Eigen::VectorXd vec(const std::vector<double>& v) { return Eigen::Map<const Eigen::VectorXd>(v.data(), Eigen::Index(v.size())); }

bool allFinite(const std::vector<double>& v)
{
    for (const double x : v)
        if (!std::isfinite(x))
            return false;
    return true;
}

// True when the sequence never rises by more than rounding (1e-12 relative to max(1, E)).
bool nonIncreasing(const std::vector<double>& e)
{
    for (std::size_t t = 1; t < e.size(); ++t)
        if (e[t] - e[t - 1] > 1e-12 * std::max(1.0, std::abs(e[t - 1])))
            return false;
    return true;
}

}  // namespace

class TestRaoBallard : public QObject {
    Q_OBJECT
private slots:
    void inferenceConvergesToTheRidgeSolution()
    {
        // Two parameter sets, a random 64 × 16 basis, oriented-bar patches. Tolerance: 1e-6 absolute on every cause
        // (causes are O(0.1–1)); the iteration stops when the step is ≤ 1e-11, and with condition number κ of H the
        // remaining distance is ≤ κ·1e-11 ≈ 1e-10.
        Random rng(7);
        const Eigen::MatrixXd u = RaoBallard::randomBasis(64, 16, 1.0, rng);
        const auto patches = orientedPatches({}, 5, 11);
        for (const RaoBallardParams params : {RaoBallardParams{1.0, 1.0}, RaoBallardParams{0.5, 0.3}}) {
            const RaoBallard model(u, params);
            // L = σ_max(U)²/σ² + α, checked against an SVD.
            const double smax = Eigen::JacobiSVD<Eigen::MatrixXd>(u).singularValues()(0);
            QVERIFY(std::abs(model.lipschitz() - (smax * smax / params.sigma2 + params.alpha)) < 1e-10);
            double worst = 0;
            for (const auto& patch : patches) {
                const InferenceResult res = model.infer(patch);
                QVERIFY(res.converged);
                QVERIFY(!res.diverged);
                QCOMPARE(res.rate, 1.0 / model.lipschitz());
                const Eigen::VectorXd ridge = vec(model.ridgeSolution(patch));
                worst = std::max(worst, (vec(res.causes) - ridge).cwiseAbs().maxCoeff());
                // Prediction and error units: U r and I − U r, at every recorded iterate.
                QCOMPARE(res.steps.size(), std::size_t(res.iterations + 1));
                const InferenceStep& mid = res.steps[std::size_t(res.iterations / 2)];
                QVERIFY((vec(mid.prediction) - u * vec(mid.causes)).norm() < 1e-12);
                QVERIFY((vec(mid.error) + vec(mid.prediction) - vec(patch)).norm() < 1e-12);
                QVERIFY(std::abs(mid.energy - model.energy(patch, mid.causes)) < 1e-12 * (1 + mid.energy));
                // The default step keeps the energy non-increasing.
                QVERIFY(!res.energyIncreased);
                QVERIFY(nonIncreasing(res.energy));
            }
            qInfo("sigma2 %.1f alpha %.1f: L = %.4f, max |r - r_ridge| = %.2e (tolerance 1e-6)", params.sigma2,
                  params.alpha, model.lipschitz(), worst);
            QVERIFY(worst < 1e-6);
        }
    }

    void theStepBoundMatters()
    {
        // k = 1.9/L (just inside the bound): the energy never rises (1e-12 relative, rounding) and the iteration still
        // reaches the ridge solution. k = 2.1/L: the top eigen-component is multiplied by |1 − 2.1| = 1.1 per step,
        // so E runs away; infer() must flag it within 2000 steps (1.1^2000 ≫ 1e12) and return finite numbers only.
        Random rng(3);
        const RaoBallard model(RaoBallard::randomBasis(64, 16, 1.0, rng));
        const auto patch = orientedPatches({}, 1, 5).front();
        const double l = model.lipschitz();
        InferenceOptions inside;
        inside.rate = 1.9 / l;
        inside.maxIterations = 20000;
        const InferenceResult ok = model.infer(patch, inside);
        QVERIFY(ok.converged);
        QVERIFY(!ok.energyIncreased);
        QVERIFY(nonIncreasing(ok.energy));
        QVERIFY((vec(ok.causes) - vec(model.ridgeSolution(patch))).cwiseAbs().maxCoeff() < 1e-6);
        InferenceOptions outside;
        outside.rate = 2.1 / l;
        outside.maxIterations = 2000;
        const InferenceResult bad = model.infer(patch, outside);
        qInfo("k = 1.9/L: %d iterations, largest energy change %.2e; k = 2.1/L: diverged %d after %d iterations, "
              "E %.3g -> %.3g", ok.iterations, ok.maxEnergyIncrease, int(bad.diverged), bad.iterations,
              bad.energy.front(), bad.energy.back());
        QVERIFY(bad.diverged);
        QVERIFY(bad.energyIncreased);
        QVERIFY(!bad.converged);
        QVERIFY(bad.energy.back() > 1e6 * bad.energy.front());
        QVERIFY(allFinite(bad.causes) && allFinite(bad.prediction) && allFinite(bad.error) && allFinite(bad.energy));
    }

    void twoLevelFixedPointIsTheLinearSolve()
    {
        // 64 pixels, 16 level-1 and 8 level-2 causes, the paper's precisions. Three checks to 1e-6 absolute on each
        // cause: gradient descent vs the joint solve H x = b, and the joint solve vs the marginal form in which
        // level 2 is integrated out — r₁* = (U₁ᵀU₁/σ² + α₁I + P)⁻¹U₁ᵀI/σ² with the top-down precision
        // P = (1/σ_td²)(I − U₂(U₂ᵀU₂ + σ_td²α₂I)⁻¹U₂ᵀ), and r₂* the ridge solution of r₁* through U₂.
        Random rng(21);
        const Eigen::MatrixXd u1 = RaoBallard::randomBasis(64, 16, 1.0, rng);
        const Eigen::MatrixXd u2 = RaoBallard::randomBasis(16, 8, 3.0, rng);
        const HierarchyParams hp;
        const RaoBallardHierarchy h(u1, u2, hp);
        const auto patches = orientedPatches({}, 3, 17);
        double worstSolve = 0, worstMarginal = 0;
        for (const auto& patch : patches) {
            InferenceOptions opt;
            opt.maxIterations = 100000;
            const HierarchyInference res = h.infer(patch, opt);
            QVERIFY(res.converged);
            QVERIFY(!res.energyIncreased);
            QVERIFY(nonIncreasing(res.energy));
            const Eigen::VectorXd x = vec(h.closedForm(patch));
            Eigen::VectorXd gd(24);
            gd << vec(res.last.causes1), vec(res.last.causes2);
            worstSolve = std::max(worstSolve, (gd - x).cwiseAbs().maxCoeff());

            Eigen::MatrixXd a2 = u2.transpose() * u2;
            a2.diagonal().array() += hp.sigma2TopDown * hp.alpha2;
            const Eigen::MatrixXd p =
                (Eigen::MatrixXd::Identity(16, 16) - u2 * a2.inverse() * u2.transpose()) / hp.sigma2TopDown;
            Eigen::MatrixXd a1 = u1.transpose() * u1 / hp.sigma2 + p;
            a1.diagonal().array() += hp.alpha1;
            const Eigen::VectorXd r1 = a1.ldlt().solve(u1.transpose() * vec(patch) / hp.sigma2);
            const Eigen::VectorXd r2 = a2.ldlt().solve(u2.transpose() * r1);
            Eigen::VectorXd marginal(24);
            marginal << r1, r2;
            worstMarginal = std::max(worstMarginal, (marginal - x).cwiseAbs().maxCoeff());
            // The error units of the last iterate: e₁ = I − U₁r₁, e₂ = r₁ − U₂r₂.
            QVERIFY((vec(res.last.error1) - (vec(patch) - u1 * vec(res.last.causes1))).norm() < 1e-12);
            QVERIFY((vec(res.last.error2) - (vec(res.last.causes1) - u2 * vec(res.last.causes2))).norm() < 1e-12);
            QVERIFY(std::abs(res.last.energy - h.energy(patch, res.last.causes1, res.last.causes2)) < 1e-12);
        }
        qInfo("two levels: L = %.4f, max |GD - solve| = %.2e, max |solve - marginal form| = %.2e (tolerance 1e-6)",
              h.lipschitz(), worstSolve, worstMarginal);
        QVERIFY(worstSolve < 1e-6);
        QVERIFY(worstMarginal < 1e-6);
        // Above the joint bound, the joint iteration runs away too.
        InferenceOptions outside;
        outside.rate = 2.1 / h.lipschitz();
        outside.maxIterations = 2000;
        const HierarchyInference bad = h.infer(patches.front(), outside);
        QVERIFY(bad.diverged);
        QVERIFY(allFinite(bad.last.causes1) && allFinite(bad.last.causes2));
    }

    void learningReducesTheHeldOutError()
    {
        // 2000 training and 500 held-out 8 × 8 patches (different seeds), 16 causes, U starting small and random,
        // the default learning options.
        // (1) The held-out error (fraction of patch energy not reconstructed) falls below 20 % of its start
        //     (measured ≈ 11 %), and no basis of 16 causes beats the PCA projection on it.
        // (2) The learning equilibrium is known in closed form. With C = E[IIᵀ] and s = σ²α, the stationary points of
        //     ΔU ∝ E[e rᵀ]/σ² − λU have U's columns spanning eigenvectors of C, and along an eigenvector of
        //     variance c the learned gain u² solves (u² + s)² = c·s/(σ²λ) (when c > sσ²λ = 0.02). The residual
        //     energy along it is then c·(s/(u² + s))² = sσ²λ, whatever c is, so the training error is
        //     (Σ_{dropped} c_i + m·σ⁴αλ) / tr C. The measured one must match within 2 % (measured ≈ 0.1 %; the
        //     stochastic batches and the finite number of epochs leave a small remainder).
        const OrientedPatchConfig cfg;
        const auto train = orientedPatches(cfg, 2000, 101);
        const auto test = orientedPatches(cfg, 500, 202);
        Random rng(9);
        RaoBallard model(RaoBallard::randomBasis(64, 16, 0.5, rng));
        const double before = model.reconstructionError(test);
        const LearningOptions opt;  // η = 0.1, λ = 0.02, 30 epochs, batches of 10, exact inference
        int calls = 0;
        const LearningResult res = model.learn(train, opt, [&](double f) {
            ++calls;
            return f >= 0 && f <= 1;
        });
        const double after = model.reconstructionError(test);
        const double pca = pcaReconstructionError(train, test, 16);
        Eigen::MatrixXd x(64, Eigen::Index(train.size()));
        for (std::size_t b = 0; b < train.size(); ++b)
            x.col(Eigen::Index(b)) = vec(train[b]);
        const Eigen::VectorXd c =
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(x * x.transpose() / double(train.size())).eigenvalues();
        const double s = model.params().sigma2 * model.params().alpha;
        const double floor = s * model.params().sigma2 * opt.decay;  // residual per learned direction
        QVERIFY(c(48) > floor);                                       // all 16 top directions are learned
        const double predicted = (c.head(48).sum() + 16 * floor) / c.sum();
        const double measured = res.reconstructionError.back();
        qInfo("learning: held-out error %.3f -> %.3f (%.0f %% of the start; PCA floor %.3f); training error %.4f, "
              "equilibrium predicted %.4f (16th eigenvalue %.4f > sigma^4 alpha lambda = %.2f)",
              before, after, 100 * after / before, pca, measured, predicted, c(48), floor);
        QVERIFY(!res.cancelled && !res.diverged);
        QCOMPARE(res.epochs, opt.epochs);
        QVERIFY(after < 0.2 * before);
        QVERIFY(after >= pca - 1e-9);
        QVERIFY(std::abs(measured - predicted) < 0.02 * predicted);
        QVERIFY(calls >= 1);

        // Cancelling at once keeps the first batch's update and says so.
        RaoBallard other(RaoBallard::randomBasis(64, 16, 0.5, rng));
        const LearningResult stopped = other.learn(train, opt, [](double) { return false; });
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.epochs, 0);

        // Learning through the inference dynamics (30 steps of k = 1/L from r = 0 per batch instead of the exact
        // fixed point) also learns: below 30 % of the start after 5 epochs on 500 patches.
        RaoBallard dynamic(RaoBallard::randomBasis(64, 16, 0.5, rng));
        LearningOptions dyn;
        dyn.inferenceSteps = 30;
        dyn.epochs = 5;
        const double dynBefore = dynamic.reconstructionError(test);
        const LearningResult dres =
            dynamic.learn(std::vector<std::vector<double>>(train.begin(), train.begin() + 500), dyn);
        const double dynAfter = dynamic.reconstructionError(test);
        qInfo("learning through 30 inference steps: held-out error %.3f -> %.3f", dynBefore, dynAfter);
        QVERIFY(!dres.diverged);
        QVERIFY(dynAfter < 0.3 * dynBefore);

        // The hierarchy learns too: its level-1 held-out error falls below half its start.
        RaoBallardHierarchy h(RaoBallard::randomBasis(64, 16, 0.5, rng), RaoBallard::randomBasis(16, 8, 0.5, rng));
        const double hBefore = h.reconstructionError(test);
        LearningOptions hopt;
        hopt.epochs = 10;
        const LearningResult hres = h.learn(train, hopt);
        const double hAfter = h.reconstructionError(test);
        qInfo("hierarchy learning: held-out level-1 error %.3f -> %.3f", hBefore, hAfter);
        QVERIFY(!hres.diverged);
        QVERIFY(hAfter < 0.5 * hBefore);
    }

    void patchesAreDeterministic()
    {
        const auto a = orientedPatches({}, 20, 42), b = orientedPatches({}, 20, 42), c = orientedPatches({}, 20, 43);
        QVERIFY(a == b);
        QVERIFY(a != c);
        // Mean removed: every patch sums to zero.
        for (const auto& p : a) {
            double s = 0;
            for (const double v : p)
                s += v;
            QVERIFY(std::abs(s) < 1e-12);
        }
    }

    void badInputIsRejected()
    {
        Random rng(1);
        const Eigen::MatrixXd u = RaoBallard::randomBasis(16, 4, 1.0, rng);
        QVERIFY(throwsNaming([&] { RaoBallard m(u, {-1.0, 1.0}); }, "sigma2 = -1"));
        QVERIFY(throwsNaming([&] { RaoBallard m(u, {1.0, 0.0}); }, "alpha = 0"));
        QVERIFY(throwsNaming([&] { RaoBallard m(Eigen::MatrixXd(0, 3)); }, "basis"));
        Eigen::MatrixXd nanU = u;
        nanU(2, 1) = std::nan("");
        QVERIFY(throwsNaming([&] { RaoBallard m(nanU); }, "non-finite"));
        const RaoBallard model(u);
        QVERIFY(throwsNaming([&] { (void)model.infer(std::vector<double>(15, 0.0)); }, "image has 15 pixels"));
        std::vector<double> img(16, 0.0);
        img[3] = INFINITY;
        QVERIFY(throwsNaming([&] { (void)model.infer(img); }, "pixel 3"));
        InferenceOptions opt;
        opt.rate = -0.5;
        QVERIFY(throwsNaming([&] { (void)model.infer(std::vector<double>(16, 0.0), opt); }, "rate = -0.5"));
        opt = {};
        opt.maxIterations = 0;
        QVERIFY(throwsNaming([&] { (void)model.infer(std::vector<double>(16, 0.0), opt); }, "maxIterations = 0"));
        LearningOptions lo;
        lo.learningRate = 0;
        RaoBallard learner(u);
        QVERIFY(throwsNaming([&] { (void)learner.learn({std::vector<double>(16, 0.0)}, lo); }, "learningRate = 0"));
        QVERIFY(throwsNaming([&] { (void)learner.learn({}); }, "patches is empty"));
        QVERIFY(throwsNaming([&] { RaoBallardHierarchy h(u, Eigen::MatrixXd::Ones(3, 2)); }, "basis2 has 3 rows"));
        HierarchyParams hp;
        hp.sigma2TopDown = 0;
        QVERIFY(throwsNaming([&] { RaoBallardHierarchy h(u, Eigen::MatrixXd::Ones(4, 2), hp); }, "sigma2TopDown = 0"));
        OrientedPatchConfig pc;
        pc.blurPx = -1;
        QVERIFY(throwsNaming([&] { (void)orientedPatches(pc, 1, 1); }, "blurPx = -1"));
    }
};

QTEST_APPLESS_MAIN(TestRaoBallard)
#include "tst_raoballard.moc"
