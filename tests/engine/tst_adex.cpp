// The AdEx model: the saddle-node rheobase (formula and simulation), fixed points to 1e-12, and the eight firing
// patterns of Naud et al. (2008) told apart by signatures that are checked to be mutually exclusive. The presets
// are loaded from resources/presets/foundations/adex/*.json, the files the GUI offers.

#include "PresetFile.h"
#include "engine/analysis/SpikeStats.h"
#include "engine/models/AdEx.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace neuroai;

namespace {

constexpr double kRunMs = 1500;
constexpr double kOnsetMs = 20;  // the presets' step onset

// Features of the response to a step, from the spikes after the onset.
struct Features {
    std::size_t spikes = 0;
    double latency = 0;     // first spike after onset (ms)
    double lastSpike = 0;   // last spike after onset (ms from onset)
    double ai = 0;          // adaptation index over the first 8 ISIs
    double cv = 0;          // ISI CV over the whole train
    double maxJump = 0;     // largest ratio ISI_{k+1}/ISI_k among the first 6 ISIs (a burst ending)
    int period = 0;
    double firstIsi = 0, lastIsi = 0;         // smallest p ≤ 8 with ISIs repeating every p intervals after 500 ms (0: none)
};

Features measure(const std::vector<double>& allSpikes)
{
    std::vector<double> spikes;
    for (const double t : allSpikes)
        if (t >= kOnsetMs)
            spikes.push_back(t);
    Features f;
    f.spikes = spikes.size();
    if (spikes.empty())
        return f;
    f.latency = spikes.front() - kOnsetMs;
    f.lastSpike = spikes.back() - kOnsetMs;
    const std::vector<double> isis = interSpikeIntervals(spikes);
    const std::size_t head = std::min<std::size_t>(8, isis.size());
    f.ai = adaptationIndex(std::vector<double>(isis.begin(), isis.begin() + std::ptrdiff_t(head)));
    f.cv = coefficientOfVariation(isis);
    if (!isis.empty()) {
        f.firstIsi = isis.front();
        f.lastIsi = isis.back();
    }
    for (std::size_t k = 0; k + 1 < isis.size() && k < 6; ++k)
        f.maxJump = std::max(f.maxJump, isis[k + 1] / isis[k]);
    std::vector<double> late;  // ISIs ending after 500 ms of step
    for (std::size_t k = 0; k < isis.size(); ++k)
        if (spikes[k + 1] > kOnsetMs + 500)
            late.push_back(isis[k]);
    for (int p = 1; p <= 8 && f.period == 0; ++p) {
        if (late.size() < std::size_t(p) + 4)
            break;
        bool repeats = true;
        for (std::size_t k = 0; k + std::size_t(p) < late.size(); ++k)
            repeats = repeats && std::abs(late[k + std::size_t(p)] - late[k]) <= 0.02 * late[k] + 0.05;
        if (repeats)
            f.period = p;
    }
    return f;
}

QString describe(const Features& f)
{
    return QStringLiteral("%1 spikes, latency %2 ms, last %3 ms, AI %4, CV %5, max jump %6, period %7, "
                          "ISI first %8 last %9 ms")
        .arg(f.spikes)
        .arg(f.latency, 0, 'f', 1)
        .arg(f.lastSpike, 0, 'f', 1)
        .arg(f.ai, 0, 'f', 3)
        .arg(f.cv, 0, 'f', 3)
        .arg(f.maxJump, 0, 'f', 2)
        .arg(f.period)
        .arg(f.firstIsi, 0, 'f', 1)
        .arg(f.lastIsi, 0, 'f', 1);
}

// The signatures. Sustained = still firing in the last part of the step; "early" = first spike within 25 ms.
bool sustained(const Features& f) { return f.spikes >= 3 && f.lastSpike > 1000; }
bool early(const Features& f) { return f.latency < 25; }
using Signature = std::function<bool(const Features&)>;
const std::vector<std::pair<QString, Signature>>& signatures()
{
    static const std::vector<std::pair<QString, Signature>> table = {
        {"tonic", [](const Features& f) {
             return sustained(f) && f.period == 1 && early(f) && std::abs(f.ai) < 0.02 && f.maxJump < 2;
         }},
        {"adapting", [](const Features& f) {
             return sustained(f) && f.period == 1 && early(f) && f.ai > 0.05 && f.maxJump < 2;
         }},
        {"initial-burst", [](const Features& f) {
             return sustained(f) && f.period == 1 && early(f) && f.maxJump > 3;
         }},
        {"bursting", [](const Features& f) { return sustained(f) && f.period >= 2 && early(f); }},
        {"irregular", [](const Features& f) { return sustained(f) && f.period == 0 && f.cv > 0.3; }},
        {"transient", [](const Features& f) { return f.spikes >= 1 && f.lastSpike < 200; }},
        {"delayed-accelerating", [](const Features& f) {
             return sustained(f) && f.period == 1 && !early(f) && f.ai < -0.01 && f.lastIsi < 0.8 * f.firstIsi;
         }},
        {"delayed-bursting", [](const Features& f) { return sustained(f) && f.period >= 2 && !early(f); }},
    };
    return table;
}

std::vector<double> runPreset(const QString& name)
{
    AdEx model;
    test::applyPresetFile(model, QStringLiteral("foundations/adex/%1.json").arg(name));
    model.reset(1);
    NullSink sink;
    model.advance(long(std::llround(kRunMs / model.dt())), sink);
    return model.spikeTimes();
}

// Smallest constant current (pA) that makes the cell fire within `ms`, by bisection to 0.05 pA.
double simulatedRheobase(AdEx& model, double lo, double hi, double ms)
{
    auto fires = [&](double current) {
        model.setParameter("i_ext", current);
        model.reset(1);
        NullSink sink;
        model.advance(long(std::llround(ms / model.dt())), sink);
        return model.totalSpikeCount() > 0;
    };
    if (fires(lo) || !fires(hi))
        return std::nan("");
    while (hi - lo > 0.05) {
        const double mid = 0.5 * (lo + hi);
        (fires(mid) ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

class TestAdEx : public QObject {
    Q_OBJECT
private slots:
    void brette2005Defaults()
    {
        const AdEx model;
        const ParamSet& p = model.parameters();
        QCOMPARE(p["c_m"], 281.0);
        QCOMPARE(p["g_l"], 30.0);
        QCOMPARE(p["e_l"], -70.6);
        QCOMPARE(p["v_t"], -50.4);
        QCOMPARE(p["delta_t"], 2.0);
        QCOMPARE(p["a"], 4.0);
        QCOMPARE(p["tau_w"], 144.0);
        QCOMPARE(p["b"], 80.5);
        QCOMPARE(p["v_reset"], -70.6);
        QCOMPARE(model.currentUnit(), std::string("pA"));
    }

    void rheobaseFormula()
    {
        // a = 0: V* = VT and (gL + a)(V* − EL − ΔT) = 30 nS × 18.2 mV = 546.0 pA.
        AdEx model;
        model.setParameter("a", 0.0);
        QVERIFY(std::abs(model.saddleNodeRheobase() - 546.0) < 0.1);
        qInfo("formula: %.6f pA", model.saddleNodeRheobase());
    }

    void rheobaseBySimulation()
    {
        // a = 0: w stays 0 until the first spike, so a long step fires exactly above the saddle-node current.
        AdEx model;
        model.setParameter("a", 0.0);
        const double formula = model.saddleNodeRheobase();
        const double simulated = simulatedRheobase(model, 400, 800, 3000);
        qInfo("a = 0: formula %.3f pA, 3 s step bisection %.3f pA (%+.3f%%)", formula, simulated,
              100.0 * (simulated - formula) / formula);
        QVERIFY(std::abs(simulated - formula) < 0.01 * formula);
        // The fixed points merge there: two just below, none just above.
        QCOMPARE(model.fixedPoints(formula - 0.01).size(), std::size_t(2));
        QCOMPARE(model.fixedPoints(formula + 0.01).size(), std::size_t(0));
    }

    void stepRheobaseWithSlowAdaptation()
    {
        // a = 1 nS (< C/τw, still a saddle-node): the steady-state threshold is the formula's, but a step from rest
        // meets w ≈ 0 at first (τw = 144 ms ≫ τm ≈ 9.4 ms), so the step rheobase lies between the a = 0 value
        // (546 pA) and the formula's.
        AdEx model;
        model.setParameter("a", 1.0);
        const double formula = model.saddleNodeRheobase();
        const double simulated = simulatedRheobase(model, 400, 800, 3000);
        qInfo("a = 1 nS: formula %.3f pA, step bisection %.3f pA", formula, simulated);
        QVERIFY(simulated > 546.0 && simulated < formula);
    }

    void fixedPointsArePrecise_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<double>("input");
        QTest::addRow("2005 defaults, I = 0") << QString() << 0.0;
        QTest::addRow("2005 defaults, I = 500") << QString() << 500.0;
        QTest::addRow("delayed-accelerating, I = 0 (a < 0)") << QStringLiteral("delayed-accelerating") << 0.0;
        QTest::addRow("irregular, I = 0 (a < 0)") << QStringLiteral("irregular") << 0.0;
        QTest::addRow("a = -20 nS, gL = 10 nS (a < -gL): one root") << QStringLiteral("a=-40") << 0.0;
    }
    void fixedPointsArePrecise()
    {
        QFETCH(QString, preset);
        QFETCH(double, input);
        AdEx model;
        if (preset == "a=-40")
            model.setParameter("a", -20.0), model.setParameter("g_l", 10.0);
        else if (!preset.isEmpty())
            test::applyPresetFile(model, QStringLiteral("foundations/adex/%1.json").arg(preset));
        const auto fps = model.fixedPoints(input);
        QVERIFY(!fps.empty());
        const auto& c = model.constants();
        for (const FixedPoint& fp : fps) {
            // F(V) = −(gL + a)(V − EL) + gL ΔT e^{(V−VT)/ΔT} + I and its slope: the remaining Newton step is the
            // distance to the exact root, to first order.
            const double e = std::exp((fp.x - c.vT) / c.deltaT);
            const double f = -(c.gL + c.a) * (fp.x - c.eL) + c.gL * c.deltaT * e + input;
            const double df = -(c.gL + c.a) + c.gL * e;
            const double error = std::abs(f / df);
            qInfo("V = %.13f mV, w = %.6f pA (%s), |F/F'| = %.2e mV", fp.x, fp.y, fp.kind.c_str(), error);
            QVERIFY(error < 1e-12);
            QVERIFY(std::abs(fp.y - c.a * (fp.x - c.eL)) < 1e-9);
        }
        if (fps.size() == 2)
            QCOMPARE(fps[1].kind, std::string("saddle"));
    }

    void initialStateIsRest()
    {
        AdEx model;
        const auto fps = model.fixedPoints(0.0);
        QVERIFY(fps.front().stable);
        QCOMPARE(model.membranePotential(), fps.front().x);
        QCOMPARE(model.adaptationCurrent(), fps.front().y);
    }

    void jacobianMatchesDifferences()
    {
        AdEx model;
        const double v = -52, w = 30, input = 400, h = 1e-5;
        const auto j = model.jacobian(v, w, input);
        const auto dvp = model.derivative(v + h, w, input), dvm = model.derivative(v - h, w, input);
        const auto dwp = model.derivative(v, w + h, input), dwm = model.derivative(v, w - h, input);
        QVERIFY(std::abs(j[0] - (dvp[0] - dvm[0]) / (2 * h)) < 1e-7);
        QVERIFY(std::abs(j[1] - (dwp[0] - dwm[0]) / (2 * h)) < 1e-7);
        QVERIFY(std::abs(j[2] - (dvp[1] - dvm[1]) / (2 * h)) < 1e-7);
        QVERIFY(std::abs(j[3] - (dwp[1] - dwm[1]) / (2 * h)) < 1e-7);
        QCOMPARE(model.xNullcline(v, input), (model.derivative(v, 0, input)[0]) * 281.0);
    }

    // Each Naud et al. pattern satisfies its own signature and no other one.
    void namedPatternsAreMutuallyExclusive()
    {
        const auto& sigs = signatures();
        for (const auto& [name, own] : sigs) {
            const Features f = measure(runPreset(name));
            qInfo("%-22s %s", qPrintable(name), qPrintable(describe(f)));
            for (const auto& [other, signature] : sigs) {
                const bool matches = signature(f);
                QVERIFY2(matches == (other == name),
                         qPrintable(QStringLiteral("preset %1 %2 the signature of %3 (%4)")
                                        .arg(name, matches ? "matches" : "does not match", other, describe(f))));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAdEx)
#include "tst_adex.moc"
