// The Izhikevich (2003) model: exact fixed points, and each preset's firing pattern by a measurable signature.
// The presets are loaded from resources/presets/foundations/izhikevich/*.json, the files the GUI offers.
// Pattern tolerances are wide margins around the values measured with the presets' pinned scheme (paper, 0.25 ms);
// each is stated next to its assertion.

#include "PresetFile.h"
#include "engine/analysis/SpikeStats.h"
#include "engine/models/Izhikevich.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace neuroai;

namespace {

struct Run {
    std::vector<double> spikes;
    std::vector<double> t, v;
};

Run simulate(Izhikevich& model, double ms)
{
    RecordingSink sink{1};
    model.reset(1);
    model.advance(long(std::llround(ms / model.dt())), sink);
    Run run;
    run.spikes = model.spikeTimes();
    run.t = sink.t;
    run.v = sink.values.at(0);
    return run;
}

Run runPreset(const char* name, double ms = 1000, double stepAmp = std::nan(""))
{
    Izhikevich model;
    test::applyPresetFile(model, QStringLiteral("foundations/izhikevich/%1.json").arg(name));
    if (!std::isnan(stepAmp))
        model.setParameter("stim_amp", stepAmp);
    return simulate(model, ms);
}

std::vector<double> firstIsis(const std::vector<double>& spikes, std::size_t count)
{
    std::vector<double> isis = interSpikeIntervals(spikes);
    if (isis.size() > count)
        isis.resize(count);
    return isis;
}

QString describe(const std::vector<double>& spikes)
{
    QStringList parts;
    for (std::size_t i = 0; i < spikes.size() && i < 12; ++i)
        parts << QString::number(spikes[i], 'f', 1);
    return QStringLiteral("%1 spikes: %2").arg(spikes.size()).arg(parts.join(' '));
}

}  // namespace

class TestIzhikevich : public QObject {
    Q_OBJECT
private slots:
    void fixedPointsAreExact()
    {
        // b = 0.2, I = 0: 0.04v² + 4.8v + 140 = 0 has the roots −70 (rest) and −50 (the threshold saddle).
        Izhikevich model;
        const auto fps = model.fixedPoints(0.0);
        QCOMPARE(fps.size(), std::size_t(2));
        QVERIFY(std::abs(fps[0].x + 70.0) < 1e-9);
        QVERIFY(std::abs(fps[1].x + 50.0) < 1e-9);
        QVERIFY(std::abs(fps[0].y + 14.0) < 1e-9);  // u = b·v
        QVERIFY(fps[0].stable);
        QCOMPARE(fps[0].kind, std::string("stable node"));
        QCOMPARE(fps[1].kind, std::string("saddle"));
        qInfo("b = 0.2: errors %.2e, %.2e mV", std::abs(fps[0].x + 70.0), std::abs(fps[1].x + 50.0));
        // The initial state is the rest point.
        QCOMPARE(model.membranePotential(), fps[0].x);
        QCOMPARE(model.recoveryVariable(), 0.2 * fps[0].x);
    }

