// Hodgkin–Huxley populations with conductance synapses in the network engine, and the COBAHH benchmark (issue 10).
// Properties:
// - fastExp and relativeRate (the branch-free helpers of the vectorised step) against libm in double;
// - a single cell (no synapses, a constant conductance drive) follows the same exponential-Euler scheme computed in
//   double with libm, and stays close to a converged RK4 solution of the equations as the example writes them;
// - conductances pull v towards their reversal potentials, exactly as the closed form of a passive membrane, and add
//   no current at their reversal potential;
// - a spike is counted once per upward crossing of −20 mV; in depolarisation block (v held above threshold) the cell
//   fires every 3 ms, Brian2's refractory rule with a time;
// - three connected cells match Brian2's own run of the same network (golden files from cobahh_golden.py);
// - makeCobaHh builds the example's network; bad parameters are named.

#include "engine/network/CobaHh.h"
#include "engine/network/FastExp.h"
#include "engine/network/Network.h"

#include <QTest>

#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace neuroai;
using namespace neuroai::network;

namespace {

// The example's equations in double, written as it writes them (no rewriting of the rates), in mV, ms, nS, pF.
struct HhState {
    double v, m, h, n, ge, gi;
};

struct Rates {
    double am, bm, ah, bh, an, bn;
};

Rates rates(double v, const HhParameters& p)
{
    const double u = v - p.vT;
    return {0.32 * (13 - u) / (std::exp((13 - u) / 4) - 1), 0.28 * (u - 40) / (std::exp((u - 40) / 5) - 1),
            0.128 * std::exp((17 - u) / 18),                4 / (1 + std::exp((40 - u) / 5)),
            0.032 * (15 - u) / (std::exp((15 - u) / 5) - 1), 0.5 * std::exp((10 - u) / 40)};
}

HhState derivative(const HhState& s, const HhParameters& p)
{
    const Rates r = rates(s.v, p);
    const double current = p.gLeak * (p.eLeak - s.v) + s.ge * (p.eExc - s.v) + s.gi * (p.eInh - s.v) -
                           p.gNa * s.m * s.m * s.m * s.h * (s.v - p.eNa) - p.gK * std::pow(s.n, 4) * (s.v - p.eK);
    return {current / p.capacitance,     r.am * (1 - s.m) - r.bm * s.m, r.ah * (1 - s.h) - r.bh * s.h,
            r.an * (1 - s.n) - r.bn * s.n, -s.ge / p.tauE,                -s.gi / p.tauI};
}

HhState axpy(const HhState& s, double a, const HhState& d)
{
    return {s.v + a * d.v, s.m + a * d.m, s.h + a * d.h, s.n + a * d.n, s.ge + a * d.ge, s.gi + a * d.gi};
}

HhState rk4(const HhState& s, double dt, const HhParameters& p)
{
    const HhState k1 = derivative(s, p), k2 = derivative(axpy(s, dt / 2, k1), p),
                  k3 = derivative(axpy(s, dt / 2, k2), p), k4 = derivative(axpy(s, dt, k3), p);
    HhState out = s;
    out.v += dt / 6 * (k1.v + 2 * k2.v + 2 * k3.v + k4.v);
    out.m += dt / 6 * (k1.m + 2 * k2.m + 2 * k3.m + k4.m);
    out.h += dt / 6 * (k1.h + 2 * k2.h + 2 * k3.h + k4.h);
    out.n += dt / 6 * (k1.n + 2 * k2.n + 2 * k3.n + k4.n);
    out.ge += dt / 6 * (k1.ge + 2 * k2.ge + 2 * k3.ge + k4.ge);
    out.gi += dt / 6 * (k1.gi + 2 * k2.gi + 2 * k3.gi + k4.gi);
    return out;
}

// Exponential Euler as Brian2 applies it, in double: each variable x' = A − B x moves exactly over dt with the others
// frozen at the step's start.
HhState exponentialEuler(const HhState& s, double dt, const HhParameters& p)
{
    const Rates r = rates(s.v, p);
    auto gate = [dt](double x, double a, double b) { return a / (a + b) + (x - a / (a + b)) * std::exp(-(a + b) * dt); };
    const double gNa = p.gNa * s.m * s.m * s.m * s.h, gK = p.gK * std::pow(s.n, 4);
    const double total = p.gLeak + s.ge + s.gi + gNa + gK;
    const double vInf = (p.gLeak * p.eLeak + s.ge * p.eExc + s.gi * p.eInh + gNa * p.eNa + gK * p.eK) / total;
    return {vInf + (s.v - vInf) * std::exp(-total * dt / p.capacitance),
            gate(s.m, r.am, r.bm),
            gate(s.h, r.ah, r.bh),
            gate(s.n, r.an, r.bn),
            s.ge * std::exp(-dt / p.tauE),
            s.gi * std::exp(-dt / p.tauI)};
}

// A parameter set whose excitatory conductance does not decay (τe = 1e12 ms: e^{−dt/τe} is 1 in float and within
// 1e-13 of it in double), so a cell's initial ge is a constant drive.
HhParameters constantDrive()
{
    HhParameters p;
    p.tauE = 1e12;
    return p;
}

// One-cell network with the given initial v, ge and gi; m = h = n = 0.
Network singleCell(const HhParameters& p, double v0, double ge0, double gi0)
{
    Network net(0.1);
    net.addHhPopulation("cell", 1, p);
    net.v(0)[0] = float(v0);
    net.ge(0)[0] = float(ge0);
    net.gi(0)[0] = float(gi0);
    net.setRecordSpikes(true);
    return net;
}

std::vector<std::vector<double>> readCsv(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    std::vector<std::vector<double>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<double> row;
        std::stringstream fields(line);
        std::string field;
        while (std::getline(fields, field, ','))
            row.push_back(std::stod(field));
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

class TestCobaHh : public QObject {
    Q_OBJECT

private slots:
    // fastExp against std::exp in double at 2 million points over its whole range [−87, 88] (and beyond, where it
    // clamps): relative error below 1e-6 (the bound asked for; a few float ulps are ~3e-7). relativeRate
    // y/(e^y − 1) against expm1 over [−30, 30] and densely around 0, where the quotient alone is 0/0: below 5e-6.
    void fastExpIsAccurate()
    {
        double worst = 0;
        for (int k = 0; k <= 2'000'000; ++k) {
            const float x = float(-87.0 + 175.0 * k / 2'000'000.0);
            const double exact = std::exp(double(x));
            worst = std::max(worst, std::abs(double(fastExp(x)) - exact) / exact);
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        QVERIFY(std::isfinite(fastExp(1000.0f)) && fastExp(1000.0f) > 1e38f);
        QVERIFY(fastExp(-1000.0f) >= 0.0f && fastExp(-1000.0f) < 1e-37f);

        double worstRate = 0;
        for (int k = -300'000; k <= 300'000; ++k) {
            const float y = k < -100'000 || k > 100'000 ? float(k) * 1e-4f : float(k) * 1e-6f;  // dense near 0
            const double exact = y == 0.0f ? 1.0 : double(y) / std::expm1(double(y));
            const double got = relativeRate(y, fastExp(y));
            worstRate = std::max(worstRate, std::abs(got - exact) / exact);
        }
        QVERIFY2(worstRate < 5e-6, qPrintable(QString::number(worstRate)));
    }

    // A cell driven by a constant 25 nS excitatory conductance fires tonically. Over 100 ms its v (float, fastExp,
    // vectorised loop) stays within 0.05 mV of the same exponential-Euler scheme in double with libm, before and
    // during spikes (spike upstrokes are the worst: float rounding of A/B at ~1e4 nS), and the spike steps are equal.
    // Against RK4 at dt = 1 µs (converged: the spike times agree with RK4 at 2 µs to < 1 µs), exponential Euler is
    // first order, and at the benchmark's dt = 0.1 ms its error is not small: the interspike interval is ~12 % long
    // (5.98 vs 5.34 ms; this is Brian2's scheme and dt, so Brian2 has the same error). So the test asserts that
    // error's size at 0.1 ms (first spike within 0.4 ms, interval 5–15 % long) and that it shrinks as dt does: at
    // dt = 0.01 ms the first spike is within 0.05 ms and the interval within 2 % of the reference.
    void singleCellFollowsTheReferenceIntegration()
    {
        const HhParameters p = constantDrive();
        const double ge0 = 25.0, v0 = -65.0;
        Network net = singleCell(p, v0, ge0, 0.0);
        HhState ee{v0, 0, 0, 0, ge0, 0};
        std::vector<long> eeSpikes;
        int refractory = 0;
        double worst = 0;
        for (int s = 0; s < 1000; ++s) {
            net.step();
            ee = exponentialEuler(ee, 0.1, p);
            refractory = std::max(refractory - 1, 0);
            if (ee.v > p.vThreshold && refractory == 0) {
                eeSpikes.push_back(s);
                refractory = 30;
            }
            worst = std::max(worst, std::abs(double(net.v(0)[0]) - ee.v));
        }
        QVERIFY2(worst < 0.05, qPrintable(QString::number(worst)));
        std::vector<long> ours;
        for (const Network::Spike& spike : net.spikes())
            ours.push_back(long(spike.step));
        QVERIFY2(ours.size() >= 5, qPrintable(QString::number(ours.size())));
        QCOMPARE(ours, eeSpikes);

        // RK4 reference: spike times where v first rises through −20 mV (linear interpolation within the step).
        HhState rk{v0, 0, 0, 0, ge0, 0};
        const double h = 0.001;
        std::vector<double> rkSpikes;
        for (int s = 0; s < 100'000; ++s) {
            const HhState next = rk4(rk, h, p);
            if (rk.v <= -20 && next.v > -20)
                rkSpikes.push_back((s + (-20 - rk.v) / (next.v - rk.v)) * h);
            rk = next;
        }
        QVERIFY(rkSpikes.size() >= 10);
        const double rkIsi = (rkSpikes.back() - rkSpikes.front()) / double(rkSpikes.size() - 1);
        // Our spike at step s means v crossed during (s·dt, (s+1)·dt]: its time is taken as the end of that step.
        auto compare = [&](double dt, double firstTolerance, double isiLow, double isiHigh) {
            Network fine(dt);
            fine.addHhPopulation("cell", 1, p);
            fine.v(0)[0] = float(v0);
            fine.ge(0)[0] = float(ge0);
            fine.setRecordSpikes(true);
            fine.run(std::lround(100.0 / dt));
            const auto& spikes = fine.spikes();
            QVERIFY(spikes.size() >= 10);
            const double first = (double(spikes.front().step) + 1) * dt;
            const double isi = double(spikes.back().step - spikes.front().step) * dt / double(spikes.size() - 1);
            QVERIFY2(std::abs(first - rkSpikes.front()) < firstTolerance,
                     qPrintable(QString("dt %1: first spike %2 vs %3").arg(dt).arg(first).arg(rkSpikes.front())));
            QVERIFY2(isi / rkIsi - 1 > isiLow && isi / rkIsi - 1 < isiHigh,
                     qPrintable(QString("dt %1: interval %2 vs %3").arg(dt).arg(isi).arg(rkIsi)));
        };
        compare(0.1, 0.4, 0.05, 0.15);
        compare(0.01, 0.05, -0.02, 0.02);
    }

    // A passive membrane (gNa = gK = 0) with constant conductances is linear, and exponential Euler is then exact:
    // v(t) = v∞ + (v0 − v∞) e^{−G t/C}, v∞ = Σ g E / Σ g. Checked at every step for 50 ms within 1e-3 mV (float
    // rounding of ~70 mV values over 500 steps). An excitatory conductance moves v up towards Ee = 0, an inhibitory
    // one down towards Ei = −80; and a cell sitting at Ee with EL = Ee feels no current from any ge: v stays at Ee.
    void conductancesPullTowardsTheirReversalPotentials()
    {
        HhParameters p = constantDrive();
        p.gNa = 0;
        p.gK = 0;
        p.tauI = 1e12;
        struct Case {
            double v0, ge, gi;
        };
        for (const Case c : {Case{-60, 30, 0}, Case{-60, 0, 50}, Case{-70, 20, 40}}) {
            Network net = singleCell(p, c.v0, c.ge, c.gi);
            const double total = p.gLeak + c.ge + c.gi;
            const double vInf = (p.gLeak * p.eLeak + c.ge * p.eExc + c.gi * p.eInh) / total;
            double worst = 0;
            for (int s = 1; s <= 500; ++s) {
                net.step();
                const double exact = vInf + (c.v0 - vInf) * std::exp(-total * 0.1 * s / p.capacitance);
                worst = std::max(worst, std::abs(double(net.v(0)[0]) - exact));
            }
            QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst)));
            if (c.gi == 0)
                QVERIFY(net.v(0)[0] > c.v0 + 30);  // towards 0 mV
            if (c.ge == 0)
                QVERIFY(net.v(0)[0] < c.v0 - 10);  // towards −80 mV
        }
        p.eLeak = p.eExc;
        Network atReversal = singleCell(p, p.eExc, 500.0, 0.0);
        atReversal.run(100);
        QCOMPARE(atReversal.v(0)[0], float(p.eExc));
    }

