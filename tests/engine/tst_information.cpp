// Information theory (engine/information/Information.h). Checks the plug-in entropy's bias against its first-order
// formula −(m−1)/(2N ln 2) and that Miller–Madow shrinks it; word entropy rates of Poisson trains against the exact
// rate H2(p)/Δt; the direct method (no information when the stimulus has no effect, information below the total
// entropy when it has); the population's mutual information (exact sum = Monte Carlo for one neuron, the bound
// log2 S, data processing, the plug-in estimate's upward bias with few trials); histogram equalisation (a uniform
// output: log2 K bits from K levels); Blahut–Arimoto on the binary symmetric channel (1 − H2(ε), 0.531 bits at
// ε = 0.1) and on the Z channel (its closed form, a non-uniform optimal input); and that bad input is named.

#include "engine/information/Information.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::information;
using neuroai::test::throwsNaming;

namespace {
// Mean and standard error of the plug-in and Miller–Madow estimates over `repeats` histograms of n draws from p.
struct BiasMeasurement {
    double plugIn = 0, plugInSe = 0, millerMadow = 0;
};

BiasMeasurement measureBias(const std::vector<double>& p, int n, int repeats, std::uint64_t seed)
{
    Random rng(seed);
    std::vector<double> cumulative(p.size());
    double c = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        cumulative[i] = (c += p[i]);
    double sum = 0, sum2 = 0, sumMM = 0;
    std::vector<double> counts(p.size());
    for (int r = 0; r < repeats; ++r) {
        std::fill(counts.begin(), counts.end(), 0.0);
        for (int k = 0; k < n; ++k) {
            const double u = rng.uniform();
            std::size_t i = 0;
            while (i + 1 < p.size() && u >= cumulative[i])
                ++i;
            counts[i] += 1;
        }
        const double h = plugInEntropy(counts);
        sum += h;
        sum2 += h * h;
        sumMM += millerMadowEntropy(counts);
    }
    const double truth = entropyOf(p);
    BiasMeasurement b;
    b.plugIn = sum / repeats - truth;
    b.plugInSe = std::sqrt((sum2 / repeats - (sum / repeats) * (sum / repeats)) / (repeats - 1));
    b.millerMadow = sumMM / repeats - truth;
    return b;
}
}  // namespace

class TestInformation : public QObject {
    Q_OBJECT
private slots:
    void entropyOfKnownDistributions()
    {
        QCOMPARE(entropyOf({0.25, 0.25, 0.25, 0.25}), 2.0);
        QCOMPARE(entropyOf({1.0, 0.0}), 0.0);
        QVERIFY(std::abs(binaryEntropy(0.1) - 0.4689955935892812) < 1e-15);
        QCOMPARE(plugInEntropy({3, 3, 3, 3, 0, 0}), 2.0);  // empty bins do not count
        // Miller–Madow adds (m − 1)/(2N ln 2) with m the bins seen: 3 / (2·12·ln 2).
        QVERIFY(std::abs(millerMadowEntropy({3, 3, 3, 3, 0, 0}) - (2.0 + 3.0 / (24.0 * std::log(2.0)))) < 1e-15);
    }

    void plugInBiasFollowsTheFirstOrderFormula()
    {
        // m = 8 equiprobable bins, N = 100 samples, 4000 repeats. The first-order bias is −7/(200 ln 2) = −0.0505 bits;
        // the second-order term (1 − Σ 1/p_i)/(12 N² ln 2) = −0.0008 bits. Tolerance: 3 standard errors of the mean
        // plus that second-order term. Miller–Madow must remove at least 80% of the bias.
        const std::vector<double> uniform(8, 0.125);
        const BiasMeasurement u = measureBias(uniform, 100, 4000, 11);
        const double expected = plugInBias(8, 100);
        qInfo("uniform m=8 N=100: bias %.5f ± %.5f (formula %.5f), Miller–Madow %.5f", u.plugIn, u.plugInSe, expected,
              u.millerMadow);
        QVERIFY(std::abs(u.plugIn - expected) < 3 * u.plugInSe + 0.001);
        QVERIFY(std::abs(u.millerMadow) < 0.2 * std::abs(u.plugIn));

        // A skewed distribution (every bin likely to be seen at N = 400): the formula holds with m = 6.
        const std::vector<double> skewed{0.4, 0.25, 0.15, 0.1, 0.06, 0.04};
        const BiasMeasurement s = measureBias(skewed, 400, 4000, 12);
        const double expectedSkewed = plugInBias(6, 400);
        qInfo("skewed m=6 N=400: bias %.5f ± %.5f (formula %.5f), Miller–Madow %.5f", s.plugIn, s.plugInSe,
              expectedSkewed, s.millerMadow);
        QVERIFY(std::abs(s.plugIn - expectedSkewed) < 3 * s.plugInSe + 0.0005);
        QVERIFY(std::abs(s.millerMadow) < 0.2 * std::abs(s.plugIn));
        // The bias scales as 1/N: four times the samples, a quarter of the bias (within the measurement error).
        const BiasMeasurement u4 = measureBias(uniform, 400, 4000, 13);
        QVERIFY(std::abs(u4.plugIn / u.plugIn - 0.25) < 0.03);
    }

