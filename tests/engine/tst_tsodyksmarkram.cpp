// The Tsodyks–Markram synapse (SCIENCE.md, "Plasticity"): first releases of a regular train written out by hand,
// convergence to the closed-form steady state, an independent RK4 integration of the between-spike ODEs, the
// static limit, and the synaptic train driving a LIF neuron (perceptron constant, depression silences the cell).
// Tolerances: 1e-12 absolute for closed forms (the event update is exact), 1e-9 against RK4.

#include "engine/analysis/SynapticTrain.h"
#include "engine/models/TsodyksMarkram.h"

#include <QtTest>

#include <cmath>

using namespace neuroai;

class TestTsodyksMarkram : public QObject {
    Q_OBJECT
private slots:
    void depressingFirstReleasesByHand()
    {
        // U 0.5, τ_rec 800 ms, no facilitation, 20 Hz: u = U at every spike.
        const double interval = 50, d = std::exp(-interval / 800.0);
        const std::vector<double> r = TsodyksMarkram::regularTrain(TsodyksMarkramParameters::depressing(), interval, 4);
        const double x1 = 1;
        const double x2 = 1 - (1 - x1 * 0.5) * d;
        const double x3 = 1 - (1 - x2 * 0.5) * d;
        const double x4 = 1 - (1 - x3 * 0.5) * d;
        QVERIFY(std::abs(r[0] - 0.5) < 1e-12);
        QVERIFY(std::abs(r[1] - 0.5 * (1 - 0.5 * d)) < 1e-12);
        QVERIFY(std::abs(r[2] - 0.5 * x3) < 1e-12);
        QVERIFY(std::abs(r[3] - 0.5 * x4) < 1e-12);
        QVERIFY(std::abs(x3 - (1 - 0.5 * d - 0.25 * d * d)) < 1e-12);  // expanded by hand
        QVERIFY(r[1] < r[0] && r[2] < r[1] && r[3] < r[2]);
    }

    void facilitatingFirstReleasesByHand()
    {
        // U 0.03, τ_rec 130 ms, τ_facil 530 ms (Tsodyks, Pawelzik & Markram 1998), 20 Hz.
        const TsodyksMarkramParameters p = TsodyksMarkramParameters::facilitating();
        const double interval = 50, f = std::exp(-interval / 530.0), d = std::exp(-interval / 130.0);
        const std::vector<double> r = TsodyksMarkram::regularTrain(p, interval, 3);
        const double u1 = 0.03, x1 = 1;
        const double u2 = u1 * f + 0.03 * (1 - u1 * f);
        const double x2 = 1 - (1 - x1 * (1 - u1)) * d;
        const double u3 = u2 * f + 0.03 * (1 - u2 * f);
        const double x3 = 1 - (1 - x2 * (1 - u2)) * d;
        QVERIFY(std::abs(r[0] - u1 * x1) < 1e-12);
        QVERIFY(std::abs(r[1] - u2 * x2) < 1e-12);
        QVERIFY(std::abs(r[2] - u3 * x3) < 1e-12);
        QVERIFY(r[1] > r[0] && r[2] > r[1]);  // facilitation wins early in the train
    }

    void steadyStateClosedForm_data()
    {
        QTest::addColumn<double>("u");
        QTest::addColumn<double>("tauRec");
        QTest::addColumn<double>("tauFacil");
        QTest::addColumn<double>("interval");
        QTest::newRow("depressing 20 Hz") << 0.5 << 800.0 << 0.0 << 50.0;
        QTest::newRow("depressing 5 Hz") << 0.5 << 800.0 << 0.0 << 200.0;
        QTest::newRow("facilitating 20 Hz") << 0.03 << 130.0 << 530.0 << 50.0;
        QTest::newRow("facilitating 50 Hz") << 0.03 << 130.0 << 530.0 << 20.0;
        QTest::newRow("mixed 10 Hz") << 0.15 << 100.0 << 1000.0 << 100.0;
        QTest::newRow("static") << 0.5 << 0.0 << 0.0 << 50.0;
    }
    void steadyStateClosedForm()
    {
        QFETCH(double, u);
        QFETCH(double, tauRec);
        QFETCH(double, tauFacil);
        QFETCH(double, interval);
        const TsodyksMarkramParameters p{u, tauRec, tauFacil};
        // Formulas written out here: u_ss = U/(1 − (1 − U)F), x_ss = (1 − D)/(1 − (1 − u_ss)D).
        const double f = tauFacil > 0 ? std::exp(-interval / tauFacil) : 0.0;
        const double d = tauRec > 0 ? std::exp(-interval / tauRec) : 0.0;
        const double uss = u / (1 - (1 - u) * f);
        const double xss = (1 - d) / (1 - (1 - uss) * d);
        const TsodyksMarkram::SteadyState ss = TsodyksMarkram::steadyState(p, interval);
        QVERIFY(std::abs(ss.u - uss) < 1e-15);
        QVERIFY(std::abs(ss.x - xss) < 1e-15);
        // A long train converges to it (the slowest mode decays by ≤ e^{−Δ/τ} per spike; 2000 spikes suffice).
        TsodyksMarkram synapse(p);
        double release = 0, xBefore = 1;
        for (int k = 0; k < 2000; ++k) {
            xBefore = synapse.xAt(k * interval);
            release = synapse.spike(k * interval);
        }
        QVERIFY2(std::abs(release - uss * xss) < 1e-12, qPrintable(QString("%1 vs %2").arg(release).arg(uss * xss)));
        QVERIFY(std::abs(synapse.u() - uss) < 1e-12);
        QVERIFY(std::abs(xBefore - xss) < 1e-12);
    }

