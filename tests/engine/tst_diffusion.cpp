// Chapter 13, diffusion (engine/diffusion). Each check would fail if the model were wrong:
// - the Gaussian mixture's exact score equals central finite differences of its log density (relative error
//   < 1e-6) for every preset and a noised mixture, and its density integrates to 1 (grid sum, to 1e-6);
// - the noised mixture in closed form (means √ᾱ μ_k, covariances ᾱ Σ_k + (1 − ᾱ) I) agrees with Monte Carlo of the
//   forward process, both the one-jump form and T single steps x_t = √α_t x_{t−1} + √β_t ε: mean, covariance and four
//   half-plane probabilities within 4 standard errors;
// - the schedules: ᾱ_0 = 1, ᾱ strictly decreasing in (0, 1), equal to Π(1 − β), β in (0, 0.999], β̃_t ≤ β_t;
//   linear T = 1000 has Ho et al.'s β_1 = 10⁻⁴, β_T = 0.02 and ᾱ_T ≈ 4·10⁻⁵; ᾱ_T < 10⁻⁴ for both kinds at every T;
//   the cosine schedule equals its formula (0.4938 at T/2) and keeps more signal than the linear one at T/4;
// - reverse sampling with the exact score recovers the mixture (ancestral DDPM and probability-flow DDIM, T = 1000,
//   n = 1500). Criterion: the share of generated points nearest each component is within 3 SE of a fresh mixture
//   sample's (SE = √(2w(1−w)/n)); the mean within 4 SE; each covariance entry within 4 SE; and the energy distance
//   to fresh mixture samples below mean + 4 SD of its null distribution (fresh vs fresh, 8 seeds), while a
//   moment-matched Gaussian and samples made with a wrong mixture's score lie far above it (> mean + 20 SD);
// - the score field's arrows equal Tweedie's E[√ᾱ x_0 | x_t] − x_t computed independently from the Gaussian posterior
//   of each component (to 1e-10), on the documented lattice;
// - the score network's gradients (parameters, x and τ through the time embedding) and the ε-loss's gradient match
//   central finite differences (relative error < 1e-6, double precision);
// - training (1000 Adam steps, batch 64, T = 100) lowers the held-out ε-loss from ≈ 2 to within 10 % of the exact
//   score's on the same 20 000 samples, never significantly below it (3 SE of the paired difference: the exact score
//   is Bayes-optimal); the trained network's samples are within 0.05 of the component weights and 5× closer (energy
//   distance) to the mixture than the moment-matched Gaussian;
// - the experiment returns its declared outputs at cheap settings, and bad input is refused by name.

#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/diffusion/Diffusion.h"
#include "engine/diffusion/DiffusionExperiments.h"
#include "engine/diffusion/GaussianMixture.h"
#include "engine/diffusion/ScoreNet.h"

#include "GradientCheck.h"
#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

using namespace neuroai;
using namespace neuroai::diffusion;
using neuroai::test::throwsNaming;