    // Tonic firing: the recorded spikes are exactly the steps in which v rose through −20 mV (one per crossing, none
    // while v stays above it). Depolarisation block under a huge excitatory conductance (20 µS): v stays above −20
    // mV, and Brian2's rule (a spike whenever v > θ and at least 3 ms have passed) gives a spike every 30 steps from
    // step 0 on (Brian2 2.5.1's runtime mode, run on this cell, gave steps 0, 30, 60, … and v → −12.54 mV).
    void spikesFollowBriansThresholdAndRefractoryRule()
    {
        const HhParameters p = constantDrive();
        Network net = singleCell(p, -65.0, 25.0, 0.0);
        std::vector<long> crossings;
        float previous = net.v(0)[0];
        for (int s = 0; s < 2000; ++s) {
            net.step();
            const float v = net.v(0)[0];
            if (previous <= -20.0f && v > -20.0f)
                crossings.push_back(s);
            previous = v;
        }
        std::vector<long> ours;
        for (const Network::Spike& spike : net.spikes())
            ours.push_back(long(spike.step));
        QVERIFY(ours.size() >= 10);
        QCOMPARE(ours, crossings);

        Network blocked = singleCell(p, -65.0, 20000.0, 0.0);  // settles near −12.5 mV
        blocked.run(2000);
        const std::vector<Network::Spike>& spikes = blocked.spikes();
        QVERIFY(spikes.size() > 50);
        QVERIFY(std::abs(blocked.v(0)[0] - -12.54f) < 0.01f);
        QCOMPARE(spikes.front().step, std::int64_t(0));
        for (std::size_t k = 1; k < spikes.size(); ++k)
            QCOMPARE(spikes[k].step - spikes[k - 1].step, std::int64_t(30));
    }