    void fixedPointsMatchClosedForm_data()
    {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::addColumn<double>("input");
        QTest::addRow("LTS/TC b=0.25") << 0.02 << 0.25 << 0.0;
        QTest::addRow("RZ b=0.26") << 0.1 << 0.26 << 0.0;
        QTest::addRow("RS I=3") << 0.02 << 0.2 << 3.0;
    }
    void fixedPointsMatchClosedForm()
    {
        QFETCH(double, a);
        QFETCH(double, b);
        QFETCH(double, input);
        Izhikevich model;
        model.setParameter("a", a);
        model.setParameter("b", b);
        const double p = 5.0 - b, disc = p * p - 0.16 * (140.0 + input);
        QVERIFY(disc > 0);
        const double lo = (-p - std::sqrt(disc)) / 0.08, hi = (-p + std::sqrt(disc)) / 0.08;
        const auto fps = model.fixedPoints(input);
        QCOMPARE(fps.size(), std::size_t(2));
        QVERIFY2(std::abs(fps[0].x - lo) < 1e-9 && std::abs(fps[1].x - hi) < 1e-9,
                 qPrintable(QStringLiteral("%1 %2 vs %3 %4").arg(fps[0].x, 0, 'g', 17).arg(fps[1].x, 0, 'g', 17)
                                .arg(lo, 0, 'g', 17).arg(hi, 0, 'g', 17)));
        for (const FixedPoint& fp : fps) {
            const auto d = model.derivative(fp.x, fp.y, input);
            QVERIFY(std::abs(d[0]) < 1e-9 && std::abs(d[1]) < 1e-12);
        }
        QCOMPARE(fps[1].kind, std::string("saddle"));
        qInfo("b = %.2f, I = %g: %.12f (%s), %.12f (%s); errors %.1e, %.1e", b, input, fps[0].x, fps[0].kind.c_str(),
              fps[1].x, fps[1].kind.c_str(), std::abs(fps[0].x - lo), std::abs(fps[1].x - hi));
    }

    void noFixedPointAboveTheSaddleNode()
    {
        // For b = 0.2 the fixed points merge at I = (5 − b)²/0.16 − 140 = 4.
        Izhikevich model;
        QCOMPARE(model.fixedPoints(4.01).size(), std::size_t(0));
        QCOMPARE(model.fixedPoints(3.99).size(), std::size_t(2));
    }

    void nullclinesAndJacobian()
    {
        Izhikevich model;
        QCOMPARE(model.xNullcline(-60.0, 2.0), 0.04 * 3600 - 300 + 140 + 2.0);
        QCOMPARE(model.yNullcline(-60.0, 2.0), -12.0);
        // Jacobian against central differences.
        const double v = -55, u = -9, input = 5, h = 1e-5;
        const auto j = model.jacobian(v, u, input);
        const auto dvp = model.derivative(v + h, u, input), dvm = model.derivative(v - h, u, input);
        const auto dup = model.derivative(v, u + h, input), dum = model.derivative(v, u - h, input);
        QVERIFY(std::abs(j[0] - (dvp[0] - dvm[0]) / (2 * h)) < 1e-6);
        QVERIFY(std::abs(j[1] - (dup[0] - dum[0]) / (2 * h)) < 1e-6);
        QVERIFY(std::abs(j[2] - (dvp[1] - dvm[1]) / (2 * h)) < 1e-6);
        QVERIFY(std::abs(j[3] - (dup[1] - dum[1]) / (2 * h)) < 1e-6);
        const auto range = model.suggestedRange();
        QVERIFY(range[0] < -70 && range[1] > 30 && range[2] < -16.25 && range[3] > 6);
    }

    void spikesAreClippedAndReset()
    {
        // The sample of a spike's step shows v_peak; the state is at c afterwards.
        Izhikevich model;
        model.setParameter("i_ext", 10.0);
        RecordingSink sink{1};
        model.reset(1);
        model.advance(long(200 / model.dt()), sink);
        const auto& v = sink.values.at(0);
        const double top = *std::max_element(v.begin(), v.end());
        QCOMPARE(top, 30.0);
        const long atPeak = std::count(v.begin(), v.end(), 30.0);
        QCOMPARE(double(atPeak), model.metrics().at("spike_count"));
        QVERIFY(atPeak >= 3);
    }

    // RS: adaptation. The first interval is short, later ones settle at more than twice its length.
    void regularSpikingAdapts()
    {
        const Run run = runPreset("rs");
        const auto isis = interSpikeIntervals(run.spikes);
        QVERIFY2(isis.size() >= 10, qPrintable(describe(run.spikes)));
        const double ai = adaptationIndex(firstIsis(run.spikes, 5));
        qInfo("RS: %s; AI(first 5 ISIs) %.3f, first ISI %.1f ms, last %.1f ms", qPrintable(describe(run.spikes)), ai,
              isis.front(), isis.back());
        QVERIFY(isis.front() > 10);             // single spikes, no burst (measured 18.7 ms)
        QVERIFY(ai > 0.05);                     // measured 0.105
        QVERIFY(isis.back() > 2 * isis.front());  // measured 45 vs 19 ms
        QCOMPARE(detectBursts(run.spikes, 10).bursts, 0);
    }