namespace {

struct NullDistribution {
    double mean = 0, sd = 0;
};

// The energy distance between two independent samples of `data` (n each), over `seeds` seeds.
NullDistribution energyNull(const GaussianMixture& data, int n, int seeds)
{
    std::vector<double> v;
    for (int s = 0; s < seeds; ++s) {
        Random rng(std::uint64_t(900 + s));
        v.push_back(energyDistance(data.sample(n, rng), data.sample(n, rng)));
    }
    NullDistribution d;
    for (const double x : v)
        d.mean += x / seeds;
    for (const double x : v)
        d.sd += (x - d.mean) * (x - d.mean) / (seeds - 1);
    d.sd = std::sqrt(d.sd);
    return d;
}

// Checks sample moments and half-plane probabilities of `x` against the mixture `p` within `k` standard errors.
void verifyMatches(const Points& x, const GaussianMixture& p, double k, const char* what)
{
    const double n = double(x.cols());
    const Eigen::Vector2d m = sampleMean(x), mu = p.mean();
    const Eigen::Matrix2d c = sampleCovariance(x), sigma = p.covariance();
    for (int i = 0; i < 2; ++i) {
        const double se = std::sqrt(sigma(i, i) / n);
        QVERIFY2(std::abs(m(i) - mu(i)) < k * se,
                 qPrintable(QStringLiteral("%1: mean %2 = %3 vs %4 (SE %5)").arg(what).arg(i).arg(m(i)).arg(mu(i)).arg(se)));
    }
    const Points d = x.colwise() - m;
    for (int i = 0; i < 2; ++i)
        for (int j = i; j < 2; ++j) {
            const Eigen::ArrayXd prod = d.row(i).array() * d.row(j).array();
            const double se = std::sqrt((prod - prod.mean()).square().mean() / n);
            QVERIFY2(std::abs(c(i, j) - sigma(i, j)) < k * se,
                     qPrintable(QStringLiteral("%1: cov %2%3 = %4 vs %5 (SE %6)")
                                    .arg(what).arg(i).arg(j).arg(c(i, j)).arg(sigma(i, j)).arg(se)));
        }
    const Eigen::Vector2d directions[] = {{1, 0}, {0, 1}, {1, 1}, {1, -2}};
    for (const Eigen::Vector2d& a : directions) {
        const double offset = a.dot(mu) + 0.3;
        const double q = p.halfPlaneProbability(a, offset);
        double hits = 0;
        for (Eigen::Index i = 0; i < x.cols(); ++i)
            hits += a.dot(x.col(i)) <= offset ? 1 : 0;
        const double se = std::sqrt(q * (1 - q) / n);
        QVERIFY2(std::abs(hits / n - q) < k * se, qPrintable(QStringLiteral("%1: half-plane %2 vs %3 (SE %4)")
                                                                 .arg(what).arg(hits / n).arg(q).arg(se)));
    }
}

// The recovery criterion of the header comment.
void verifyRecovers(const Points& x, const GaussianMixture& data, const NullDistribution& null, Random& rng,
                      const char* what)
{
    const int n = int(x.cols());
    const Points fresh = data.sample(n, rng);
    const std::vector<double> got = data.assignmentShares(x), want = data.assignmentShares(fresh);
    for (std::size_t k = 0; k < got.size(); ++k) {
        const double w = data.weights()[k], se = std::sqrt(2 * w * (1 - w) / n);
        QVERIFY2(std::abs(got[k] - want[k]) < 3 * se, qPrintable(QStringLiteral("%1: share %2 = %3 vs %4 (SE %5)")
                                                                     .arg(what).arg(k).arg(got[k]).arg(want[k]).arg(se)));
    }
    const Eigen::Vector2d m = sampleMean(x), mu = data.mean();
    const Eigen::Matrix2d c = sampleCovariance(x), sigma = data.covariance();
    for (int i = 0; i < 2; ++i)
        QVERIFY2(std::abs(m(i) - mu(i)) < 4 * std::sqrt(sigma(i, i) / n), what);
    const Points d = fresh.colwise() - sampleMean(fresh);
    for (int i = 0; i < 2; ++i)
        for (int j = i; j < 2; ++j) {
            const Eigen::ArrayXd prod = d.row(i).array() * d.row(j).array();
            const double se = std::sqrt((prod - prod.mean()).square().mean() / n);
            QVERIFY2(std::abs(c(i, j) - sigma(i, j)) < 4 * se,
                     qPrintable(QStringLiteral("%1: cov %2%3 = %4 vs %5 (SE %6)")
                                    .arg(what).arg(i).arg(j).arg(c(i, j)).arg(sigma(i, j)).arg(se)));
        }
    const double ed = energyDistance(x, fresh);
    qInfo("%s: energy distance %.5f (null %.5f ± %.5f), shares %.3f %.3f %.3f, cov error %.3f", what, ed, null.mean,
          null.sd, got[0], got.size() > 1 ? got[1] : 0.0, got.size() > 2 ? got[2] : 0.0,
          (c - sigma).norm() / sigma.norm());
    QVERIFY2(ed < null.mean + 4 * null.sd, what);
}

// The ε-loss of the network and of the exact predictor on n fresh noised samples (t uniform on 1..T), and the
// standard error of their per-sample difference.
struct HeldOutLoss {
    double network = 0, exact = 0, excess = 0, excessSe = 0;
};
HeldOutLoss heldOutLoss(ScoreNet& net, const GaussianMixture& data, const NoiseSchedule& schedule, int n, Random& rng)
{
    const int T = schedule.steps();
    const Points x0 = data.sample(n, rng);
    Points xt(2, n), eps = standardNormalPoints(n, rng), exact(2, n);
    std::vector<int> steps;
    for (int i = 0; i < n; ++i) {
        const int t = 1 + std::min(T - 1, int(rng.uniform() * T));
        steps.push_back(t);
        xt.col(i) = std::sqrt(schedule.alphaBar(t)) * x0.col(i) + schedule.noiseSd(t) * eps.col(i);
        exact.col(i) = -schedule.noiseSd(t) * data.noised(schedule.alphaBar(t)).score(xt.col(i));
    }
    const nn::Matrix predicted = net.forward(networkInput(xt, steps, T));
    const Eigen::ArrayXd a = (predicted - eps).colwise().squaredNorm().transpose().array();
    const Eigen::ArrayXd b = (exact - eps).colwise().squaredNorm().transpose().array();
    const Eigen::ArrayXd d = a - b;
    HeldOutLoss h;
    h.network = a.mean();
    h.exact = b.mean();
    h.excess = d.mean();
    h.excessSe = std::sqrt((d - d.mean()).square().sum() / (n - 1) / n);
    return h;
}

}  // namespace

