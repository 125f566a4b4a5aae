// The balanced E/I network model of chapter 6 (BalancedNetworkModel): the live wrapper around the CUBA network.
//
// What would fail if it were wrong:
// - with both weights at 0 every cell is an isolated LIF cell, and a bias b must give the closed-form rate
//   1 / (t_ref + τm ln((V_reset − V_rest − b) / (V_th − V_rest − b))): checks that weight changes reach the running
//   network and that the bias enters the membrane equation correctly;
// - the pulse train switches on for exactly pulse_width of every 1/pulse_rate (the stimulus channel, step by step);
// - with the Vogels–Abbott weights the network fires at its known few Hz, excitatory drive raises the excitatory
//   rate, hyperpolarising drive silences it, and driving the inhibitory cells lowers the excitatory rate;
// - bad combinations are refused with a message that names the parameter.

#include "engine/core/Recording.h"
#include "engine/network/BalancedNetworkModel.h"

#include <QtTest>

#include <cmath>

using neuroai::ParamSet;
using neuroai::ParameterError;
using neuroai::RecordingSink;
using neuroai::network::BalancedNetworkModel;

namespace {

// Mean rate of all cells over the last `measureMs` of `ms`, in Hz.
double rateOverLast(BalancedNetworkModel& model, double ms, double measureMs, int* excitatorySpikes = nullptr)
{
    neuroai::NullSink sink;
    model.advance(std::lround((ms - measureMs) / BalancedNetworkModel::kDtMs), sink);
    RecordingSink record(3);
    model.advance(std::lround(measureMs / BalancedNetworkModel::kDtMs), record);
    if (excitatorySpikes) {
        *excitatorySpikes = 0;
        for (const int j : record.spikeNeurons)
            *excitatorySpikes += j < model.excitatoryCount() ? 1 : 0;
    }
    return double(record.spikeTimes.size()) / double(model.network().totalNeurons()) / measureMs * 1000.0;
}

}  // namespace

class TestBalancedNetwork : public QObject {
    Q_OBJECT

private slots:
    void uncoupledCellsFireAtTheLifRate_data()
    {
        QTest::addColumn<double>("bias");
        QTest::newRow("no bias") << 0.0;
        QTest::newRow("bias +1 mV") << 1.0;
        QTest::newRow("bias +6 mV") << 6.0;
    }

    void uncoupledCellsFireAtTheLifRate()
    {
        QFETCH(double, bias);
        BalancedNetworkModel model;
        ParamSet p = model.parameters();
        p.set("n", 500);
        p.set("we", 0);
        p.set("wi", 0);
        p.set("stim_mode", 1);
        p.set("stim_amplitude", bias);
        p.set("stim_target", 0);
        model.setParameters(p);
        model.reset(3);
        // CUBA's cell: V_rest −49 mV above V_th −50 mV, so every cell fires by itself; the stimulated excitatory cells
        // at the rate of the closed form; their spike count over 2 s is the count of whole periods, so the measured
        // rate is within one spike per cell of it. The period is also rounded to whole 0.1 ms steps: ≤ 0.1 ms in 40.
        const double tauM = 20, tRef = 5, vRest = -49, vTh = -50, vReset = -60;
        const double period = tRef + tauM * std::log((vReset - vRest - bias) / (vTh - vRest - bias));
        const double expected = 1000.0 / period;
        int excitatory = 0;
        rateOverLast(model, 2500, 2000, &excitatory);
        const double measured = double(excitatory) / model.excitatoryCount() / 2.0;
        QVERIFY2(std::abs(measured - expected) < 0.5 + 0.005 * expected,
                 qPrintable(QStringLiteral("bias %1 mV: %2 Hz, closed form %3 Hz").arg(bias).arg(measured).arg(expected)));
    }

