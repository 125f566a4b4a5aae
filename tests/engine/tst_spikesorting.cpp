// Chapter 8's pipeline (engine/pipeline, engine/analysis/Clustering.h). Checks the Butterworth sections against their
// design (−3 dB at the cutoff, a sinusoid's measured gain equal to |H|, no DC, no shift of a trough by the zero-phase
// band-pass); the robust noise estimate on Gaussian noise; PCA against the covariance's eigenvalues; k-means and the
// Gaussian mixture on separated clusters (EM's log-likelihood never falls; the mixture's weights and means
// recovered); the scoring on a hand-made case; the synthetic recording (rates, dead time, waveforms); and the whole
// pipeline: > 95 % sorted correctly at the default noise for seeds 1-3, and worse as the noise rises.

#include "engine/analysis/Clustering.h"
#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/pipeline/Filters.h"
#include "engine/pipeline/PipelineExperiments.h"
#include "engine/pipeline/SpikeSorting.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <vector>

using namespace neuroai;
using namespace neuroai::pipeline;
using neuroai::test::throwsNaming;

namespace {

constexpr double kFs = 20000;

std::vector<double> sine(double frequencyHz, double amplitude, std::size_t samples)
{
    std::vector<double> x(samples);
    for (std::size_t j = 0; j < samples; ++j)
        x[j] = amplitude * std::sin(2 * std::numbers::pi * frequencyHz * double(j) / kFs);
    return x;
}

// RMS over the middle half (away from the filters' start-up at either end).
double middleRms(const std::vector<double>& x)
{
    double sum = 0;
    const std::size_t from = x.size() / 4, to = 3 * x.size() / 4;
    for (std::size_t j = from; j < to; ++j)
        sum += x[j] * x[j];
    return std::sqrt(sum / double(to - from));
}

Eigen::MatrixXd blobs(const std::vector<Eigen::Vector2d>& centres, int perBlob, double sd, Random& rng)
{
    Eigen::MatrixXd rows(Eigen::Index(centres.size()) * perBlob, 2);
    for (std::size_t c = 0; c < centres.size(); ++c)
        for (int i = 0; i < perBlob; ++i) {
            const Eigen::Index r = Eigen::Index(c) * perBlob + i;
            rows(r, 0) = centres[c].x() + sd * rng.normal();
            rows(r, 1) = centres[c].y() + sd * rng.normal();
        }
    return rows;
}

// True when the labels split the rows into the blocks of `perBlob` consecutive rows exactly (any cluster numbering).
bool labelsMatchBlocks(const std::vector<int>& labels, int blocks, int perBlob)
{
    std::set<int> seen;
    for (int b = 0; b < blocks; ++b) {
        const int first = labels[std::size_t(b * perBlob)];
        for (int i = 0; i < perBlob; ++i)
            if (labels[std::size_t(b * perBlob + i)] != first)
                return false;
        if (!seen.insert(first).second)
            return false;
    }
    return true;
}

}  // namespace

class TestSpikeSorting : public QObject {
    Q_OBJECT

private slots:
    void butterworthSectionsAreMinus3DbAtTheirCutoff()
    {
        for (const double fc : {300.0, 1000.0, 3000.0, 8000.0}) {
            const double half = 1 / std::sqrt(2.0);
            QVERIFY(std::abs(Biquad::butterworthLowPass(fc, kFs).gain(fc, kFs) - half) < 1e-12);
            QVERIFY(std::abs(Biquad::butterworthHighPass(fc, kFs).gain(fc, kFs) - half) < 1e-12);
            // Unit gain in the pass band's far end: DC for the low-pass, Nyquist for the high-pass.
            QVERIFY(std::abs(Biquad::butterworthLowPass(fc, kFs).gain(0, kFs) - 1) < 1e-12);
            QVERIFY(std::abs(Biquad::butterworthHighPass(fc, kFs).gain(kFs / 2, kFs) - 1) < 1e-12);
            QVERIFY(Biquad::butterworthHighPass(fc, kFs).gain(0, kFs) < 1e-12);
        }
        // The band-pass: −6 dB at each corner (within the other section's small effect), about 1 between them.
        QVERIFY(std::abs(zeroPhaseBandPassGain(300, kFs, 300, 3000) - 0.5) < 1e-3);
        QVERIFY(std::abs(zeroPhaseBandPassGain(3000, kFs, 300, 3000) - 0.5) < 1e-3);
        QVERIFY(std::abs(zeroPhaseBandPassGain(950, kFs, 300, 3000) - 1) < 0.02);
    }

