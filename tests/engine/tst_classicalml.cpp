// Chapter 9 (engine/classical). Decoding: LDA's cross-validated accuracy on two Gaussian classes equals the Bayes
// rate Φ(Δ/2); logistic regression's loss never rises and its gradient matches finite differences; decoding is at
// chance without tuning and rises with the population size. Bias and variance: the decomposition holds exactly,
// the training error never rises with the degree, the test error is U-shaped on the default setting, and on a
// fixed grid the variance and the training error take their closed forms σ²(d+1)/n and σ²(1 − (d+1)/n) + bias².

#include "engine/classical/BiasVariance.h"
#include "engine/classical/ClassicalExperiments.h"
#include "engine/classical/Decoding.h"
#include "engine/core/Job.h"
#include "engine/core/Random.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::classical;
using neuroai::test::throwsNaming;

namespace {

// Two classes in d dimensions: N(0, Σ) and N(μ, Σ) with Σ = diag(1, 4, 0.25, ...) and μ chosen so that the
// Mahalanobis distance is `delta`.
Dataset twoGaussians(int perClass, int d, double delta, std::uint64_t seed)
{
    Random rng(seed);
    Dataset data;
    data.classes = 2;
    data.x.resize(2 * perClass, d);
    std::vector<double> sd(static_cast<std::size_t>(d));
    for (int j = 0; j < d; ++j)
        sd[std::size_t(j)] = j % 3 == 0 ? 1.0 : (j % 3 == 1 ? 2.0 : 0.5);
    // The mean difference along the first two axes, δ/√2 SDs each.
    for (int k = 0; k < 2; ++k)
        for (int i = 0; i < perClass; ++i) {
            const Eigen::Index row = Eigen::Index(k) * perClass + i;
            for (int j = 0; j < d; ++j) {
                const double shift = (k == 1 && j < 2) ? delta / std::sqrt(2.0) * sd[std::size_t(j)] : 0.0;
                data.x(row, j) = shift + sd[std::size_t(j)] * rng.normal();
            }
            data.labels.push_back(k);
        }
    return data;
}

double meanAccuracy(PopulationSetup pop, const ClassifierSetup& c, int neurons, int seeds)
{
    double sum = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
        pop.seed = std::uint64_t(seed);
        const Dataset data = simulatePopulation(pop);
        sum += crossValidatedAccuracy(data, c, 5, std::uint64_t(seed), evenlySpacedNeurons(neurons, pop.neurons));
    }
    return sum / seeds;
}

}  // namespace

class TestClassicalMl : public QObject {
    Q_OBJECT

private slots:
    void ldaReachesTheBayesRateOnGaussianClasses()
    {
        const double delta = 2;
        const Dataset data = twoGaussians(1500, 4, delta, 3);
        ClassifierSetup lda;
        lda.shrinkage = 0;
        const double accuracy = crossValidatedAccuracy(data, lda, 5, 1);
        const double bayes = bayesAccuracyTwoGaussians(delta);
        QVERIFY(std::abs(bayes - 0.841344746) < 1e-8);
        // Three standard errors of a proportion over 3000 trials.
        const double se = std::sqrt(bayes * (1 - bayes) / 3000);
        QVERIFY2(std::abs(accuracy - bayes) < 3 * se, qPrintable(QStringLiteral("%1 vs %2").arg(accuracy).arg(bayes)));
        // Logistic regression gets there too.
        ClassifierSetup logistic;
        logistic.kind = Classifier::Logistic;
        logistic.l2 = 1e-4;
        QVERIFY(std::abs(crossValidatedAccuracy(data, logistic, 5, 1) - bayes) < 3 * se);
    }

