// The shared stimulus protocols (engine/core/Stimulus.h) and the spike-train statistics (engine/analysis/SpikeStats.h).
// Charges are compared to 1e-12 relative: the per-step means are exact integrals of the waveform, so a protocol
// delivers exactly its charge for any dt and any alignment of onset and duration with the time grid.

#include "engine/analysis/SpikeStats.h"
#include "engine/core/Stimulus.h"
#include "engine/models/LifNeuron.h"

#include <QtTest>

#include <cmath>

using namespace neuroai;

namespace {

// Σ meanOver(step)·dt over [0, T): the charge the models receive.
double deliveredCharge(const Stimulus& s, double dt, double totalMs)
{
    const long steps = long(std::llround(totalMs / dt));
    double q = 0;
    for (long k = 0; k < steps; ++k)
        q += s.meanOver(double(k) * dt, double(k + 1) * dt) * dt;
    return q;
}

bool near(double a, double b, double rel = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(1.0, std::abs(b));
}

}  // namespace

class TestStimulus : public QObject {
    Q_OBJECT

private slots:
    void everyProtocolDeliversItsExactCharge_data()
    {
        QTest::addColumn<double>("dt");
        QTest::newRow("dt 0.1") << 0.1;
        QTest::newRow("dt 0.07 (misaligned)") << 0.07;
        QTest::newRow("dt 0.025") << 0.025;
        QTest::newRow("dt 1.3 (coarser than a pulse)") << 1.3;
    }
    void everyProtocolDeliversItsExactCharge()
    {
        QFETCH(double, dt);
        Stimulus s;
        s.bias = 0.2;
        s.amplitude = 1.7;
        s.startMs = 3.33;
        s.durationMs = 0.5;
        s.periodMs = 4.1;
        s.count = 4;
        s.charge = 20.0;
        const double total = 91.0;  // a whole number of steps for every dt above
        s.kind = StimulusKind::Constant;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total));
        s.kind = StimulusKind::Pulse;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 1.7 * 0.5));
        s.kind = StimulusKind::Train;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 4 * 1.7 * 0.5));
        s.kind = StimulusKind::Ramp;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 1.7 * 0.5 / 2));
        s.kind = StimulusKind::Step;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 1.7 * (total - 3.33)));
        s.kind = StimulusKind::Flash;  // the charge does not depend on the duration
        for (const double d : {0.05, 0.5, 5.0, 50.0}) {
            s.durationMs = d;
            QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 20.0));
            QVERIFY(near(s.effectiveAmplitude(), 20.0 / d));
        }
        s.kind = StimulusKind::Train;  // endless train: one pulse per period
        s.count = 0;
        s.durationMs = 0.5;
        QVERIFY(near(deliveredCharge(s, dt, total), 0.2 * total + 22 * 1.7 * 0.5));  // onsets 3.33 … 89.43
    }

    void instantaneousWaveforms()
    {
        Stimulus s;
        s.bias = 1;
        s.amplitude = 2;
        s.startMs = 10;
        s.durationMs = 4;
        s.periodMs = 10;
        s.count = 2;
        s.kind = StimulusKind::Step;
        QCOMPARE(s.valueAt(9.999), 1.0);
        QCOMPARE(s.valueAt(10), 3.0);
        QCOMPARE(s.valueAt(1e6), 3.0);
        s.kind = StimulusKind::Pulse;
        QCOMPARE(s.valueAt(13.9), 3.0);
        QCOMPARE(s.valueAt(14), 1.0);
        s.kind = StimulusKind::Ramp;
        QCOMPARE(s.valueAt(12), 2.0);  // halfway up: 1 + 2·0.5
        QCOMPARE(s.valueAt(14.5), 1.0);
        s.kind = StimulusKind::Train;
        QCOMPARE(s.valueAt(21), 3.0);  // second pulse
        QCOMPARE(s.valueAt(25), 1.0);  // between pulses
        QCOMPARE(s.valueAt(31), 1.0);  // only two pulses
        // A step that straddles the onset gets the fraction of the step that is on.
        s.kind = StimulusKind::Step;
        QVERIFY(near(s.meanOver(9.9, 10.1), 1.0 + 2.0 * 0.5));
    }

    void specsAndConstraints()
    {
        const auto specs = stimulusSpecs({"nA", "pC", -5, 10, 0, 200, 0, 5, 3});
        ParamSet p(specs);
        QVERIFY(p.spec("stimulus")->isChoice());
        QCOMPARE(p.spec("stimulus")->choices, stimulusKindNames());
        QCOMPARE(p.spec("stim_charge")->unit, std::string("pC"));
        QCOMPARE(p.spec("stim_period")->shownWhenKey, std::string("stimulus"));
        p.setFromString("stimulus=train");
        QCOMPARE(p["stimulus"], double(StimulusKind::Train));
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.setFromString("stimulus=sine"));
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.set("stimulus", 7));
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.set("stimulus", 1.5));
        p.setFromString("stimulus=3");  // the index works too
        QCOMPARE(p.spec("stimulus")->display(p["stimulus"]), std::string("train"));
    }

    void flashPeakMatchesTheAnalyticPeak()
    {
        // SCIENCE.md: a pulse of charge Q and duration d into an LIF cell peaks (R·Q/d)(1 − e^{−d/τ}) above rest;
        // τ 10 ms, R 10 MΩ, Q 20 pC: d 0.5 ms → 19.5 mV, d 50 ms → 4.0 mV.
        for (const double d : {0.5, 2.0, 10.0, 50.0}) {
            LifNeuron lif;
            ParamSet p = lif.parameters();
            p.set("tau_m", 10);
            p.set("r_m", 10);
            p.set("i_ext", 0);
            p.set("v_th", 0);  // far away: we want the free membrane
            p.setFromString("stimulus=flash");
            p.set("stim_charge", 20);
            p.set("stim_duration", d);
            p.set("stim_start", 5);
            p.set("dt", 0.01);
            lif.setParameters(p);
            lif.reset(1);
            RecordingSink sink(1);
            lif.advance(long(std::llround((5 + d + 30) / 0.01)), sink);
            const double peak = *std::max_element(sink.values[0].begin(), sink.values[0].end()) + 70.0;
            const double analytic = (10.0 * 20.0 / d) * (1.0 - std::exp(-d / 10.0));
            QVERIFY2(std::abs(peak - analytic) < 1e-9 * analytic,
                     qPrintable(QStringLiteral("d %1: %2 vs %3").arg(d).arg(peak, 0, 'g', 15).arg(analytic, 0, 'g', 15)));
            if (d == 0.5)
                QVERIFY(std::abs(analytic - 19.5) < 0.05);
            if (d == 50.0)
                QVERIFY(std::abs(analytic - 4.0) < 0.05);
        }
    }

    void noisyProtocolHasTheStatedStatistics()
    {
        // The input of the noisy protocol is an OU process: standard deviation σ, autocorrelation e^{−lag/τ}.
        LifNeuron lif;
        ParamSet p = lif.parameters();
        p.set("i_ext", 0);
        p.set("v_th", 0);
        p.setFromString("stimulus=noisy");
        p.set("stim_amp", 0.5);
        p.set("noise_sigma", 0.8);
        p.set("noise_tau", 4);
        p.set("dt", 0.1);
        lif.setParameters(p);
        lif.reset(11);
        RecordingSink sink(2);
        lif.advance(2'000'000, sink);  // 200 s
        const std::vector<double>& in = sink.values[1];
        double mean = 0, var = 0, lagged = 0;
        const std::size_t lag = 40;  // 4 ms = τ
        for (const double x : in)
            mean += x;
        mean /= double(in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            var += (in[i] - mean) * (in[i] - mean);
            if (i + lag < in.size())
                lagged += (in[i] - mean) * (in[i + lag] - mean);
        }
        var /= double(in.size());
        lagged /= double(in.size() - lag);
        QVERIFY2(std::abs(mean - 0.5) < 0.02, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(std::sqrt(var) - 0.8) < 0.02 * 0.8, qPrintable(QString::number(std::sqrt(var))));
        QVERIFY2(std::abs(lagged / var - std::exp(-1.0)) < 0.03, qPrintable(QString::number(lagged / var)));
    }

    void spikeStatistics()
    {
        // Geometric ISIs 10, 12, 14.4, …: every ratio term is (r − 1)/(r + 1) = 0.2/2.2.
        std::vector<double> isis;
        double d = 10;
        for (int i = 0; i < 8; ++i, d *= 1.2)
            isis.push_back(d);
        QVERIFY(near(adaptationIndex(isis), 0.2 / 2.2));
        QVERIFY(near(adaptationIndex(isis, 3), 0.2 / 2.2));
        std::vector<double> accelerating(isis.rbegin(), isis.rend());
        QVERIFY(near(adaptationIndex(accelerating), -0.2 / 2.2));
        QCOMPARE(adaptationIndex({5.0, 5.0, 5.0}), 0.0);
        QCOMPARE(adaptationIndex({5.0}), 0.0);

        QCOMPARE(coefficientOfVariation({4.0, 4.0, 4.0}), 0.0);
        QVERIFY(near(coefficientOfVariation({1.0, 3.0}), std::sqrt(2.0) / 2.0));

        const std::vector<double> times = {0, 1, 2, 50, 51, 100, 200, 201, 202, 203};
        QCOMPARE(interSpikeIntervals(times).size(), times.size() - 1);
        const BurstSummary b = detectBursts(times, 5);
        QCOMPARE(b.bursts, 3);
        QCOMPARE(b.spikesInBursts, 9);
        QCOMPARE(b.isolatedSpikes, 1);
        QVERIFY(near(b.meanSpikesPerBurst, 3.0));

        const IsiHistogram h = isiHistogram({0.5, 1.5, 1.7, 9.9, 12}, 1.0, 10);
        QCOMPARE(h.counts[0], 1.0);
        QCOMPARE(h.counts[1], 2.0);
        QCOMPARE(h.counts[9], 1.0);
        QCOMPARE(h.overflow, 1L);
    }
};

QTEST_APPLESS_MAIN(TestStimulus)
#include "tst_stimulus.moc"
