// The Poisson population: spike counts match N·(1 − e^{−r·dt})·steps within a stated number of standard deviations,
// intervals of one neuron are exponential (CV 1, mean 1/r), spikes lie inside their step, the same seed gives the same
// spikes, and a step costs O(spikes) (a silent population of a million neurons runs instantly).

#include "engine/core/Recording.h"
#include "engine/models/PoissonPopulation.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace neuroai;

class TestPoissonPopulation : public QObject {
    Q_OBJECT

private slots:
    void countMatchesBinomialMean_data()
    {
        QTest::addColumn<double>("n");
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("dt");
        QTest::newRow("64000 at 10 Hz") << 64000.0 << 10.0 << 0.1;
        QTest::newRow("1000 at 80 Hz, dt 1") << 1000.0 << 80.0 << 1.0;
        QTest::newRow("50 at 500 Hz, dt 1 (p = 0.39)") << 50.0 << 500.0 << 1.0;
    }
    void countMatchesBinomialMean()
    {
        QFETCH(double, n);
        QFETCH(double, rate);
        QFETCH(double, dt);
        PoissonPopulation model;
        model.setParameter("n", n);
        model.setParameter("rate_hz", rate);
        model.setParameter("dt", dt);
        model.reset(7);
        RecordingSink sink(1);
        const long steps = std::lround(1000.0 / dt);
        model.advance(steps, sink);
        const double p = -std::expm1(-rate / 1000.0 * dt);
        const double mean = n * p * double(steps);
        const double sd = std::sqrt(n * p * (1 - p) * double(steps));
        const double count = double(sink.spikeTimes.size());
        qInfo("%g spikes, expected %g ± %g", count, mean, sd);
        QVERIFY2(std::abs(count - mean) < 5 * sd, "spike count more than 5 SD from the binomial mean");
        QCOMPARE(double(model.spikeCount()), count);
        // The rate channel integrates to the same count.
        const double fromChannel = std::accumulate(sink.values[0].begin(), sink.values[0].end(), 0.0) * n * dt / 1000.0;
        QVERIFY(std::abs(fromChannel - count) < 1e-6 * count + 1e-9);
        QCOMPARE(model.timeMs(), double(steps) * dt);
    }

    void spikesLieInsideTheirStepAndNeuronsInRange()
    {
        PoissonPopulation model;
        model.setParameter("n", 300);
        model.setParameter("rate_hz", 200);
        model.reset(3);
        struct Sink final : TraceSink {
            double stepEnd = 0;
            long bad = 0, spikes = 0;
            double dt = 0.1;
            std::vector<int> neuronsThisStep;
            void sample(double t, std::span<const double>) override
            {
                stepEnd = t;
                neuronsThisStep.clear();
            }
            void spike(double t, int neuron) override
            {
                ++spikes;
                const bool inStep = t >= stepEnd - 1e-12 && t < stepEnd + dt;
                const bool ordered = neuronsThisStep.empty() || neuron > neuronsThisStep.back();  // at most once a step
                if (!inStep || neuron < 0 || neuron >= 300 || !ordered)
                    ++bad;
                neuronsThisStep.push_back(neuron);
            }
        } sink;
        model.advance(5000, sink);
        QVERIFY(sink.spikes > 20000);
        QCOMPARE(sink.bad, 0L);
    }

    void intervalsAreExponential()
    {
        PoissonPopulation model;
        model.setParameter("n", 1);
        model.setParameter("rate_hz", 20);
        model.setParameter("dt", 0.01);
        model.reset(11);
        RecordingSink sink(1);
        model.advance(std::lround(200'000.0 / 0.01), sink);  // 200 s: about 4000 intervals
        std::vector<double> isi;
        for (std::size_t i = 1; i < sink.spikeTimes.size(); ++i)
            isi.push_back(sink.spikeTimes[i] - sink.spikeTimes[i - 1]);
        const double mean = std::accumulate(isi.begin(), isi.end(), 0.0) / double(isi.size());
        double var = 0;
        for (const double d : isi)
            var += (d - mean) * (d - mean);
        const double cv = std::sqrt(var / double(isi.size() - 1)) / mean;
        qInfo("%zu intervals: mean %.2f ms (1/r = 50), CV %.3f", isi.size(), mean, cv);
        QVERIFY(std::abs(mean - 50.0) < 0.05 * 50.0);  // SE of the mean is 50/√4000 ≈ 0.8 ms = 1.6%
        QVERIFY(std::abs(cv - 1.0) < 0.06);
    }

    void sameSeedSameSpikes()
    {
        auto run = [](std::uint64_t seed) {
            PoissonPopulation model;
            model.setParameter("n", 5000);
            model.reset(seed);
            RecordingSink sink(1);
            model.advance(1000, sink);
            return std::make_pair(sink.spikeTimes, sink.spikeNeurons);
        };
        QVERIFY(run(5) == run(5));
        QVERIFY(run(5) != run(6));
    }

    void silentAndHugePopulationsAreCheap()
    {
        PoissonPopulation model;
        model.setParameter("n", 1'000'000);
        model.setParameter("rate_hz", 0);
        NullSink sink;
        model.advance(100000, sink);  // 10^11 neuron-steps: only possible at O(spikes) per step
        QCOMPARE(model.spikeCount(), std::uint64_t(0));
        QCOMPARE(model.metrics().at("mean_rate_hz"), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestPoissonPopulation)
#include "tst_poissonpopulation.moc"
