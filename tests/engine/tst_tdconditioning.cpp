// TD(0) on a cue → reward trial with a delay-line state (engine/rl/TdConditioning.h). Each test would fail if the
// TD error or the learning were wrong:
// - before learning δ = 1 at the reward and 0 at the CS (and 0 everywhere else);
// - after learning (fixed point V(c + k) = γ^{D−1−k}) δ at the CS = γ^D to 1e-6, δ at the reward < 1e-6, and the
//   learned values are the discounted reward;
// - omitting the reward gives δ = −1 at its time (1e-6); an early reward gives +1 then, −1 at the usual time;
// - across trials the error moves from the reward to the cue: the first trial where δ(CS) > δ(reward) lies strictly
//   between the first and the last, and δ(CS) rises monotonically;
// - probe trials do not change the weights; bad input throws std::invalid_argument naming the parameter.

#include "engine/rl/TdConditioning.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

using namespace neuroai::rl;

namespace {
template <typename F>
void expectThrowNaming(F&& f, const std::string& name)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find(name) != std::string::npos, e.what());
        return;
    }
    QFAIL(qPrintable(QStringLiteral("no std::invalid_argument naming %1").arg(QString::fromStdString(name))));
}
}  // namespace

class TestTdConditioning : public QObject {
    Q_OBJECT
private slots:
    void firstTrialIsSurprisedByTheReward()
    {
        TdSetup s;  // T 25, CS at 5, reward at 15, γ 0.9, α 0.2
        TdConditioning td(s);
        const TdTrace first = td.runTrial();
        for (int t = 0; t < s.trialSteps; ++t)
            QCOMPARE(first.delta[std::size_t(t)], t == 15 ? 1.0 : 0.0);
        // That one error taught the state just before the reward: w_{D−1} = α.
        QCOMPARE(td.weights()[std::size_t(s.delay - 1)], s.alpha);
    }

    void learnedErrorsAreGammaToTheDAtTheCsAndZeroAtTheReward()
    {
        for (const double gamma : {0.9, 0.98, 1.0})
            for (const int delay : {1, 4, 12}) {
                TdSetup s;
                s.delay = delay;
                s.gamma = gamma;
                s.trialSteps = s.csStep + delay + 5;
                // 3000 trials at α = 0.2: the error reaches the CS after D trials and then shrinks by ≥ (1 − α) per
                // trial for each state; 3000 trials leave it far below 1e-6.
                const TdRun run = runTdConditioning(s, 3000, delay > 1 ? 1 : 0);
                const double cs = run.learned.delta[std::size_t(s.csStep)];
                const double rw = run.learned.delta[std::size_t(s.rewardStep())];
                QCOMPARE_LE(std::abs(cs - std::pow(gamma, delay)), 1e-6);
                QCOMPARE_LE(std::abs(rw), 1e-6);
                // Values: V(c + k) = γ^{D−1−k} up to the reward, 0 from it on; δ = 0 except at the CS.
                for (int k = 0; k < delay; ++k)
                    QCOMPARE_LE(std::abs(run.learned.value[std::size_t(s.csStep + k)] - std::pow(gamma, delay - 1 - k)),
                                1e-6);
                for (int t = 1; t < s.trialSteps; ++t)
                    if (t != s.csStep)
                        QCOMPARE_LE(std::abs(run.learned.delta[std::size_t(t)]), 1e-6);
                // Omitted reward: the dip of −1 exactly at the reward time.
                QCOMPARE_LE(std::abs(run.omitted.delta[std::size_t(s.rewardStep())] + 1.0), 1e-6);
                QCOMPARE_LE(std::abs(run.omitted.delta[std::size_t(s.csStep)] - std::pow(gamma, delay)), 1e-6);
            }
    }