    // IB: an initial burst (two intervals < 6 ms), then tonic single spikes (all later intervals > 20 ms).
    void intrinsicallyBurstingStartsWithABurst()
    {
        const Run run = runPreset("ib");
        const auto isis = interSpikeIntervals(run.spikes);
        qInfo("IB: %s", qPrintable(describe(run.spikes)));
        QVERIFY(isis.size() >= 10);
        const BurstSummary bursts = detectBursts(run.spikes, 10);
        QCOMPARE(bursts.bursts, 1);
        QVERIFY(bursts.spikesInBursts >= 3);
        QVERIFY(isis[0] < 6 && isis[1] < 6);
        for (std::size_t i = std::size_t(bursts.spikesInBursts - 1); i < isis.size(); ++i)
            QVERIFY2(isis[i] > 20, qPrintable(QString::number(isis[i])));
    }

    // CH: repeated bursts of ≥ 3 spikes (intervals < 10 ms) separated by pauses, for the whole step.
    void chatteringRepeatsBursts()
    {
        const Run run = runPreset("ch");
        const BurstSummary bursts = detectBursts(run.spikes, 10);
        qInfo("CH: %s; %d bursts, %.2f spikes per burst, %d isolated", qPrintable(describe(run.spikes)),
              bursts.bursts, bursts.meanSpikesPerBurst, bursts.isolatedSpikes);
        QVERIFY(bursts.bursts >= 10);  // measured 18 in 1 s
        QVERIFY(bursts.meanSpikesPerBurst >= 3);
        QVERIFY(bursts.isolatedSpikes <= 1);
        QVERIFY(run.spikes.back() > 900);
    }

    // FS: high-rate tonic firing without adaptation; several times the RS rate at the same input.
    void fastSpikingDoesNotAdapt()
    {
        const Run fs = runPreset("fs");
        const Run rs = runPreset("rs");
        const auto isis = interSpikeIntervals(fs.spikes);
        const double ai = adaptationIndex(isis, 2);
        const double rateFs = double(fs.spikes.size()) / 0.99, rateRs = double(rs.spikes.size()) / 0.99;
        qInfo("FS: %zu spikes, %.1f Hz (RS %.1f Hz), AI %.4f, CV of the last 50 ISIs %.4f", fs.spikes.size(), rateFs,
              rateRs, ai, coefficientOfVariation(std::vector<double>(isis.end() - 50, isis.end())));
        QVERIFY(std::abs(ai) < 0.01);  // measured 0.002
        QVERIFY(rateFs > 3 * rateRs);  // measured 114 vs 23 Hz
        // Regular apart from the jitter of resetting on the 0.25 ms grid (measured 0.055).
        QVERIFY(coefficientOfVariation(std::vector<double>(isis.end() - 50, isis.end())) < 0.1);
    }

    // LTS: a fast initial group of spikes that adapts, and a lower threshold than RS: a step of 2 makes LTS fire
    // while RS stays silent.
    void lowThresholdSpiking()
    {
        const Run run = runPreset("lts");
        const auto isis = interSpikeIntervals(run.spikes);
        const double ai = adaptationIndex(firstIsis(run.spikes, 6));
        qInfo("LTS: %s; AI(first 6 ISIs) %.3f", qPrintable(describe(run.spikes)), ai);
        QVERIFY(isis.size() >= 10);
        QVERIFY(isis[0] < 5);   // measured 3.3 ms
        QVERIFY(ai > 0.1);      // measured 0.144
        QVERIFY(isis.back() > 3 * isis[0]);
        const Run ltsWeak = runPreset("lts", 1000, 2.0);
        const Run rsWeak = runPreset("rs", 1000, 2.0);
        qInfo("step of 2 mV/ms: LTS %zu spikes, RS %zu", ltsWeak.spikes.size(), rsWeak.spikes.size());
        QVERIFY(ltsWeak.spikes.size() >= 3);
        QCOMPARE(rsWeak.spikes.size(), std::size_t(0));
    }