class TestDiffusion : public QObject {
    Q_OBJECT

private slots:
    void scoreEqualsFiniteDifferencesOfTheLogDensity()
    {
        std::vector<GaussianMixture> mixtures;
        for (const MixturePreset preset : {MixturePreset::TwoBlobs, MixturePreset::RingOfEight, MixturePreset::ThreeClusters})
            mixtures.push_back(mixturePreset(preset));
        mixtures.push_back(mixturePreset(MixturePreset::ThreeClusters).noised(0.3));
        Random rng(5);
        const double h = 1e-5;
        double worst = 0;
        for (const GaussianMixture& p : mixtures) {
            for (int i = 0; i < 40; ++i) {
                const Eigen::Vector2d x(6 * rng.uniform() - 3 + 0.2 * rng.normal(), 6 * rng.uniform() - 3);
                const Eigen::Vector2d s = p.score(x);
                Eigen::Vector2d fd;
                for (int j = 0; j < 2; ++j) {
                    Eigen::Vector2d up = x, down = x;
                    up(j) += h;
                    down(j) -= h;
                    fd(j) = (p.logDensity(up) - p.logDensity(down)) / (2 * h);
                }
                worst = std::max(worst, (fd - s).norm() / std::max(s.norm(), 1e-3));
            }
            // The density integrates to 1: a midpoint sum over [−10, 10]² with spacing 0.05 (≥ 6 points per SD).
            double mass = 0;
            const double step = 0.05;
            for (double y = -10 + step / 2; y < 10; y += step)
                for (double x = -10 + step / 2; x < 10; x += step)
                    mass += std::exp(p.logDensity({x, y})) * step * step;
            QVERIFY2(std::abs(mass - 1) < 1e-6, qPrintable(QString::number(mass, 'g', 12)));
        }
        qInfo("score vs finite differences of log p: worst relative error %.2e over 160 points", worst);
        QVERIFY(worst < 1e-6);
        // A single Gaussian's score is −Σ⁻¹(x − μ).
        Eigen::Matrix2d c;
        c << 0.7, -0.2, -0.2, 0.4;
        const GaussianMixture g({1}, {{0.5, -1}}, {c});
        const Eigen::Vector2d x(1.3, 0.4);
        QVERIFY((g.score(x) + c.inverse() * (x - Eigen::Vector2d(0.5, -1))).norm() < 1e-12);
    }