    void earlyRewardExcitesThenDips()
    {
        TdSetup s;
        const TdRun run = runTdConditioning(s, 3000, 4);
        QCOMPARE_LE(std::abs(run.early.delta[std::size_t(s.csStep + 4)] - 1.0), 1e-6);
        QCOMPARE_LE(std::abs(run.early.delta[std::size_t(s.rewardStep())] + 1.0), 1e-6);
        qInfo("early reward: δ = %.6f at c + 4, %.6f at the usual time", run.early.delta[std::size_t(s.csStep + 4)],
              run.early.delta[std::size_t(s.rewardStep())]);
    }

    void errorMovesFromRewardToCue()
    {
        TdSetup s;
        const int trials = 200;
        const TdRun run = runTdConditioning(s, trials, 1);
        qInfo("δ(CS) first exceeds δ(reward) at trial %d of %d; δ(CS) at the end %.6f (γ^D = %.6f)",
              run.crossoverTrial, trials, run.csError.back(), std::pow(0.9, 10));
        QVERIFY(run.crossoverTrial > 0 && run.crossoverTrial < trials - 1);
        QCOMPARE(run.csError.front(), 0.0);
        QCOMPARE(run.rewardError.front(), 1.0);
        QVERIFY(run.rewardError.back() < 0.01);
        // The CS error never falls while the prediction builds up (all weights rise towards their fixed point).
        for (int k = 1; k < trials; ++k)
            QVERIFY2(run.csError[std::size_t(k)] >= run.csError[std::size_t(k - 1)] - 1e-12, qPrintable(QString::number(k)));
        // The prediction travels back one state per trial (trial k first reaches w_{D−1−k}), so the CS is silent
        // for exactly D trials and answers from trial D on.
        for (int k = 0; k < s.delay; ++k)
            QCOMPARE(run.csError[std::size_t(k)], 0.0);
        QVERIFY(run.csError[std::size_t(s.delay)] > 0);
        QCOMPARE(run.delta.size(), std::size_t(trials));
    }

    void probesDoNotLearn()
    {
        TdSetup s;
        TdConditioning td(s);
        for (int k = 0; k < 50; ++k)
            td.runTrial();
        const std::vector<double> before = td.weights();
        td.runTrial(TdProbe::Omitted, false);
        td.runTrial(TdProbe::Early, false, 3);
        td.runTrial(TdProbe::Rewarded, false);
        QCOMPARE(td.weights(), before);
        // A learning omission trial lowers the prediction before the reward time (extinction).
        td.runTrial(TdProbe::Omitted, true);
        QVERIFY(td.weights()[std::size_t(s.delay - 1)] < before[std::size_t(s.delay - 1)]);
    }

    void badInputThrows()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        TdSetup s;
        s.gamma = 1.5;
        expectThrowNaming([&] { TdConditioning td(s); }, "gamma");
        s = {};
        s.alpha = nan;
        expectThrowNaming([&] { TdConditioning td(s); }, "alpha");
        s = {};
        s.csStep = 0;
        expectThrowNaming([&] { TdConditioning td(s); }, "csStep");
        s = {};
        s.delay = 30;  // reward after the trial's end
        expectThrowNaming([&] { TdConditioning td(s); }, "delay");
        s = {};
        s.trialSteps = 2;
        expectThrowNaming([&] { TdConditioning td(s); }, "trialSteps");
        s = {};
        s.reward = std::numeric_limits<double>::infinity();
        expectThrowNaming([&] { TdConditioning td(s); }, "reward");
        s = {};
        expectThrowNaming([&] { runTdConditioning(s, 0, 1); }, "trials");
        expectThrowNaming([&] { runTdConditioning(s, 10, 10); }, "earlyDelay");
        QVERIFY(runTdConditioning(s, 10, 0).early.delta.empty());
        TdConditioning td(s);
        expectThrowNaming([&] { td.runTrial(TdProbe::Early, false, 0); }, "earlyDelay");
    }
};

QTEST_GUILESS_MAIN(TestTdConditioning)
#include "tst_tdconditioning.moc"