    void aSinusoidComesOutScaledByTheComputedGain()
    {
        for (const double f : {100.0, 300.0, 1000.0, 3000.0, 6000.0}) {
            const std::vector<double> x = sine(f, 50, 40000);
            const std::vector<double> y = zeroPhaseBandPass(x, kFs, 300, 3000);
            const double measured = middleRms(y) / middleRms(x), expected = zeroPhaseBandPassGain(f, kFs, 300, 3000);
            QVERIFY2(std::abs(measured - expected) < 0.005 * std::max(expected, 0.01),
                     qPrintable(QStringLiteral("%1 Hz: measured %2, |H|² %3").arg(f).arg(measured).arg(expected)));
        }
        // A constant offset (the field potential's slowest part) is removed.
        const std::vector<double> y = zeroPhaseBandPass(std::vector<double>(40000, 200.0), kFs, 300, 3000);
        QVERIFY(middleRms(y) < 1e-6);
    }

    void zeroPhaseFilteringKeepsATroughWhereItWas()
    {
        std::vector<double> x(4000, 0.0);
        const UnitShape shape = unitShapes()[0];
        const double troughMs = 100.0;
        for (std::size_t j = 0; j < x.size(); ++j)
            x[j] = unitWaveform(shape, 1000.0 * double(j) / kFs - troughMs);
        const std::vector<double> y = zeroPhaseBandPass(x, kFs, 300, 3000);
        const auto at = std::size_t(std::min_element(y.begin(), y.end()) - y.begin());
        QCOMPARE(at, std::size_t(troughMs * kFs / 1000));
        // A one-way (causal) pass moves it later.
        std::vector<double> causal = x;
        Biquad::butterworthLowPass(3000, kFs).apply(causal);
        QVERIFY(std::size_t(std::min_element(causal.begin(), causal.end()) - causal.begin()) > at);
    }

    void robustSigmaOfGaussianNoiseIsItsSd()
    {
        Random rng(7);
        std::vector<double> x(200000);
        for (double& v : x)
            v = 7 * rng.normal();
        QVERIFY(std::abs(robustSigma(x) / 7 - 1) < 0.01);
        // Sparse large spikes barely move it (unlike the SD).
        for (std::size_t j = 0; j < x.size(); j += 400)
            x[j] -= 150;
        QVERIFY(std::abs(robustSigma(x) / 7 - 1) < 0.02);
    }

    void pcaVariancesAreTheCovarianceEigenvalues()
    {
        Random rng(3);
        Eigen::MatrixXd rows(500, 4);
        for (Eigen::Index i = 0; i < rows.rows(); ++i) {
            const double a = 5 * rng.normal(), b = 2 * rng.normal();
            rows.row(i) << a + 0.1 * rng.normal(), a - b, b + 0.3 * rng.normal(), 1 + 0.2 * rng.normal();
        }
        const analysis::Pca pca = analysis::principalComponents(rows, 3);
        const Eigen::MatrixXd centred = rows.rowwise() - rows.colwise().mean();
        const Eigen::MatrixXd covariance = centred.transpose() * centred / double(rows.rows() - 1);
        const Eigen::VectorXd eigenvalues = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(covariance).eigenvalues();
        for (int j = 0; j < 3; ++j) {
            QVERIFY(std::abs(pca.variances(j) - eigenvalues(3 - j)) < 1e-9 * eigenvalues(3));
            // The scores' own variance along each component is that eigenvalue.
            const double var = pca.scores.col(j).squaredNorm() / double(rows.rows() - 1);
            QVERIFY(std::abs(var - pca.variances(j)) < 1e-9 * eigenvalues(3));
        }
        QVERIFY((pca.components.transpose() * pca.components - Eigen::MatrixXd::Identity(3, 3)).norm() < 1e-12);
        QVERIFY(std::abs(pca.totalVariance - eigenvalues.sum()) < 1e-9 * eigenvalues.sum());
        QVERIFY(pca.explainedFraction() > 0.99 && pca.explainedFraction() < 1);
        QVERIFY(throwsNaming([&] { analysis::principalComponents(rows, 5); }, "components"));
    }