    void noisedMixtureMatchesMonteCarloOfTheForwardProcess()
    {
        const GaussianMixture data = mixturePreset(MixturePreset::ThreeClusters);
        const NoiseSchedule schedule(ScheduleKind::Linear, 1000);
        // The closed form's moments.
        for (const double a : {0.0, 0.25, 1.0}) {
            const GaussianMixture q = data.noised(a);
            QVERIFY((q.mean() - std::sqrt(a) * data.mean()).norm() < 1e-12);
            QVERIFY((q.covariance() - (a * data.covariance() + (1 - a) * Eigen::Matrix2d::Identity())).norm() < 1e-12);
        }
        Random rng(11);
        const int n = 100000;
        const Points x0 = data.sample(n, rng);
        for (const int t : {50, 200, 600}) {
            const Points xt = noisedPoints(x0, schedule, t, rng);
            verifyMatches(xt, data.noised(schedule.alphaBar(t)), 4, qPrintable(QStringLiteral("jump to t = %1").arg(t)));
            qInfo("t = %d: ᾱ = %.4f, sample mean (%.4f, %.4f) vs (%.4f, %.4f)", t, schedule.alphaBar(t),
                  sampleMean(xt)(0), sampleMean(xt)(1), data.noised(schedule.alphaBar(t)).mean()(0),
                  data.noised(schedule.alphaBar(t)).mean()(1));
        }
        // T single steps compose to the one-jump marginal (ᾱ_t = Π α_s).
        Points x = x0.leftCols(20000);
        for (int t = 1; t <= 150; ++t)
            x = forwardStep(x, schedule, t, rng);
        verifyMatches(x, data.noised(schedule.alphaBar(150)), 4, "150 single steps");
    }

    void schedulesHaveTheirProperties()
    {
        for (const ScheduleKind kind : {ScheduleKind::Linear, ScheduleKind::Cosine})
            for (const int T : {20, 100, 1000}) {
                const NoiseSchedule s(kind, T);
                QCOMPARE(s.alphaBar(0), 1.0);
                double product = 1;
                for (int t = 1; t <= T; ++t) {
                    QVERIFY(s.beta(t) > 0 && s.beta(t) <= NoiseSchedule::kMaxBeta);
                    QVERIFY(s.alphaBar(t) < s.alphaBar(t - 1) && s.alphaBar(t) > 0);
                    product *= 1 - s.beta(t);
                    QVERIFY(std::abs(s.alphaBar(t) - product) <= 1e-12 * product);
                    QVERIFY(s.posteriorVariance(t) <= s.beta(t));
                }
                QCOMPARE(s.posteriorVariance(1), 0.0);
                qInfo("%s T = %d: ᾱ_T = %.3e", kind == ScheduleKind::Linear ? "linear" : "cosine", T, s.alphaBar(T));
                QVERIFY(s.alphaBar(T) < 1e-4);
            }
        const NoiseSchedule linear(ScheduleKind::Linear, 1000), cosine(ScheduleKind::Cosine, 1000);
        QVERIFY(std::abs(linear.beta(1) - 1e-4) < 1e-15);
        QVERIFY(std::abs(linear.beta(1000) - 0.02) < 1e-15);
        QVERIFY(linear.alphaBar(1000) > 3.5e-5 && linear.alphaBar(1000) < 4.5e-5);
        const auto f = [](double u) {
            const double c = std::cos(std::numbers::pi / 2 * (u + 0.008) / 1.008);
            return c * c;
        };
        QVERIFY(std::abs(cosine.alphaBar(500) - f(0.5) / f(0)) < 1e-12);
        QVERIFY(std::abs(cosine.alphaBar(500) - 0.4938) < 1e-4);
        qInfo("t = T/4: cosine ᾱ = %.4f, linear ᾱ = %.4f", cosine.alphaBar(250), linear.alphaBar(250));
        QVERIFY(cosine.alphaBar(250) > linear.alphaBar(250) + 0.2);
    }