    void poissonWordEntropyMatchesTheExactRate()
    {
        // A 40 Hz Poisson train binned at 3 ms: bins are independent, so every word length gives H2(p)/Δt exactly
        // in the limit of much data. 2000 s of data: 666 666 bins. Tolerance: 3 standard errors of the estimate,
        // |dH2/dp|·√(p(1−p)/bins)/Δt (0.4 bits/s here; the estimators' own bias is below 0.01 bits/s).
        Random rng(21);
        const double duration = 2.0e6;
        const std::vector<double> train = poissonTrain(40, duration, 0, rng);
        const double exact = poissonBinnedEntropyRate(40, 3);
        const double p = 1 - std::exp(-0.12), bins = duration / 3;
        const double se = std::abs(std::log2((1 - p) / p)) * std::sqrt(p * (1 - p) / bins) / 0.003;
        for (const int length : {1, 2, 4}) {
            const EntropyRate r = wordEntropyRate(train, duration, 3, length);
            qInfo("L=%d: plug-in %.2f, MM %.2f, exact %.2f bits/s", length, r.plugIn, r.millerMadow, exact);
            QVERIFY(std::abs(r.millerMadow - exact) < 3 * se);
        }
        // Little data and long words: the plug-in estimate falls clearly below the truth, Miller–Madow less so.
        const EntropyRate shortRun = wordEntropyRate(train, 20000, 3, 10);
        qInfo("20 s, L=10: plug-in %.2f, MM %.2f, exact %.2f bits/s", shortRun.plugIn, shortRun.millerMadow, exact);
        QVERIFY(shortRun.plugIn < 0.95 * exact);
        QVERIFY(std::abs(shortRun.millerMadow - exact) < std::abs(shortRun.plugIn - exact));
        // A dead time makes the train more regular: less entropy than a Poisson train of the same mean rate.
        Random rng2(22);
        const double rate = 80, refractory = 5;  // mean rate 80/(1 + 0.4) = 57.1 Hz
        const std::vector<double> regular = poissonTrain(rate, duration, refractory, rng2);
        const double meanRate = double(regular.size()) / (duration / 1000);
        QVERIFY(std::abs(meanRate - rate / (1 + rate * refractory / 1000)) < 0.5);
        const EntropyRate r = wordEntropyRate(regular, duration, 1, 8);
        qInfo("dead time 5 ms: %.2f bits/s, Poisson of the same mean rate %.2f bits/s", r.millerMadow,
              poissonBinnedEntropyRate(meanRate, 1));
        QVERIFY(r.millerMadow < 0.985 * poissonBinnedEntropyRate(meanRate, 1));  // 2.8% less; the SE is ~0.2%
    }

    void theDirectMethodFindsInformationOnlyWhenTheStimulusActs()
    {
        DirectMethodSettings s;
        s.repeats = 100;
        s.segmentMs = 1000;
        const DirectMethodResult driven = directMethod(s, 31);
        qInfo("driven: total %.1f, noise %.1f bits/s -> I = %.1f (plug-in), %.1f (MM) bits/s, rate %.1f Hz",
              driven.totalRate, driven.noiseRate, driven.information(), driven.informationMM(), driven.meanRateHz);
        QVERIFY(driven.informationMM() > 0.2 * driven.totalRateMM);
        QVERIFY(driven.informationMM() < driven.totalRateMM);
        // The same result for the same seed, bit for bit.
        const DirectMethodResult again = directMethod(s, 31);
        QCOMPARE(again.totalRate, driven.totalRate);
        QCOMPARE(again.noiseRate, driven.noiseRate);

        // No gain: the total and the noise entropy are the same process's, so any information found is the bias of
        // the noise entropy's smaller samples (one word per repeat at each word position). With 100 repeats the
        // plug-in estimate invents ~10% of the total entropy and Miller–Madow less; with 1000 repeats Miller–Madow's
        // is within 2% of the total (its remaining error is the estimates' sampling noise, ~1 bit/s).
        s.gainHz = 0;
        const DirectMethodResult flat = directMethod(s, 32);
        qInfo("no gain, 100 repeats: I = %.2f (plug-in), %.2f (MM) bits/s of total %.1f", flat.information(),
              flat.informationMM(), flat.totalRateMM);
        QVERIFY(flat.information() > 0.05 * flat.totalRate);
        QVERIFY(flat.informationMM() < 0.8 * flat.information());
        s.repeats = 1000;
        s.segmentMs = 300;
        const DirectMethodResult many = directMethod(s, 33);
        qInfo("no gain, 1000 repeats: I = %.2f (plug-in), %.2f (MM) bits/s of total %.1f", many.information(),
              many.informationMM(), many.totalRateMM);
        QVERIFY(std::abs(many.informationMM()) < 0.02 * many.totalRateMM);
    }