    // Brian2's own run (runtime mode, float64) of three connected COBAHH cells (cobahh_golden.py): the same 57
    // spikes, each within one step of Brian2's (measured: all in the same step); v within 1e-4 mV of Brian2's until
    // the first spike (measured 6e-6: float rounding and fastExp only) and within 0.2 mV over all 100 ms, spikes
    // included (measured 0.037 mV; an upstroke at ~100 mV/ms turns tiny differences into tenths of a mV).
    void threeCellsMatchBrian2()
    {
        const auto golden = readCsv(NEUROAI_TEST_DATA_DIR "/brian2/cobahh_golden_v.csv");
        const auto goldenSpikes = readCsv(NEUROAI_TEST_DATA_DIR "/brian2/cobahh_golden_spikes.csv");
        QCOMPARE(golden.size(), std::size_t(1000));
        QCOMPARE(goldenSpikes.size(), std::size_t(57));
        Network net(0.1);
        const int cells = net.addHhPopulation("three", 3, HhParameters());
        const std::array<float, 3> v0{-55, -62, -65}, ge0{300, 10, 0}, gi0{0, 0, 20};
        for (int j = 0; j < 3; ++j) {
            net.v(cells)[std::size_t(j)] = v0[std::size_t(j)];
            net.ge(cells)[std::size_t(j)] = ge0[std::size_t(j)];
            net.gi(cells)[std::size_t(j)] = gi0[std::size_t(j)];
        }
        net.addProjection(cells, cells, Receptor::Excitatory,
                          Projection::fromList(3, 3, SynapseList{{0, 0, 2, 1}, {1, 2, 0, 0}, {40, 40, 60, 60}, {0, 0, 0, 0}}));
        net.addProjection(cells, cells, Receptor::Inhibitory,
                          Projection::fromList(3, 3, SynapseList{{1}, {2}, {67}, {0}}));
        net.setRecordSpikes(true);
        const long firstSpike = long(goldenSpikes.front()[0]);
        double worstBefore = 0, worstAll = 0;
        for (std::size_t s = 0; s < golden.size(); ++s) {
            // golden row s is v at t = s·dt, i.e. after s steps
            for (int j = 0; j < 3; ++j) {
                const double error = std::abs(double(net.v(cells)[std::size_t(j)]) - golden[s][std::size_t(j) + 1]);
                worstAll = std::max(worstAll, error);
                if (long(s) <= firstSpike)
                    worstBefore = std::max(worstBefore, error);
            }
            net.step();
        }
        qInfo("v against Brian2: %.3g mV until the first spike, %.3g mV over 100 ms", worstBefore, worstAll);
        QVERIFY2(worstBefore < 1e-4, qPrintable(QString::number(worstBefore)));
        QVERIFY2(worstAll < 0.2, qPrintable(QString::number(worstAll)));
        const std::vector<Network::Spike>& ours = net.spikes();
        QCOMPARE(ours.size(), goldenSpikes.size());
        for (std::size_t k = 0; k < ours.size(); ++k) {
            QCOMPARE(ours[k].neuron, int(goldenSpikes[k][1]));
            QVERIFY2(std::abs(double(ours[k].step) - goldenSpikes[k][0]) <= 1,
                     qPrintable(QString("spike %1: step %2 vs %3").arg(k).arg(ours[k].step).arg(goldenSpikes[k][0])));
        }
    }