    void reverseSamplingWithTheExactScoreRecoversTheMixture()
    {
        const GaussianMixture data = mixturePreset(MixturePreset::ThreeClusters);
        const NoiseSchedule schedule(ScheduleKind::Linear, 1000);
        const int n = 1500;
        const NullDistribution null = energyNull(data, n, 8);
        Random rng(21);
        const Points start = standardNormalPoints(n, rng);
        const NoisePredictor exact = exactNoisePredictor(data, schedule);
        ReverseSettings ancestral;
        ancestral.recordPaths = 2;
        const ReverseResult a = reverseDiffusion(exact, schedule, start, rng, ancestral);
        verifyRecovers(a.samples, data, null, rng, "ancestral, exact score");
        QCOMPARE(a.paths.size(), std::size_t(2));
        QCOMPARE(a.paths[0].cols(), Eigen::Index(1001));
        QVERIFY((a.paths[1].col(0) - start.col(1)).norm() == 0);
        QVERIFY((a.paths[1].col(1000) - a.samples.col(1)).norm() == 0);
        ReverseSettings flow;
        flow.method = ReverseMethod::ProbabilityFlow;
        const ReverseResult b = reverseDiffusion(exact, schedule, start, rng, flow);
        verifyRecovers(b.samples, data, null, rng, "probability flow, exact score");
        // Deterministic: the same start gives the same end; clipping far outside the data changes nothing.
        flow.clipDenoised = 1e6;
        QVERIFY((reverseDiffusion(exact, schedule, start, rng, flow).samples - b.samples).norm() < 1e-9);
        ancestral.clipDenoised = 1e6;
        Random r1(3), r2(3);
        ancestral.recordPaths = 0;
        const Points unclipped = reverseDiffusion(exact, schedule, start.leftCols(200), r1, ReverseSettings{}).samples;
        const Points clipped = reverseDiffusion(exact, schedule, start.leftCols(200), r2, ancestral).samples;
        QVERIFY((unclipped - clipped).norm() < 1e-9);

        // The criterion has power: wrong distributions land far above the null.
        Random wrong(4);
        const Points fresh = data.sample(n, wrong);
        const double gaussian = energyDistance(data.momentMatchedGaussian().sample(n, wrong), fresh);
        const NoisePredictor other = exactNoisePredictor(mixturePreset(MixturePreset::TwoBlobs), schedule);
        const double otherEd = energyDistance(reverseDiffusion(other, schedule, start, wrong).samples, fresh);
        qInfo("wrong distributions: moment-matched Gaussian %.4f, two-blob score %.4f (null %.5f ± %.5f)", gaussian,
              otherEd, null.mean, null.sd);
        QVERIFY(gaussian > null.mean + 20 * null.sd);
        QVERIFY(otherEd > null.mean + 20 * null.sd);
    }

    void scoreFieldArrowsPointToTheDenoisedMean()
    {
        const GaussianMixture data = mixturePreset(MixturePreset::TwoBlobs);
        const NoiseSchedule schedule(ScheduleKind::Cosine, 200);
        const int t = 60, grid = 7;
        const ScoreField f = scoreField(exactNoisePredictor(data, schedule), schedule, t, grid, 4);
        QCOMPARE(f.points.cols(), Eigen::Index(grid * grid));
        QVERIFY((f.points.col(0) - Eigen::Vector2d(-4, -4)).norm() < 1e-15);
        QVERIFY((f.points.col(1) - Eigen::Vector2d(-4 + 8.0 / 6, -4)).norm() < 1e-12);
        QVERIFY((f.points.col(grid * grid - 1) - Eigen::Vector2d(4, 4)).norm() < 1e-15);
        // Tweedie: E[√ᾱ x_0 | x_t] − x_t, from each component's Gaussian posterior and the responsibilities.
        const double a = schedule.alphaBar(t), r = std::sqrt(a), v = 1 - a;
        const GaussianMixture noised = data.noised(a);
        double worst = 0;
        for (Eigen::Index i = 0; i < f.points.cols(); ++i) {
            const Eigen::Vector2d x = f.points.col(i);
            const Eigen::VectorXd w = noised.responsibilities(x);
            Eigen::Vector2d posterior = Eigen::Vector2d::Zero();
            for (int k = 0; k < data.components(); ++k) {
                const Eigen::Matrix2d& s = data.covariances()[std::size_t(k)];
                const Eigen::Vector2d& m = data.means()[std::size_t(k)];
                const Eigen::Matrix2d gain = r * s * (a * s + v * Eigen::Matrix2d::Identity()).inverse();
                posterior += w(k) * (m + gain * (x - r * m));
            }
            worst = std::max(worst, (f.vectors.col(i) - (r * posterior - x)).norm());
        }
        qInfo("score-field arrows vs Tweedie's denoised mean: worst difference %.2e", worst);
        QVERIFY(worst < 1e-10);
    }