    void kMeansSeparatesDistantBlobs()
    {
        Random data(11);
        const Eigen::MatrixXd rows = blobs({{0, 0}, {10, 0}, {5, 9}}, 60, 1.0, data);
        Random rng(1);
        const analysis::Clusters c = analysis::kMeans(rows, 3, rng);
        QVERIFY(labelsMatchBlocks(c.labels, 3, 60));
        // Each centre is its blob's mean, and the inertia is the within-blob sum of squares.
        double inertia = 0;
        for (int b = 0; b < 3; ++b) {
            const Eigen::MatrixXd block = rows.middleRows(b * 60, 60);
            const Eigen::RowVectorXd mean = block.colwise().mean();
            QVERIFY((c.centres.row(c.labels[std::size_t(b * 60)]) - mean).norm() < 1e-12);
            inertia += (block.rowwise() - mean).squaredNorm();
        }
        QVERIFY(std::abs(c.inertia - inertia) < 1e-9 * inertia);
        // As many clusters as rows: every row its own centre.
        Random again(2);
        QVERIFY(analysis::kMeans(rows.topRows(5), 5, again).inertia < 1e-20);
    }

    void gaussianMixtureLikelihoodNeverFallsAndFindsTheMixture()
    {
        // 30 % around (0, 0) with SD 1, 70 % around (6, 2) with SD 0.5 in x and 2 in y.
        Random data(5);
        Eigen::MatrixXd rows(2000, 2);
        int first = 0;
        for (Eigen::Index i = 0; i < rows.rows(); ++i) {
            if (data.uniform() < 0.3) {
                rows.row(i) << data.normal(), data.normal();
                ++first;
            } else {
                rows.row(i) << 6 + 0.5 * data.normal(), 2 + 2 * data.normal();
            }
        }
        Random rng(1);
        const analysis::Mixture m = analysis::gaussianMixture(rows, 2, rng);
        QVERIFY(m.logLikelihood.size() >= 2);
        for (std::size_t i = 1; i < m.logLikelihood.size(); ++i)
            QVERIFY2(m.logLikelihood[i] >= m.logLikelihood[i - 1] - 1e-12, qPrintable(QString::number(i)));
        const int small = m.clusters.centres(0, 0) < m.clusters.centres(1, 0) ? 0 : 1, large = 1 - small;
        QVERIFY(std::abs(m.weights[std::size_t(small)] - double(first) / 2000) < 0.01);
        QVERIFY((m.clusters.centres.row(small) - Eigen::RowVector2d(0, 0)).norm() < 0.15);
        QVERIFY((m.clusters.centres.row(large) - Eigen::RowVector2d(6, 2)).norm() < 0.15);
        QVERIFY(std::abs(std::sqrt(m.covariances[std::size_t(large)](1, 1)) - 2) < 0.1);
        QVERIFY(std::abs(std::sqrt(m.covariances[std::size_t(large)](0, 0)) - 0.5) < 0.03);
    }

    void gaussianLogDensityMatchesTheClosedForm()
    {
        Eigen::MatrixXd x(2, 2);
        x << 1.0, -2.0, 0.5, 0.25;
        Eigen::Matrix2d cov;
        cov << 4, 0, 0, 0.25;
        const Eigen::VectorXd got = analysis::gaussianLogDensity(x, Eigen::Vector2d(0.5, -1), cov);
        for (int i = 0; i < 2; ++i) {
            const double dx = x(i, 0) - 0.5, dy = x(i, 1) + 1;
            const double expected =
                -0.5 * (dx * dx / 4 + dy * dy / 0.25) - std::log(2 * std::numbers::pi * std::sqrt(4 * 0.25));
            QVERIFY(std::abs(got(i) - expected) < 1e-12);
        }
        QVERIFY(throwsNaming([&] { analysis::gaussianLogDensity(x, Eigen::Vector2d(0, 0), -cov); },
                             "not positive definite"));
    }