    void populationCarriesMoreThanItsNeurons_data()
    {
        QTest::addColumn<double>("windowMs");
        QTest::newRow("50 ms") << 50.0;
        QTest::newRow("200 ms") << 200.0;
    }
    void populationCarriesMoreThanItsNeurons()
    {
        QFETCH(double, windowMs);
        PopulationSettings s;
        s.windowMs = windowMs;
        // One neuron: the exact sum and the Monte Carlo estimate agree within 3 standard errors.
        PopulationSettings one = s;
        one.neurons = 1;
        const double exact = singleNeuronInformation(one, 0);
        const Estimate mc = populationInformation(one, 20000, 41);
        qInfo("T=%g ms: one neuron exact %.4f, MC %.4f ± %.4f bits", windowMs, exact, mc.value, mc.standardError);
        QVERIFY(std::abs(mc.value - exact) < 3 * mc.standardError);
        // The population carries more than any of its neurons and never more than log2 S.
        const Estimate pop = populationInformation(s, 20000, 42);
        double best = 0;
        for (int j = 0; j < s.neurons; ++j)
            best = std::max(best, singleNeuronInformation(s, j));
        qInfo("T=%g ms: population %.4f ± %.4f bits, best single neuron %.4f", windowMs, pop.value, pop.standardError,
              best);
        QVERIFY(pop.value > best + 3 * pop.standardError);
        QVERIFY(pop.value < std::log2(double(s.stimuli)) + 3 * pop.standardError);
    }

    void manyTrialsOrALongWindowReachTheLimits()
    {
        PopulationSettings s;
        s.windowMs = 1000;  // 30 spikes at the peak against 2: eight orientations 22.5° apart are told apart
        const Estimate pop = populationInformation(s, 20000, 51);
        qInfo("T=1 s: population %.4f ± %.4f bits (log2 8 = 3)", pop.value, pop.standardError);
        QVERIFY(pop.value > 2.95);
        // Identical tuning for every stimulus (κ = 0 makes every neuron untuned): exactly no information.
        PopulationSettings flat = s;
        flat.kappa = 0;
        QVERIFY(singleNeuronInformation(flat, 0) < 1e-12);
        // The plug-in estimate from trials: biased upwards with few trials, close to the exact value with many.
        PopulationSettings one;
        one.neurons = 1;
        const double exact = singleNeuronInformation(one, 0);
        double fewMean = 0;
        for (int seed = 0; seed < 20; ++seed)
            fewMean += sampledSingleNeuronInformation(one, 0, 10, 100 + std::uint64_t(seed)) / 20;
        const double many = sampledSingleNeuronInformation(one, 0, 20000, 200);
        qInfo("one neuron: exact %.4f, plug-in from 10 trials/stimulus %.4f (mean of 20), from 20000 %.4f", exact,
              fewMean, many);
        QVERIFY(fewMean > exact + 0.1);
        QVERIFY(std::abs(many - exact) < 0.01);
    }

    void histogramEqualisationUsesEveryLevelEqually()
    {
        // Laughlin's prediction: the tuning curve that follows the stimulus' cumulative distribution makes every
        // output level equally likely. With 16 levels and 200 000 fresh samples the output entropy is within
        // 0.005 bits of log2 16 = 4 (the plug-in bias alone is 15/(2·200000·ln 2) = 5e-5 bits, sampling noise of
        // the curve ~1e-3); a linear curve over the same range wastes more than a bit.
        Random rng(61);
        const std::vector<double> training = naturalContrastSamples(20000, 0.3, rng);
        const std::vector<double> test = naturalContrastSamples(200000, 0.3, rng);
        std::vector<double> grid;
        for (int k = 0; k <= 400; ++k)
            grid.push_back(8.0 * k / 400);
        const std::vector<double> curve = equalisingCurve(training, grid);
        for (std::size_t k = 1; k < curve.size(); ++k)
            QVERIFY(curve[k] >= curve[k - 1]);  // monotone
        QVERIFY(curve.front() == 0 && curve.back() > 0.999);
        const double equalised = outputEntropy(test, grid, curve, 16);
        std::vector<double> linear;
        for (const double g : grid)
            linear.push_back(g / 8.0);
        const double linearEntropy = outputEntropy(test, grid, linear, 16);
        qInfo("16 levels: equalised %.4f bits, linear %.4f bits", equalised, linearEntropy);
        QVERIFY(equalised > 4 - 0.005);
        QVERIFY(linearEntropy < equalised - 1);
    }

