// The energy/sparsity meter (SCIENCE.md: "operation counts must be exact counts, not estimates"): the counters,
// incremented where the operations happen, equal the formulas — dense multiply–adds = Σ n_in·n_out, spiking adds
// = Σ over emitted spikes of their fan-out — for fixed seeds; the break-even activity e_mac/(T·e_add) equals the
// crossing of the measured dense and spiking energy curves; determinism per seed; the spiking rates approximate the
// dense ReLU network they share weights with.

#include "engine/analysis/EnergyMeter.h"

#include <QtTest>

#include <cmath>

using namespace neuroai;

class TestEnergyMeter : public QObject {
    Q_OBJECT
private slots:
    void denseCountsAreExact()
    {
        for (const std::vector<int>& sizes : {std::vector<int>{100, 50, 10}, std::vector<int>{7, 13, 5, 3}}) {
            const LayeredNetwork net = makeLayeredNetwork(sizes, 3);
            std::uint64_t expected = 0;
            for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
                expected += std::uint64_t(sizes[l]) * std::uint64_t(sizes[l + 1]);
            const DenseResult dense = runDense(net, std::vector<float>(std::size_t(sizes[0]), 0.3f));
            QCOMPARE(dense.ops.multiplyAdds, expected);
            QCOMPARE(dense.ops.adds, std::uint64_t(0));
            QCOMPARE(long(expected), net.synapseCount());
        }
        QCOMPARE(makeLayeredNetwork(defaultEnergyNetworkSizes(), 1).synapseCount(), 5500L);
    }

    void spikingCountsAreExact_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("steps");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("p 0.1, T 20, seed 1") << 0.1 << 20 << quint64(1);
        QTest::newRow("p 0.02, T 100, seed 7") << 0.02 << 100 << quint64(7);
        QTest::newRow("p 0.5, T 8, seed 42") << 0.5 << 8 << quint64(42);
        QTest::newRow("p 0, T 50") << 0.0 << 50 << quint64(1);
        QTest::newRow("p 1, T 5") << 1.0 << 5 << quint64(1);
    }
    void spikingCountsAreExact()
    {
        QFETCH(double, rate);
        QFETCH(int, steps);
        QFETCH(quint64, seed);
        const std::vector<int>& sizes = defaultEnergyNetworkSizes();
        const LayeredNetwork net = makeLayeredNetwork(sizes, seed);
        const SpikingResult run = runSpiking(net, rate, steps, seed);
        std::uint64_t expected = 0;
        for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
            std::uint64_t fromCounts = 0;
            for (const std::uint32_t c : run.spikeCounts[l])
                fromCounts += c;
            QCOMPARE(fromCounts, run.spikesPerLayer[l]);
            expected += run.spikesPerLayer[l] * std::uint64_t(sizes[l + 1]);  // each spike: one add per fan-out
        }
        QCOMPARE(run.ops.adds, expected);
        QCOMPARE(run.ops.multiplyAdds, std::uint64_t(0));
        QVERIFY(std::abs(run.activity - double(expected) / (double(steps) * 5500.0)) < 1e-15);
        if (rate == 0.0)
            QCOMPARE(run.ops.adds, std::uint64_t(0));
        if (rate == 1.0)
            QCOMPARE(run.spikesPerLayer[0], std::uint64_t(100 * steps));
        qInfo("p %.2f T %d: spikes per layer %llu/%llu/%llu, adds %llu, activity %.4f", rate, steps,
              (unsigned long long)run.spikesPerLayer[0], (unsigned long long)run.spikesPerLayer[1],
              (unsigned long long)run.spikesPerLayer[2], (unsigned long long)run.ops.adds, run.activity);
    }

    void deterministicPerSeed()
    {
        const LayeredNetwork a = makeLayeredNetwork(defaultEnergyNetworkSizes(), 5);
        const LayeredNetwork b = makeLayeredNetwork(defaultEnergyNetworkSizes(), 5);
        QVERIFY(a.weights == b.weights);
        QVERIFY(makeLayeredNetwork(defaultEnergyNetworkSizes(), 6).weights != a.weights);
        const SpikingResult r1 = runSpiking(a, 0.2, 30, 9), r2 = runSpiking(b, 0.2, 30, 9);
        QCOMPARE(r1.ops.adds, r2.ops.adds);
        QVERIFY(r1.spikeCounts == r2.spikeCounts);
    }

    void breakEvenMatchesMeasuredCrossing_data()
    {
        QTest::addColumn<int>("steps");
        QTest::newRow("T 10") << 10;
        QTest::newRow("T 20") << 20;
        QTest::newRow("T 50") << 50;
    }
    void breakEvenMatchesMeasuredCrossing()
    {
        QFETCH(int, steps);
        const EnergyCosts costs;  // Horowitz 2014: 4.6 pJ per fp32 multiply–add, 0.9 pJ per fp32 add
        const double analytic = breakEvenActivity(costs, steps);
        QVERIFY(std::abs(analytic - 4.6 / (0.9 * steps)) < 1e-15);
        const LayeredNetwork net = makeLayeredNetwork(defaultEnergyNetworkSizes(), 1);
        const double dense = double(runDense(net, std::vector<float>(100, 0.5f)).ops.multiplyAdds) * costs.multiplyAddPj;
        // Sweep the input rate; find where measured spiking energy crosses the dense energy; interpolate linearly
        // in activity (energy is exactly proportional to measured activity, so interpolation is exact up to
        // rounding).
        double previousActivity = 0, previousEnergy = 0;
        double crossing = -1;
        for (int k = 0; k <= 200; ++k) {
            const SpikingResult run = runSpiking(net, k / 200.0, steps, 11);
            const double energy = double(run.ops.adds) * costs.addPj;
            if (k > 0 && previousEnergy < dense && energy >= dense) {
                crossing = previousActivity + (dense - previousEnergy) * (run.activity - previousActivity) /
                                                  (energy - previousEnergy);
                break;
            }
            previousActivity = run.activity;
            previousEnergy = energy;
        }
        QVERIFY2(crossing > 0, "spiking energy never reached dense energy");
        qInfo("T %d: break-even analytic %.6f, measured crossing %.6f", steps, analytic, crossing);
        QVERIFY(std::abs(crossing - analytic) < 1e-9 * analytic);
    }

    void spikingRatesApproximateDenseNetwork()
    {
        // Rate coding: with reset by subtraction, a unit's spike count over T steps is within a few spikes of T
        // times its ReLU activation for the mean input (the Bernoulli input adds noise; averaged over units).
        const LayeredNetwork net = makeLayeredNetwork(defaultEnergyNetworkSizes(), 1);
        const double p = 0.2;
        const int steps = 2000;
        const DenseResult dense = runDense(net, std::vector<float>(100, float(p)));
        const SpikingResult spiking = runSpiking(net, p, steps, 3);
        double error = 0, scale = 0;
        for (std::size_t j = 0; j < dense.output.size(); ++j) {
            const double rate = double(spiking.spikeCounts[2][j]) / steps;
            error += std::abs(rate - std::min(1.0, double(dense.output[j])));
            scale += std::min(1.0, double(dense.output[j]));
        }
        qInfo("output rates vs ReLU activations: mean |error| %.4f, mean activation %.4f", error / 10, scale / 10);
        QVERIFY(error < 0.1 * scale);
    }
};

QTEST_APPLESS_MAIN(TestEnergyMeter)
#include "tst_energymeter.moc"