    void networkGradientsMatchFiniteDifferences()
    {
        Random rng(8);
        ScoreNetConfig config;
        config.hidden = 7;
        config.layers = 2;
        config.frequencies = 3;
        ScoreNet net(config, rng);
        for (nn::Tensor* t : net.parameters())
            t->randomise(rng, 0.7);  // away from the small initial output layer
        nn::Matrix input = test::randomMatrix(3, 6, rng);
        for (Eigen::Index i = 0; i < input.cols(); ++i)
            input(2, i) = rng.uniform();
        const test::GradientReport report = test::checkGradients(
            [&](const nn::Matrix& u) { return net.forward(u); }, [&](const nn::Matrix& d) { return net.backward(d); },
            net.parameters(), input, rng);
        qInfo("score network: worst relative gradient error %.2e (%s)", report.worst, report.where.c_str());
        QVERIFY2(report.worst < 1e-6, report.where.c_str());

        // The ε-loss through the network, against finite differences of the loss itself.
        const nn::Matrix eps = test::randomMatrix(2, 6, rng);
        const nn::TensorList params = net.parameters();
        nn::zeroGradients(params);
        nn::Matrix g;
        epsilonLoss(net.forward(input), eps, &g);
        net.backward(g);
        double worst = 0;
        const double h = 1e-5;
        for (nn::Tensor* t : params) {
            Eigen::MatrixXd numeric(t->value.rows(), t->value.cols());
            for (Eigen::Index k = 0; k < t->value.size(); ++k) {
                const double keep = t->value.data()[k];
                t->value.data()[k] = keep + h;
                const double up = epsilonLoss(net.forward(input), eps);
                t->value.data()[k] = keep - h;
                const double down = epsilonLoss(net.forward(input), eps);
                t->value.data()[k] = keep;
                numeric.data()[k] = (up - down) / (2 * h);
            }
            worst = std::max(worst, (numeric - t->grad).norm() / std::max(numeric.norm(), t->grad.norm()));
        }
        qInfo("ε-loss: worst relative gradient error %.2e", worst);
        QVERIFY(worst < 1e-6);
        // SiLU's derivative.
        for (const double z : {-3.0, -0.4, 0.0, 0.9, 5.0})
            QVERIFY(std::abs((silu(z + h) - silu(z - h)) / (2 * h) - siluDerivative(z)) < 1e-9);
    }