    void channelCapacities()
    {
        // The binary symmetric channel at ε = 0.1 carries 1 − H2(0.1) = 0.531 bits (issue 13's number, to 3 digits);
        // Blahut–Arimoto finds the same to 1e-9, with the uniform input.
        QVERIFY(std::abs(bscCapacity(0.1) - 0.531) < 0.0005);
        const Capacity bsc = blahutArimoto(binarySymmetricChannel(0.1));
        QVERIFY(std::abs(bsc.bits - bscCapacity(0.1)) < 1e-9);
        QVERIFY(bsc.bits <= bsc.upperBound + 1e-15);
        QVERIFY(std::abs(bsc.input[0] - 0.5) < 1e-9);
        QVERIFY(std::abs(mutualInformation(binarySymmetricChannel(0.1), {0.5, 0.5}) - bscCapacity(0.1)) < 1e-15);
        // A skewed input carries less; ε = 0.5 carries nothing; ε = 0 carries one bit.
        QVERIFY(mutualInformation(binarySymmetricChannel(0.1), {0.8, 0.2}) < bscCapacity(0.1) - 0.05);
        QVERIFY(bscCapacity(0.5) < 1e-15);
        QCOMPARE(bscCapacity(0.0), 1.0);
        // The Z channel: its closed form, and the optimal input sends the noisy symbol less than half the time.
        for (const double p : {0.1, 0.3, 0.5}) {
            const Capacity z = blahutArimoto(zChannel(p));
            qInfo("Z channel p=%.1f: BA %.9f, closed form %.9f, P(x=1) = %.4f (%d iterations)", p, z.bits,
                  zChannelCapacity(p), z.input[1], z.iterations);
            QVERIFY(std::abs(z.bits - zChannelCapacity(p)) < 1e-9);
            QVERIFY(z.input[1] < 0.5);
        }
        // A noiseless 4-symbol channel: 2 bits.
        const ChannelMatrix identity{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        QVERIFY(std::abs(blahutArimoto(identity).bits - 2.0) < 1e-9);
    }

    void badInputIsNamed()
    {
        QVERIFY(throwsNaming([] { plugInEntropy({1, -1}); }, "count 1"));
        QVERIFY(throwsNaming([] { plugInEntropy({0, 0}); }, "empty"));
        QVERIFY(throwsNaming([] { entropyOf({0.5, 0.6}); }, "sum to"));
        QVERIFY(throwsNaming([] { binaryEntropy(std::nan("")); }, "p = NaN"));
        QVERIFY(throwsNaming([] { spikeWords({1, 2}, 100, 3, 21); }, "wordLength"));
        QVERIFY(throwsNaming([] { spikeWords({5, 2}, 100, 3, 2); }, "sorted"));
        QVERIFY(throwsNaming([] { spikeWords({}, 5, 3, 2); }, "holds no word"));
        DirectMethodSettings d;
        d.binMs = -1;
        QVERIFY(throwsNaming([&] { directMethod(d, 1); }, "binMs"));
        PopulationSettings p;
        p.kappa = std::numeric_limits<double>::infinity();
        QVERIFY(throwsNaming([&] { meanCounts(p); }, "kappa = inf"));
        p = PopulationSettings{};
        p.baseRateHz = 50;
        QVERIFY(throwsNaming([&] { meanCounts(p); }, "baseRateHz"));
        QVERIFY(throwsNaming([] { singleNeuronInformation(PopulationSettings{}, 9); }, "neuron = 9"));
        QVERIFY(throwsNaming([] { blahutArimoto({{0.5, 0.6}, {0.5, 0.5}}); }, "row 0 sums"));
        QVERIFY(throwsNaming([] { blahutArimoto({{1, 0}, {1}}); }, "row 1"));
        QVERIFY(throwsNaming([] { mutualInformation(binarySymmetricChannel(0.1), {1.0}); }, "input distribution"));
        QVERIFY(throwsNaming([] { binarySymmetricChannel(1.5); }, "epsilon = 1.5"));
        QVERIFY(throwsNaming([] { equalisingCurve({1.0}, {0.0}); }, "at least 2 samples"));
    }
};

QTEST_APPLESS_MAIN(TestInformation)
#include "tst_information.moc"