    void logisticLossNeverRisesAndItsGradientIsExact()
    {
        PopulationSetup pop;
        pop.neurons = 12;
        pop.stimuli = 4;
        pop.trialsPerStimulus = 20;
        const Dataset data = simulatePopulation(pop);
        std::vector<int> all(data.labels.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = int(i);
        ClassifierSetup setup;
        setup.kind = Classifier::Logistic;
        const LinearClassifier c = LinearClassifier::train(data, all, setup);
        const std::vector<double>& loss = c.lossTrace();
        QCOMPARE(int(loss.size()), setup.iterations);
        for (std::size_t i = 1; i < loss.size(); ++i)
            QVERIFY2(loss[i] <= loss[i - 1] + 1e-14, qPrintable(QString::number(i)));
        QVERIFY(loss.back() < 0.5 * std::log(4.0));

        // The gradient against central differences at a random point.
        Random rng(9);
        Eigen::MatrixXd x = data.x;
        x.rowwise() -= x.colwise().mean();
        Eigen::MatrixXd w(4, 12);
        Eigen::VectorXd b(4);
        for (Eigen::Index i = 0; i < w.size(); ++i)
            w.data()[i] = 0.3 * rng.normal();
        for (Eigen::Index i = 0; i < b.size(); ++i)
            b(i) = 0.3 * rng.normal();
        Eigen::MatrixXd gw;
        Eigen::VectorXd gb;
        softmaxLoss(x, data.labels, w, b, 0.05, &gw, &gb);
        const double h = 1e-5;
        double worst = 0;
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            Eigen::MatrixXd plus = w, minus = w;
            plus.data()[i] += h;
            minus.data()[i] -= h;
            const double fd = (softmaxLoss(x, data.labels, plus, b, 0.05) - softmaxLoss(x, data.labels, minus, b, 0.05)) / (2 * h);
            worst = std::max(worst, std::abs(fd - gw.data()[i]) / std::max(std::abs(fd), 1e-3));
        }
        for (Eigen::Index i = 0; i < b.size(); ++i) {
            Eigen::VectorXd plus = b, minus = b;
            plus(i) += h;
            minus(i) -= h;
            const double fd = (softmaxLoss(x, data.labels, w, plus, 0.05) - softmaxLoss(x, data.labels, w, minus, 0.05)) / (2 * h);
            worst = std::max(worst, std::abs(fd - gb(i)) / std::max(std::abs(fd), 1e-3));
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
    }

    void untunedNeuronsDecodeAtChance()
    {
        PopulationSetup pop;
        pop.peakHz = 0;
        pop.baselineHz = 10;
        pop.trialsPerStimulus = 100;
        const Dataset data = simulatePopulation(pop);
        const double accuracy = crossValidatedAccuracy(data, ClassifierSetup{}, 5, 1);
        const double chance = 1.0 / pop.stimuli, se = std::sqrt(chance * (1 - chance) / 800);
        QVERIFY2(std::abs(accuracy - chance) < 3 * se, qPrintable(QString::number(accuracy)));
    }

    void accuracyRisesWithPopulationSize()
    {
        const PopulationSetup pop;  // 64 neurons, 8 stimuli, 40 trials each
        for (const Classifier kind : {Classifier::Lda, Classifier::Logistic}) {
            ClassifierSetup c;
            c.kind = kind;
            const int seeds = kind == Classifier::Lda ? 3 : 1;
            std::vector<double> accuracy;
            for (const int n : neuronSweep(pop.neurons))
                accuracy.push_back(meanAccuracy(pop, c, n, seeds));
            QString text;
            for (const double a : accuracy)
                text += QString::number(a, 'f', 3) + QLatin1Char(' ');
            qInfo("classifier %d: %s", int(kind), qPrintable(text));
            for (std::size_t i = 1; i < accuracy.size(); ++i)
                QVERIFY2(accuracy[i] > accuracy[i - 1] - 0.02, qPrintable(text));
            QVERIFY2(accuracy.back() > accuracy.front() + 0.5, qPrintable(text));
            QVERIFY(accuracy.back() > 0.95);
        }
    }

    void biasVarianceDecompositionIsExactAndTheTestErrorUShaped()
    {
        const BiasVarianceCurves c = biasVariance(BiasVarianceSetup{});
        QString text;
        for (std::size_t d = 0; d < c.degrees.size(); ++d) {
            text += QString::number(c.testError[d], 'f', 3) + QLatin1Char(' ');
            QVERIFY(std::abs(c.errorAgainstF[d] - (c.bias2[d] + c.variance[d])) < 1e-10 * c.errorAgainstF[d]);
            if (d > 0)
                QVERIFY(c.trainingError[d] <= c.trainingError[d - 1] + 1e-12);
        }
        qInfo("test error by degree: %s(best %d)", qPrintable(text), c.bestDegree);
        const double best = c.testError[std::size_t(c.bestDegree)];
        QVERIFY(c.bestDegree >= 2 && c.bestDegree <= 8);
        QVERIFY(c.testError.front() > 2 * best);
        QVERIFY(c.testError.back() > 2 * best);
        // Bias² falls and variance rises from one end to the other.
        QVERIFY(c.bias2.front() > 50 * c.bias2[std::size_t(c.bestDegree)]);
        QVERIFY(c.variance.back() > 10 * c.variance.front());
    }

    void gridDesignTakesTheClosedForms()
    {
        BiasVarianceSetup s;
        s.design = Design::Grid;
        s.repetitions = 2000;
        const BiasVarianceCurves c = biasVariance(s);
        const double sigma2 = s.noiseSd * s.noiseSd, n = s.trainingPoints;
        for (std::size_t d = 0; d < c.degrees.size(); ++d) {
            const double p = double(d + 1);
            const double variance = sigma2 * p / n, training = sigma2 * (1 - p / n) + c.bias2[d];
            QVERIFY2(std::abs(c.variance[d] / variance - 1) < 0.06,
                     qPrintable(QStringLiteral("degree %1: variance %2 vs %3").arg(d).arg(c.variance[d]).arg(variance)));
            QVERIFY2(std::abs(c.trainingError[d] / training - 1) < 0.06,
                     qPrintable(QStringLiteral("degree %1: training %2 vs %3").arg(d).arg(c.trainingError[d]).arg(training)));
        }
        // A ridge penalty trades variance for bias at the highest degree.
        s.ridge = 1;
        const BiasVarianceCurves ridged = biasVariance(s);
        QVERIFY(ridged.variance.back() < 0.8 * c.variance.back());
        QVERIFY(ridged.bias2.back() > c.bias2.back());
    }

    void polynomialFitRecoversAPolynomial()
    {
        std::vector<double> x, y;
        for (int i = 0; i < 15; ++i) {
            x.push_back(i / 14.0);
            y.push_back(1 - 2 * x.back() + 3 * std::pow(x.back(), 3) - 0.5 * std::pow(x.back(), 5));
        }
        const std::vector<double> c = fitPolynomial(x, y, 5, 0);
        for (const double at : {0.0, 0.13, 0.5, 0.77, 1.0})
            QVERIFY(std::abs(evaluatePolynomial(c, at) - (1 - 2 * at + 3 * std::pow(at, 3) - 0.5 * std::pow(at, 5))) < 1e-10);
    }

    void experimentsReportTheirCurvesAndNameBadSettings()
    {
        Progress progress;
        ParamSet decoding(populationDecodingSpecs());
        decoding.set("neurons", 16);
        const ExperimentResult d = runPopulationDecoding(decoding, progress);
        QCOMPARE(d.findSeries("accuracy_vs_neurons")->x, (std::vector<double>{1, 2, 4, 8, 16}));
        QCOMPARE(d.findScalar("chance_pct")->value, 12.5);
        decoding.set("trials", 5);
        decoding.set("folds", 6);
        QVERIFY(throwsNaming([&] { runPopulationDecoding(decoding, progress); }, "folds"));

        ParamSet bv(biasVarianceSpecs());
        const ExperimentResult b = runBiasVariance(bv, progress);
        QCOMPARE(b.findSeries("test_error")->x.size(), std::size_t(13));
        QCOMPARE(b.findSeries("example_fit")->x.size(), b.findSeries("true_function")->x.size());
        bv.set("points", 10);
        QVERIFY(throwsNaming([&] { runBiasVariance(bv, progress); }, "max_degree"));

        PopulationSetup bad;
        bad.neurons = 0;
        QVERIFY(throwsNaming([&] { simulatePopulation(bad); }, "neurons"));
        BiasVarianceSetup badFit;
        badFit.noiseSd = -1;
        QVERIFY(throwsNaming([&] { biasVariance(badFit); }, "noise SD"));
    }
};

QTEST_APPLESS_MAIN(TestClassicalMl)
#include "tst_classicalml.moc"
