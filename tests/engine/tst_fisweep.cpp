// The f-I sweep: synchronous and background, streamed in order, against the analytic LIF f-I curve.

#include "engine/analysis/FiSweep.h"
#include "engine/core/ModelRegistry.h"
#include "engine/models/LifNeuron.h"

#include <QtTest>

#include <cmath>

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