    void trainingReachesTheExactScoresFloor()
    {
        const GaussianMixture data = mixturePreset(MixturePreset::ThreeClusters);
        const NoiseSchedule schedule(ScheduleKind::Linear, 100);
        Random rng(1);
        ScoreNet net(ScoreNetConfig{}, rng);
        TrainingSettings settings;
        settings.steps = 1000;
        settings.batch = 64;
        Random heldOut(99);
        const HeldOutLoss before = heldOutLoss(net, data, schedule, 20000, heldOut);
        const TrainingLog log = trainScoreNet(net, data, schedule, settings, rng);
        QCOMPARE(log.loss.size(), std::size_t(1000));
        const HeldOutLoss after = heldOutLoss(net, data, schedule, 20000, heldOut);
        double last = 0;
        for (std::size_t i = 900; i < 1000; ++i)
            last += log.loss[i] / 100;
        qInfo("ε-loss on 20 000 held-out samples: untrained %.3f, trained %.4f, exact score %.4f, excess %.4f ± %.4f; "
              "last 100 training batches %.4f",
              before.network, after.network, after.exact, after.excess, after.excessSe, last);
        QVERIFY(before.network > 1.9);            // ≈ E‖ε‖² = 2 for a near-zero output
        QVERIFY(after.network < 1.1 * after.exact);  // within 10 % of the floor
        QVERIFY(after.excess > -3 * after.excessSe);  // and not below it: the exact score is Bayes-optimal
        QVERIFY(last < 0.35 * before.network);

        const int n = 1000;
        Random sampler(2);
        const ReverseResult r = reverseDiffusion(learnedNoisePredictor(net, schedule), schedule,
                                                 standardNormalPoints(n, sampler), sampler, ReverseSettings{});
        const Points fresh = data.sample(n, sampler);
        const double ed = energyDistance(r.samples, fresh);
        const double gaussian = energyDistance(data.momentMatchedGaussian().sample(n, sampler), fresh);
        const std::vector<double> shares = data.assignmentShares(r.samples);
        qInfo("trained network: energy distance %.4f (moment-matched Gaussian %.4f), shares %.3f %.3f %.3f", ed,
              gaussian, shares[0], shares[1], shares[2]);
        QVERIFY(ed < 0.2 * gaussian);  // 5× closer
        for (std::size_t k = 0; k < shares.size(); ++k)
            QVERIFY(std::abs(shares[k] - data.weights()[k]) < 0.05);
    }

    void experimentReturnsItsDeclaredOutputs()
    {
        Progress progress;
        ParamSet p(diffusionSpecs());
        p.set("samples", 200);
        p.set("steps", 40);
        p.set("training_steps", 150);
        p.set("trajectories", 3);
        p.set("grid", 5);
        for (const int schedule : {0, 1})
            for (const int sampler : {0, 1})
                for (const int method : {0, 1}) {
                    p.set("schedule", schedule);
                    p.set("sampler", sampler);
                    p.set("method", method);
                    const ExperimentResult r = runDiffusion(p, progress);
                    const std::vector<OutputInfo> declared = diffusionOutputs();
                    std::size_t si = 0, ki = 0;
                    for (const OutputInfo& o : declared) {
                        if (o.kind == OutputInfo::Kind::Series) {
                            QVERIFY(si < r.series.size());
                            const ResultSeries& s = r.series[si++];
                            QCOMPARE(s.name, o.key);
                            QCOMPARE(s.yUnit, o.unit);
                            QCOMPARE(s.xUnit, o.xUnit);
                            QCOMPARE(s.x.size(), s.y.size());
                        } else {
                            QVERIFY(ki < r.scalars.size());
                            const ResultScalar& s = r.scalars[ki++];
                            QCOMPARE(s.key, o.key);
                            QCOMPARE(s.unit, o.unit);
                            QVERIFY(std::isfinite(s.value));
                        }
                    }
                    QCOMPARE(si, r.series.size());
                    QCOMPARE(ki, r.scalars.size());
                    QVERIFY(!r.notes.empty());
                    QCOMPARE(r.findSeries("data_samples")->x.size(), std::size_t(200));
                    QCOMPARE(r.findSeries("generated_samples")->x.size(), std::size_t(200));
                    QCOMPARE(r.findSeries("trajectories")->x.size(), std::size_t(3 * 41));
                    QCOMPARE(r.findSeries("score_field_vectors")->x.size(), std::size_t(25));
                    QCOMPARE(r.findSeries("alpha_bar")->x.size(), std::size_t(41));
                    QCOMPARE(r.findSeries("component_means")->x.size(), std::size_t(3));
                    QCOMPARE(r.findScalar("shown_step")->value, 12.0);
                    if (sampler == 0)  // the exact score; the network is barely trained at these settings
                        QVERIFY(r.findScalar("energy_distance")->value < r.findScalar("energy_distance_gaussian")->value);
                }
        p.set("sampler", 0);
        p.set("training_steps", 0);
        const ExperimentResult untrained = runDiffusion(p, progress);
        QVERIFY(untrained.findSeries("loss_curve")->x.empty());
        QCOMPARE(untrained.findScalar("final_loss")->value, 0.0);
        p.set("sampler", 1);
        QVERIFY(throwsNaming([&] { runDiffusion(p, progress); }, "training_steps"));
        QCOMPARE(shownStep(0, 100), 1);
        QCOMPARE(shownStep(1, 100), 100);
    }