    void scoringCountsAHandMadeCase()
    {
        // Unit 0 at 10, 30, 50 ms; unit 1 at 20, 40 ms. Events: 10.2 (cluster 0), 20.1 (1), 29.7 (0), 40.3 (0),
        // 45 (1, nothing there), and none near 50.
        const std::vector<std::vector<double>> truth{{10, 30, 50}, {20, 40}};
        const std::vector<double> events{10.2, 20.1, 29.7, 40.3, 45};
        const std::vector<int> labels{0, 1, 0, 0, 1};
        const SortingScore s = scoreSorting(truth, events, labels, 2, 0.4);
        QCOMPARE(s.truthSpikes, 5);
        QCOMPARE(s.matched, 4);
        QCOMPARE(s.falsePositives, 1);
        QCOMPARE(s.missed, 1);
        QCOMPARE(s.clusterUnit, (std::vector<int>{0, 1}));
        QCOMPARE(s.correct, 3);  // 40.3 belongs to unit 1 but sits in unit 0's cluster
        QCOMPARE(s.accuracy, 3.0 / 6.0);
        QCOMPARE(s.recall, 4.0 / 5.0);
        QCOMPARE(s.confusion[1][0], 1);
        // An event is matched once: a second event at the same spike is a false detection.
        const SortingScore twice = scoreSorting({{10}}, {10.0, 10.1}, {0, 0}, 1, 0.4);
        QCOMPARE(twice.matched, 1);
        QCOMPARE(twice.falsePositives, 1);
    }

    void syntheticRecordingHasItsRatesDeadTimeAndWaveforms()
    {
        RecordingSetup setup;
        setup.durationS = 60;
        setup.rateHz = 8;
        const SyntheticRecording rec = synthesiseRecording(setup);
        QCOMPARE(rec.spikeMs.size(), std::size_t(3));
        for (const std::vector<double>& train : rec.spikeMs) {
            // Rate within 4 standard errors of a renewal process (CV² = (1 − r·t_ref)² for a dead-time Poisson).
            const double expected = setup.rateHz * (setup.durationS - 0.01);
            const double sd = std::sqrt(expected) * (1 - setup.rateHz * setup.refractoryMs / 1000);
            QVERIFY2(std::abs(double(train.size()) - expected) < 4 * sd, qPrintable(QString::number(train.size())));
            for (std::size_t i = 1; i < train.size(); ++i)
                QVERIFY(train[i] - train[i - 1] >= setup.refractoryMs - 1e-9);
        }
        // Without noise and field potential the trace is the sum of the waveforms: at an isolated spike's trough
        // sample it is the waveform at that sample's offset.
        setup.noiseUv = 0;
        setup.lfpUv = 0;
        setup.durationS = 5;
        const SyntheticRecording clean = synthesiseRecording(setup);
        const double t = clean.spikeMs[2][0];
        const auto j = std::size_t(std::lround(t * kFs / 1000));
        QVERIFY(std::abs(clean.signal[j] - unitWaveform(unitShapes()[2], 1000.0 * double(j) / kFs - t)) < 1e-6 ||
                std::any_of(clean.spikeMs.begin(), clean.spikeMs.end(), [&](const std::vector<double>& other) {
                    return std::any_of(other.begin(), other.end(),
                                       [&](double s) { return s != t && std::abs(s - t) < 3.5; });
                }));
        // Same seed, same bytes.
        QVERIFY(synthesiseRecording(setup).signal == clean.signal);
    }