    // The example's network: 80/20 split, binomial synapse counts around p · pre · post (±4σ), the initial values'
    // means and spreads (v: −65 ± 5 mV, ge: 40 ± 15 nS, gi: 200 ± 120 nS; tolerances 4 standard errors), gates at 0;
    // the same seed builds the same network.
    void cobaHhBuildsTheExample()
    {
        Network net = makeCobaHh(4000, 80, 7);
        QCOMPARE(net.populationCount(), 2);
        QCOMPARE(net.size(0), 3200);
        QCOMPARE(net.size(1), 800);
        QVERIFY(net.kind(0) == PopulationKind::HodgkinHuxley);
        const double expected = 4000.0 * 4000.0 * 0.02, sigma = std::sqrt(expected * 0.98);
        QVERIFY(std::abs(double(net.synapseCount()) - expected) < 4 * sigma);
        QCOMPARE(net.projection(0).weights()[0], 6.0f);
        QCOMPARE(net.projection(2).weights()[0], 67.0f);
        auto check = [](const std::vector<float>& a, const std::vector<float>& b, double mean, double sd) {
            double sum = 0, squares = 0;
            for (const auto* x : {&a, &b})
                for (const float value : *x) {
                    sum += value;
                    squares += double(value) * value;
                }
            const double count = double(a.size() + b.size());
            const double m = sum / count, s = std::sqrt(squares / count - m * m);
            QVERIFY2(std::abs(m - mean) < 4 * sd / std::sqrt(count), qPrintable(QString::number(m)));
            QVERIFY2(std::abs(s / sd - 1) < 0.05, qPrintable(QString::number(s)));
        };
        check(net.v(0), net.v(1), -65, 5);
        check(net.ge(0), net.ge(1), 40, 15);
        check(net.gi(0), net.gi(1), 200, 120);
        for (const float x : net.m(0))
            QCOMPARE(x, 0.0f);
        Network again = makeCobaHh(4000, 80, 7);
        QCOMPARE(again.synapseCount(), net.synapseCount());
        QCOMPARE(again.v(1), net.v(1));
    }

    void badParametersAreNamed()
    {
        Network net(0.1);
        auto throwsNaming = [&](HhParameters p, int size, const char* word) {
            try {
                net.addHhPopulation("x", size, p);
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find(word) != std::string::npos, e.what());
                return;
            }
            QFAIL(word);
        };
        HhParameters p;
        throwsNaming(p, -1, "negative size");
        p.capacitance = 0;
        throwsNaming(p, 1, "capacitance");
        p = HhParameters();
        p.eNa = std::numeric_limits<double>::quiet_NaN();
        throwsNaming(p, 1, "E_Na");
        p = HhParameters();
        p.gK = -1;
        throwsNaming(p, 1, "g_K");
        p = HhParameters();
        p.tauI = std::numeric_limits<double>::infinity();
        throwsNaming(p, 1, "tau_i");
        p = HhParameters();
        p.tRef = -3;
        throwsNaming(p, 1, "t_ref");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeCobaHh(4, 80, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeCobaHh(100, 200, 1));
    }
};

QTEST_GUILESS_MAIN(TestCobaHh)
#include "tst_cobahh.moc"