    // TC: silent while hyperpolarised (50–150 ms), rebound spike(s) within 50 ms of the release, silent after.
    void thalamoCorticalRebound()
    {
        const Run run = runPreset("tc", 600);
        qInfo("TC: %s", qPrintable(describe(run.spikes)));
        QVERIFY(!run.spikes.empty());
        QVERIFY(run.spikes.front() > 150 && run.spikes.front() < 200);
        QVERIFY(run.spikes.back() < 250);
        // Control: the same cell without the hyperpolarising pulse never fires.
        const Run control = runPreset("tc", 600, 0.0);
        QCOMPARE(control.spikes.size(), std::size_t(0));
    }

    // RZ: a small pulse sets off a damped sub-threshold oscillation: successive extrema of v alternate and shrink,
    // and their spacing gives a frequency close to Im(λ)/2π of the linearisation at rest.
    void resonatorRings()
    {
        Izhikevich model;
        test::applyPresetFile(model, QStringLiteral("foundations/izhikevich/rz.json"));
        const Run run = simulate(model, 400);
        QCOMPARE(run.spikes.size(), std::size_t(0));
        const auto fps = model.fixedPoints(0.0);
        QVERIFY(!fps.empty());
        QCOMPARE(fps[0].kind, std::string("stable focus"));
        const auto j = model.jacobian(fps[0].x, fps[0].y, 0.0);
        const double tr = j[0] + j[3], det = j[0] * j[3] - j[1] * j[2];
        const double omega = std::sqrt(det - tr * tr / 4.0);  // 1/ms
        const double predictedHz = 1000.0 * omega / (2.0 * std::numbers::pi);
        // Extrema of v − v_rest after the pulse ends (t > 52 ms).
        const double rest = fps[0].x;
        std::vector<double> tExt, dev;
        for (std::size_t i = 1; i + 1 < run.v.size(); ++i) {
            if (run.t[i] < 53)
                continue;
            const bool isMax = run.v[i] > run.v[i - 1] && run.v[i] >= run.v[i + 1];
            const bool isMin = run.v[i] < run.v[i - 1] && run.v[i] <= run.v[i + 1];
            if (isMax || isMin) {
                tExt.push_back(run.t[i]);
                dev.push_back(run.v[i] - rest);
            }
        }
        QVERIFY2(dev.size() >= 4, qPrintable(QString::number(dev.size())));
        QString text;
        for (std::size_t k = 0; k < 4; ++k)
            text += QStringLiteral("(%1 ms, %2 mV) ").arg(tExt[k], 0, 'f', 2).arg(dev[k], 0, 'g', 4);
        for (std::size_t k = 0; k + 1 < 4; ++k) {
            QVERIFY2(dev[k] * dev[k + 1] < 0, qPrintable(text));                 // alternate about rest
            QVERIFY2(std::abs(dev[k + 1]) < std::abs(dev[k]), qPrintable(text));  // and shrink
        }
        const double measuredHz = 1000.0 / (2.0 * (tExt[3] - tExt[0]) / 3.0);
        qInfo("RZ: extrema %s; oscillation %.2f Hz, linearisation %.2f Hz (rest %.3f mV, λ = %.4f ± %.4f i /ms)",
              qPrintable(text), measuredHz, predictedHz, rest, tr / 2, omega);
        QVERIFY(std::abs(measuredHz - predictedHz) < 0.05 * predictedHz);  // 5%: the sampled extrema sit on a 0.25 ms grid
    }
};

QTEST_GUILESS_MAIN(TestIzhikevich)
#include "tst_izhikevich.moc"
