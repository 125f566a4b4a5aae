// The f-I sweep: synchronous and background, streamed in order, against the analytic LIF f-I curve.

#include "engine/analysis/FiSweep.h"
#include "engine/core/ModelRegistry.h"
#include "engine/models/LifNeuron.h"

#include <QtTest>

#include <chrono>
#include <cmath>
#include <thread>

using namespace neuroai;

class TestFiSweep : public QObject {
    Q_OBJECT
private slots:
    void linearSweepEndpoints()
    {
        const auto v = linearSweep(0, 4, 41);
        QCOMPARE(v.size(), std::size_t(41));
        QCOMPARE(v.front(), 0.0);
        QCOMPARE(v.back(), 4.0);
        QVERIFY(std::abs(v[10] - 1.0) < 1e-15);
        QCOMPARE(linearSweep(1, 2, 1), std::vector<double>{1.0});
        QVERIFY(linearSweep(1, 2, 0).empty());
    }

    void synchronousCurveMatchesAnalytic()
    {
        LifNeuron theory;
        ParamSet p = theory.parameters();
        p.set("t_ref", 2.0);
        theory.setParameters(p);
        const auto points = computeFiCurve([] { return createModel("lif"); }, p, linearSweep(0, 5, 51), 2000, 1);
        QCOMPARE(points.size(), std::size_t(51));
        for (const FiPoint& point : points) {
            const double expected = *theory.analyticRateHz(point.current);
            if (expected == 0)
                QCOMPARE(point.rateHz, 0.0);
            else
                QVERIFY2(std::abs(point.rateHz - expected) < 1e-9 * expected, qPrintable(QString::number(point.current)));
        }
        // Monotone non-decreasing, and zero exactly up to rheobase 1.6 nA.
        for (std::size_t i = 1; i < points.size(); ++i)
            QVERIFY(points[i].rateHz >= points[i - 1].rateHz);
        for (const FiPoint& point : points)
            QCOMPARE(point.rateHz == 0.0, point.current <= 1.6 + 1e-12);
    }

    void backgroundSweepStreamsInOrder()
    {
        const ParamSet p = LifNeuron().parameters();
        const auto currents = linearSweep(0, 4, 41);
        FiSweep sweep([] { return createModel("lif"); }, p, currents, 2000, 1);
        std::vector<FiPoint> received;
        QTRY_VERIFY_WITH_TIMEOUT((
            [&] {
                for (const FiPoint& point : sweep.takePoints())
                    received.push_back(point);
                return sweep.finished() && (sweep.takePoints().empty());
            }()), 20000);
        for (const FiPoint& point : sweep.takePoints())
            received.push_back(point);
        QCOMPARE(received.size(), currents.size());
        for (std::size_t i = 0; i < currents.size(); ++i)
            QCOMPARE(received[i].current, currents[i]);
        QVERIFY(sweep.error().empty());
        // The same numbers as the synchronous computation.
        const auto direct = computeFiCurve([] { return createModel("lif"); }, p, currents, 2000, 1);
        for (std::size_t i = 0; i < currents.size(); ++i)
            QCOMPARE(received[i].rateHz, direct[i].rateHz);
    }

    void cancelStopsEarly()
    {
        const ParamSet p = LifNeuron().parameters();
        auto sweep = std::make_unique<FiSweep>([] { return createModel("lif"); }, p, linearSweep(0, 10, 2000), 20000, 1);
        sweep->cancel();
        sweep->wait();
        QVERIFY(sweep->finished());
        QVERIFY(sweep->takePoints().size() < 2000);
        // Destroying a running sweep cancels and joins it.
        auto running = std::make_unique<FiSweep>([] { return createModel("lif"); }, p, linearSweep(0, 10, 2000), 20000, 1);
        running.reset();
    }

    // Regression, issue 8: "the f-I sweep (engine/analysis/FiSweep, used by LifLab and FiringPatterns) has no time
    // limit". R = 1 GΩ at 10 nA with V_reset 0.1 mV below threshold fires ~5000 spikes per simulated ms: a 2 s point
    // would be 10^7 spikes. The budget cuts it short and says so; the rate is still the analytic one.
    void fiSweepHadNoTimeLimit()
    {
        ParamSet p = LifNeuron().parameters();
        p.set("r_m", 1000);
        p.set("v_reset", -54.1);
        const FiBudget budget{20'000, 2000};
        QElapsedTimer clock;
        clock.start();
        const auto points = computeFiCurve([] { return createModel("lif"); }, p, {0.0, 10.0}, 2000, 1, {}, budget);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(points.size(), std::size_t(2));
        QVERIFY(!points[0].cutShort);  // rest: no spikes, runs the full 2 s
        QCOMPARE(points[0].simulatedMs, 2000.0);
        const FiPoint& strong = points[1];
        QVERIFY(strong.cutShort);
        QVERIFY2(strong.spikeCount >= 20'000 && strong.spikeCount < 80'000, qPrintable(QString::number(strong.spikeCount)));
        QVERIFY(strong.simulatedMs > 0 && strong.simulatedMs < 50);
        LifNeuron theory;
        theory.setParameters(p);
        const double analytic = *theory.analyticRateHz(10.0);
        QVERIFY2(std::abs(strong.rateHz - analytic) < 1e-3 * analytic, qPrintable(QString::number(strong.rateHz)));

        // A wall-clock budget bounds a point whatever the spike count (a silent but long point here).
        const auto slow = computeFiCurve([] { return createModel("lif"); }, LifNeuron().parameters(), {1.0}, 1e7, 1, {},
                                         FiBudget{1'000'000'000, 50});
        QVERIFY(slow.front().cutShort);
        QVERIFY(slow.front().simulatedMs < 1e7);
    }

    // Cancelling takes effect inside a point, not only between points.
    void cancelInterruptsAPoint()
    {
        const ParamSet p = LifNeuron().parameters();
        QElapsedTimer clock;
        clock.start();
        auto sweep = std::make_unique<FiSweep>([] { return createModel("lif"); }, p, std::vector<double>{1.0}, 1e8, 1,
                                               FiBudget{1'000'000'000, 1e9});
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QVERIFY(!sweep->finished());
        sweep->cancel();
        sweep->wait();
        QVERIFY(sweep->finished());
        QVERIFY(sweep->takePoints().empty());  // the interrupted point is dropped
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void badCurrentIsReported()
    {
        const ParamSet p = LifNeuron().parameters();
        FiSweep sweep([] { return createModel("lif"); }, p, {1.0, 50.0}, 100, 1);  // 50 nA is outside [-2, 10]
        sweep.wait();
        QVERIFY(QString::fromStdString(sweep.error()).contains("i_ext"));
        QCOMPARE(sweep.takePoints().size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestFiSweep)
#include "tst_fisweep.moc"