    void eventUpdateMatchesOdeIntegration()
    {
        // Between spikes dx/dt = (1 − x)/τ_rec, du/dt = −u/τ_facil, integrated with RK4 at 0.01 ms; at spikes the
        // jump rules. Irregular spike times, so nothing relies on a regular train.
        const TsodyksMarkramParameters p{0.15, 100.0, 1000.0};
        const double times[] = {0, 7, 19, 20.5, 80, 81, 300, 333, 600};
        TsodyksMarkram synapse(p);
        double x = 1, u = 0, t = 0;
        const double h = 0.01;
        for (const double ts : times) {
            const long steps = long(std::llround((ts - t) / h));
            for (long k = 0; k < steps; ++k) {
                auto fx = [&](double xx) { return (1 - xx) / p.tauRecMs; };
                auto fu = [&](double uu) { return -uu / p.tauFacilMs; };
                const double kx1 = fx(x), kx2 = fx(x + h / 2 * kx1), kx3 = fx(x + h / 2 * kx2), kx4 = fx(x + h * kx3);
                const double ku1 = fu(u), ku2 = fu(u + h / 2 * ku1), ku3 = fu(u + h / 2 * ku2), ku4 = fu(u + h * ku3);
                x += h / 6 * (kx1 + 2 * kx2 + 2 * kx3 + kx4);
                u += h / 6 * (ku1 + 2 * ku2 + 2 * ku3 + ku4);
            }
            t = ts;
            u += p.u * (1 - u);
            const double expected = u * x;
            x -= expected;
            const double release = synapse.spike(ts);
            QVERIFY2(std::abs(release - expected) < 1e-9, qPrintable(QString("t %1: %2 vs %3").arg(ts).arg(release).arg(expected)));
        }
    }

    void staticSynapseIsConstant()
    {
        const std::vector<double> r = TsodyksMarkram::regularTrain(TsodyksMarkramParameters::staticSynapse(), 10, 20);
        for (const double value : r)
            QCOMPARE(value, 0.5);
    }

    void trainIntoNeuron()
    {
        SynapticTrainSetup s;  // depressing, 20 Hz, 10 pulses, a₁ 12 nA
        const SynapticTrainRun run = simulateSynapticTrain(s);
        QCOMPARE(int(run.pscAmplitudes.size()), 10);
        const std::vector<double> r = TsodyksMarkram::regularTrain(s.synapse, s.intervalMs(), 10);
        for (int k = 0; k < 10; ++k) {
            QVERIFY(std::abs(run.pscAmplitudes[std::size_t(k)] - 12.0 / 0.5 * r[std::size_t(k)]) < 1e-12);
            QCOMPARE(run.perceptronOutput[std::size_t(k)], 12.0);  // the same answer to every repeat
        }
        QVERIFY(std::abs(run.pscAmplitudes[0] - 12.0) < 1e-12);
        // The first PSC (12 nA, τ_syn 5 ms, R 10 MΩ) depolarises by about 0.1575·R·a₁ ≈ 18.9 mV > 15 mV: the cell
        // fires on pulse 1; depression then keeps the rest of the train below threshold.
        QVERIFY(run.spikesAfterPulse[0] >= 1);
        for (std::size_t k = 3; k < run.spikesAfterPulse.size(); ++k)
            QCOMPARE(run.spikesAfterPulse[k], 0);
        // The synaptic current jumps by a₁ at the first pulse (20 ms, a step boundary) and decays with τ_syn.
        const double dt = s.dtMs;
        const std::size_t onsetIndex = std::size_t(std::llround(s.onsetMs / dt));
        QCOMPARE(run.current[onsetIndex - 1], 0.0);
        QVERIFY(std::abs(run.current[onsetIndex + 1] - 12.0 * std::exp(-dt / s.tauSynMs)) < 1e-9);
        // Facilitating synapse with a small first PSC: silent at first, firing later in the train.
        s.synapse = TsodyksMarkramParameters::facilitating();
        s.firstPscNa = 4;
        const SynapticTrainRun fac = simulateSynapticTrain(s);
        QCOMPARE(fac.spikesAfterPulse[0], 0);
        int later = 0;
        for (std::size_t k = 3; k < fac.spikesAfterPulse.size(); ++k)
            later += fac.spikesAfterPulse[k];
        QVERIFY(later > 0);
        QVERIFY(std::abs(fac.steadyStatePscNa - 4.0 / 0.03 * TsodyksMarkram::steadyState(s.synapse, 50).release()) < 1e-12);
    }
};

QTEST_APPLESS_MAIN(TestTsodyksMarkram)
#include "tst_tsodyksmarkram.moc"