    void pulseTrainIsOnForItsWidth()
    {
        BalancedNetworkModel model;
        ParamSet p = model.parameters();
        p.set("n", 500);
        p.set("stim_mode", 2);
        p.set("stim_amplitude", 3);
        p.set("pulse_rate", 20);   // period 50 ms
        p.set("pulse_width", 7.5);
        model.setParameters(p);
        model.reset(1);
        RecordingSink record(3);
        model.advance(10000, record);  // 1 s: 20 pulses of 75 steps
        int on = 0, rises = 0;
        for (std::size_t s = 0; s < record.t.size(); ++s) {
            const double value = record.values[2][s];
            QVERIFY(value == 0.0 || value == 3.0);
            on += value > 0 ? 1 : 0;
            rises += (value > 0 && (s == 0 || record.values[2][s - 1] == 0.0)) ? 1 : 0;
            // Step s starts at s·dt; pulses start at multiples of 50 ms.
            const double phase = std::fmod(double(s) * 0.1 + 1e-9, 50.0);
            QCOMPARE(value > 0, phase < 7.5);
        }
        QCOMPARE(on, 20 * 75);
        QCOMPARE(rises, 20);
    }

    void stimulationShiftsTheBalancedNetwork()
    {
        // Vogels–Abbott weights at 4000 cells: a few Hz at rest (Brian2's CUBA example: 5.3–5.7 Hz over seeds; the
        // bound here is loose because 1 s of one seed is a single sample).
        const auto run = [](int mode, int target, double amplitude) {
            BalancedNetworkModel model;
            ParamSet p = model.parameters();
            p.set("stim_mode", mode);
            p.set("stim_target", target);
            p.set("stim_amplitude", amplitude);
            model.setParameters(p);
            model.reset(7);
            int excitatory = 0;
            const double all = rateOverLast(model, 1000, 500, &excitatory);
            return std::pair{all, double(excitatory) / model.excitatoryCount() / 0.5};
        };
        const auto [rest, restE] = run(0, 0, 0);
        QVERIFY2(rest > 3 && rest < 9, qPrintable(QString::number(rest)));
        const auto [up, upE] = run(1, 0, 2);
        QVERIFY2(upE > 1.5 * restE, qPrintable(QStringLiteral("%1 vs %2").arg(upE).arg(restE)));
        const auto [down, downE] = run(1, 0, -3);
        QVERIFY2(downE < 0.2 * restE, qPrintable(QStringLiteral("%1 vs %2").arg(downE).arg(restE)));
        const auto [inh, inhE] = run(1, 1, 2);
        QVERIFY2(inhE < 0.7 * restE, qPrintable(QStringLiteral("%1 vs %2").arg(inhE).arg(restE)));
        Q_UNUSED(up);
        Q_UNUSED(down);
        Q_UNUSED(inh);
    }

    void sizeChangesRebuildTheNetwork()
    {
        BalancedNetworkModel model;
        QCOMPARE(model.network().totalNeurons(), 4000);
        model.setParameter("n", 1000);
        QCOMPARE(model.network().totalNeurons(), 1000);
        QCOMPARE(model.excitatoryCount(), 800);
        const double synapses = double(model.network().synapseCount());
        QVERIFY(std::abs(synapses - 80000) < 5 * std::sqrt(80000.0));  // binomial: 1000² pairs at p = 0.08
        model.setParameter("we", 2.5);
        for (const float w : model.network().projection(0).weights())
            QCOMPARE(w, 2.5f);
        for (const float w : model.network().projection(3).weights())
            QCOMPARE(w, -9.0f);
    }

    void badCombinationsAreNamed()
    {
        BalancedNetworkModel model;
        ParamSet p = model.parameters();
        p.set("stim_mode", 2);
        p.set("pulse_rate", 50);
        p.set("pulse_width", 20);  // the interval is 20 ms
        try {
            model.setParameters(p);
            QFAIL("a pulse as long as its interval was accepted");
        } catch (const ParameterError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("pulse_width")), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ParameterError, model.setParameter("k", 500));  // above its range
        QVERIFY_THROWS_EXCEPTION(ParameterError, model.setParameter("stim_amplitude", std::nan("")));
        QCOMPARE(model.network().totalNeurons(), 4000);  // unchanged after the refusals
    }
};

QTEST_APPLESS_MAIN(TestBalancedNetwork)
#include "tst_balancednetwork.moc"
