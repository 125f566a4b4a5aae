// The STDP-window experiment (engine/plasticity/StdpWindow.h), registry id "stdp-window":
// - low-frequency all-to-all pairing (1 Hz, τ ≤ 50 ms: neighbouring pairings 1 s apart do not interact) measures
//   N·A₊e^{−Δt/τ₊} and −N·A₋e^{Δt/τ₋} through the real PairStdp rule, to float precision;
// - the exact pair-rule sum (the prediction line) equals the measurement for all-to-all and nearest pairing at any
//   frequency (additive, no clipping), and at 50 Hz differs from the single-pair window (neighbours interact);
// - at 50 Hz, post-before-pre pairings (Δt = −10 ms) depress with the pair rule and potentiate with the triplet rule;
// - the grid has 41 values, symmetric, 0 included; the Bi & Poo shape has τ₊ 16.8 ms and τ₋ 33.7 ms;
// - bad parameters are refused naming the key.

#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/plasticity/StdpWindow.h"

#include <QTest>

#include <cmath>
#include <stdexcept>

using namespace neuroai;
using namespace neuroai::plasticity;

class TestStdpWindow : public QObject {
    Q_OBJECT
private slots:
    void lowFrequencyAllToAllIsNTimesTheWindow()
    {
        StdpWindowSetup s;  // A₊ 0.005, A₋ 0.00525, τ 20/20 ms, N 60, 1 Hz, additive, w0 0.5
        s.tauMinusMs = 33.7;
        double worst = 0;
        for (const double d : {0.0, 1.0, 5.0, 10.0, 20.0, 40.0, -1.0, -5.0, -10.0, -20.0, -40.0}) {
            const double expected = d >= 0 ? s.pairings * s.aPlus * std::exp(-d / s.tauPlusMs)
                                           : -s.pairings * s.aMinus * std::exp(d / s.tauMinusMs);
            const double measured = measurePairingProtocol(s, d);
            // Weights and traces are float (PairStdp.h): 60 additions to a weight near 0.5 (ulp 6e-8) bound the
            // error, so the tolerance is relative to the largest change of the protocol, N·max(A₊, A₋).
            const double scale = s.pairings * std::max(s.aPlus, s.aMinus);
            QVERIFY2(std::abs(measured - expected) <= 1e-5 * scale,
                     qPrintable(QStringLiteral("Δt %1: measured %2, expected %3, rel. error %4")
                                    .arg(d)
                                    .arg(measured, 0, 'g', 10)
                                    .arg(expected, 0, 'g', 10)
                                    .arg(std::abs(measured - expected) / std::abs(expected), 0, 'g', 3)));
            // The exact sum reduces to N·K(Δt) at 1 Hz: pairs 1 s apart add e^{−1000/33.7} ≈ 1e-13 of it.
            QVERIFY(std::abs(pairRulePrediction(s, d) / expected - 1.0) < 1e-9);
            worst = std::max(worst, std::abs(measured - expected) / std::abs(expected));
        }
        qInfo("largest relative error of the measured change: %.3g", worst);
    }

    void predictionMatchesTheRuleAtHighFrequency()
    {
        for (const StdpWindowRule rule : {StdpWindowRule::AllToAll, StdpWindowRule::Nearest}) {
            StdpWindowSetup s;
            s.rule = rule;
            s.frequencyHz = 40;
            s.pairings = 20;
            for (const double d : {-10.0, -3.0, 0.0, 7.0, 15.0}) {
                const double measured = measurePairingProtocol(s, d);
                const double predicted = pairRulePrediction(s, d);
                QVERIFY2(std::abs(measured - predicted) <= 1e-5 * s.pairings * s.aMinus,
                         qPrintable(QStringLiteral("rule %1 Δt %2: measured %3, predicted %4")
                                        .arg(int(rule))
                                        .arg(d)
                                        .arg(measured)
                                        .arg(predicted)));
                // Neighbouring pairings 25 ms apart interact: not the single-pair window times N.
                const double single = d >= 0 ? s.pairings * s.aPlus * std::exp(-d / s.tauPlusMs)
                                             : -s.pairings * s.aMinus * std::exp(d / s.tauMinusMs);
                QVERIFY(std::abs(predicted - single) > 0.01 * std::abs(single));
            }
        }
    }

    void tripletPotentiatesPostBeforePreAtFiftyHertz()
    {
        StdpWindowSetup s;
        s.frequencyHz = 50;
        s.pairings = 15;  // few enough that no weight reaches a bound
        s.rule = StdpWindowRule::AllToAll;
        const double pair = measurePairingProtocol(s, -10);
        s.rule = StdpWindowRule::Triplet;
        const double triplet = measurePairingProtocol(s, -10);
        QVERIFY2(pair < 0, qPrintable(QString::number(pair)));
        QVERIFY2(triplet > 0, qPrintable(QString::number(triplet)));
        // At 1 Hz the minimal triplet model (no pair potentiation) hardly potentiates: o₂ has decayed.
        s.frequencyHz = 1;
        QVERIFY(measurePairingProtocol(s, 10) < 0.01 * s.pairings * s.aPlus);
        QVERIFY(measurePairingProtocol(s, -10) < 0);
    }

    void gridAndBiPooShape()
    {
        const std::vector<double> grid = stdpWindowGrid();
        QCOMPARE(int(grid.size()), 41);
        QCOMPARE(grid.front(), -100.0);
        QCOMPARE(grid.back(), 100.0);
        QCOMPARE(grid[20], 0.0);
        for (std::size_t i = 1; i < grid.size(); ++i)
            QVERIFY(grid[i] > grid[i - 1]);
        StdpWindowSetup s;
        QCOMPARE(biPooShape(s, 16.8) / biPooShape(s, 0), std::exp(-1.0));
        QCOMPARE(biPooShape(s, -33.7) / biPooShape(s, -1e-12), std::exp(-1.0));
    }

    void experimentThroughTheRegistry()
    {
        const ExperimentEntry* e = findExperiment("stdp-window");
        QVERIFY(e && e->isBatch());
        ParamSet p(e->specs());
        p.set("pairings", 10);
        Progress progress;
        const ExperimentResult r = e->run(p, progress);
        const ResultSeries* measured = r.findSeries("measured");
        QVERIFY(measured && measured->x.size() == 41);
        // 10 pairings, A₊ 0.005, w0 0.5: +10 % at Δt = 0.
        QVERIFY(std::abs(measured->y[20] - 10.0) < 1e-3);
        QVERIFY(r.findScalar("dw_neg10_pct")->value < 0);
        QVERIFY(r.findScalar("dw_pos10_pct")->value > 0);
    }

    void badParametersAreRefusedByName()
    {
        ParamSet p(stdpWindowSpecs());
        for (const auto& [key, value] : {std::pair{"tau_plus", -1.0}, std::pair{"frequency", 500.0},
                                         std::pair{"pairings", 2.5}, std::pair{"w0", 2.0}}) {
            try {
                p.set(key, value);
                QFAIL(key);
            } catch (const ParameterError& error) {
                QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String(key)), error.what());
            }
        }
        StdpWindowSetup s;
        s.tauMinusMs = 0;
        try {
            measurePairingProtocol(s, 5);
            QFAIL("tau_minus = 0 accepted");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("tau_minus")), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestStdpWindow)
#include "tst_stdpwindow.moc"