    void defaultPipelineSortsAbove95Percent()
    {
        for (const std::uint64_t seed : {1u, 2u, 3u}) {
            for (const ClusterMethod method : {ClusterMethod::KMeans, ClusterMethod::GaussianMixture}) {
                SortingSetup setup;
                setup.recording.seed = seed;
                setup.method = method;
                const SortingRun run = sortSpikes(setup);
                const QString what = QStringLiteral("seed %1, method %2: accuracy %3, recall %4, %5 false")
                                         .arg(seed)
                                         .arg(int(method))
                                         .arg(run.score.accuracy)
                                         .arg(run.score.recall)
                                         .arg(run.score.falsePositives);
                qInfo("%s", qPrintable(what));
                QVERIFY2(run.score.accuracy > 0.95, qPrintable(what));
                QVERIFY2(run.score.recall > 0.97, qPrintable(what));
            }
        }
    }

    void accuracyFallsAsTheNoiseRises()
    {
        std::vector<double> mean;
        for (const double noise : {20.0, 40.0, 80.0}) {
            double sum = 0;
            for (const std::uint64_t seed : {1u, 2u, 3u}) {
                SortingSetup setup;
                setup.recording.noiseUv = noise;
                setup.recording.seed = seed;
                sum += sortSpikes(setup).score.accuracy;
            }
            mean.push_back(sum / 3);
            qInfo("noise %.0f µV: mean accuracy %.4f", noise, mean.back());
        }
        QVERIFY(mean[0] > mean[1] + 0.2);
        QVERIFY(mean[1] > mean[2] + 0.2);
    }

    void gaussianMixtureOnSnippetsNeverLosesLikelihood()
    {
        SortingSetup setup;
        setup.method = ClusterMethod::GaussianMixture;
        setup.recording.noiseUv = 30;
        const SortingRun run = sortSpikes(setup);
        QVERIFY(run.logLikelihood.size() >= 2);
        for (std::size_t i = 1; i < run.logLikelihood.size(); ++i)
            QVERIFY(run.logLikelihood[i] >= run.logLikelihood[i - 1] - 1e-10);
    }

    void experimentReportsItsSweepAndRejectsBadCutoffs()
    {
        ParamSet p(spikeSortingSpecs());
        p.set("duration_s", 4);
        Progress progress;
        const ExperimentResult r = runSpikeSorting(p, progress);
        const ResultSeries* accuracy = r.findSeries("accuracy_vs_noise");
        QVERIFY(accuracy);
        QCOMPARE(accuracy->x, noiseSweep());
        QVERIFY(accuracy->y.front() > accuracy->y.back());
        const ResultSeries* gain = r.findSeries("filter_gain");
        QVERIFY(gain && !gain->y.empty());
        QVERIFY(*std::max_element(gain->y.begin(), gain->y.end()) <= 1 + 1e-12);
        QVERIFY(r.findScalar("accuracy_pct")->value > 90);
        p.set("low_hz", 1000);
        p.set("high_hz", 1000);
        bool named = false;
        try {
            runSpikeSorting(p, progress);
        } catch (const ParameterError& e) {
            named = QString::fromUtf8(e.what()).contains(QStringLiteral("low_hz"));
        }
        QVERIFY(named);
    }

    void badSettingsAreNamed()
    {
        RecordingSetup r;
        r.units = 7;
        QVERIFY(throwsNaming([&] { synthesiseRecording(r); }, "units"));
        r = RecordingSetup{};
        r.noiseUv = std::nan("");
        QVERIFY(throwsNaming([&] { synthesiseRecording(r); }, "noise"));
        r = RecordingSetup{};
        r.rateHz = 300;
        QVERIFY(throwsNaming([&] { synthesiseRecording(r); }, "rate"));
        QVERIFY(throwsNaming([] { Biquad::butterworthLowPass(12000, kFs); }, "cutoff"));
        QVERIFY(throwsNaming([] { zeroPhaseBandPass({1, 2, 3}, kFs, 3000, 300); }, "low cutoff"));
        QVERIFY(throwsNaming([] { scoreSorting({{1}}, {1.0}, {}, 1, 0.4); }, "labels"));
    }
};

QTEST_APPLESS_MAIN(TestSpikeSorting)
#include "tst_spikesorting.moc"