    void badInputIsRefusedByName()
    {
        const Eigen::Matrix2d I = Eigen::Matrix2d::Identity();
        Eigen::Matrix2d skew;
        skew << 1, 0.5, 0.2, 1;
        Eigen::Matrix2d singular;
        singular << 1, 1, 1, 1;
        QVERIFY(throwsNaming([&] { GaussianMixture({1, -1}, {{0, 0}, {1, 1}}, {I, I}); }, "weight 1 = -1"));
        QVERIFY(throwsNaming([&] { GaussianMixture({1}, {{0, NAN}}, {I}); }, "mean 0 entry = nan"));
        QVERIFY(throwsNaming([&] { GaussianMixture({1}, {{0, 0}}, {skew}); }, "covariance 0 off-diagonal"));
        QVERIFY(throwsNaming([&] { GaussianMixture({1}, {{0, 0}}, {singular}); }, "covariance 0 determinant"));
        QVERIFY(throwsNaming([&] { GaussianMixture({1, 1}, {{0, 0}}, {I, I}); }, "means = 1"));
        const GaussianMixture g = mixturePreset(MixturePreset::TwoBlobs);
        QVERIFY(throwsNaming([&] { g.noised(1.5); }, "alphaBar = 1.5"));
        QVERIFY(throwsNaming([&] { g.score({INFINITY, 0}); }, "x = inf"));
        QVERIFY(throwsNaming([&] { NoiseSchedule(ScheduleKind::Linear, 1); }, "steps T = 1"));
        const NoiseSchedule s(ScheduleKind::Cosine, 50);
        QVERIFY(throwsNaming([&] { s.alphaBar(51); }, "t = 51"));
        QVERIFY(throwsNaming([&] { s.beta(0); }, "t = 0"));
        Random rng(1);
        Points bad = standardNormalPoints(4, rng);
        bad(1, 2) = NAN;
        QVERIFY(throwsNaming([&] { reverseDiffusion(exactNoisePredictor(g, s), s, bad, rng); }, "x_T entry 5 = nan"));
        ReverseSettings rs;
        rs.recordPaths = 9;
        QVERIFY(throwsNaming([&] { reverseDiffusion(exactNoisePredictor(g, s), s, standardNormalPoints(4, rng), rng, rs); },
                             "recordPaths = 9"));
        QVERIFY(throwsNaming([&] { energyDistance(Points(2, 1), Points(2, 5)); }, "first sample size = 1"));
        QVERIFY(throwsNaming([&] { scoreField(exactNoisePredictor(g, s), s, 10, 1, 4); }, "grid = 1"));
        ScoreNetConfig config;
        config.hidden = 0;
        QVERIFY(throwsNaming([&] { ScoreNet(config, rng); }, "hidden = 0"));
        ScoreNet net(ScoreNetConfig{}, rng);
        nn::Matrix u = nn::Matrix::Zero(3, 2);
        u(2, 1) = NAN;
        QVERIFY(throwsNaming([&] { net.forward(u); }, "input entry 5 = nan"));
        TrainingSettings ts;
        ts.batch = 0;
        QVERIFY(throwsNaming([&] { trainScoreNet(net, g, s, ts, rng); }, "batch = 0"));
    }
};

QTEST_APPLESS_MAIN(TestDiffusion)
#include "tst_diffusion.moc"
