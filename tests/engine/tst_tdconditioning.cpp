// TD(0) on a cue → reward trial with a delay-line state (engine/rl/TdConditioning.h). Each test would fail if the
// TD error or the learning were wrong:
// - before learning δ = 1 at the reward and 0 at the CS (and 0 everywhere else);
// - after learning (fixed point V(c + k) = γ^{D−1−k}) δ at the CS = γ^D to 1e-6, δ at the reward < 1e-6, and the
//   learned values are the discounted reward;
// - omitting the reward gives δ = −1 at its time (1e-6); an early reward gives +1 then, −1 at the usual time;
// - across trials the error moves from the reward to the cue: the first trial where δ(CS) > δ(reward) lies strictly
//   between the first and the last, and δ(CS) rises monotonically;
// - probe trials do not change the weights; bad input throws std::invalid_argument naming the parameter.
// - setLearning changes γ and α and keeps the weights (it then relearns the new fixed point, γ'^D at the CS).
// - the live model (TdConditioningModel, one trial per step): its heatmap frame starts with δ = 1 at the reward and
//   ends, after learning, with δ(c) = γ^D > δ(c + D) ≈ 0; its omission probe dips to −1 at the reward time; omitted
//   trials occur at the set rate and repeat with the seed; a new delay restarts the run.

#include "engine/core/Frame.h"
#include "engine/core/Recording.h"
#include "engine/rl/TdConditioning.h"
#include "engine/rl/TdConditioningModel.h"

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
        expectThrowNaming([&] { td.setLearning(0.0, 0.1); }, "gamma");
        expectThrowNaming([&] { td.setLearning(0.9, 2.0); }, "alpha");
        QCOMPARE(td.setup().gamma, s.gamma);  // a refused change leaves the learner as it was
    }

    void setLearningKeepsWeightsAndRelearns()
    {
        TdSetup s;
        TdConditioning td(s);
        for (int k = 0; k < 400; ++k)
            td.runTrial();
        const std::vector<double> learned = td.weights();
        td.setLearning(0.8, 0.5);
        QCOMPARE(td.weights(), learned);
        QCOMPARE(td.setup().gamma, 0.8);
        QCOMPARE(td.setup().alpha, 0.5);
        for (int k = 0; k < 400; ++k)
            td.runTrial();
        const TdTrace probe = td.runTrial(TdProbe::Rewarded, false);
        QCOMPARE_LE(std::abs(probe.delta[std::size_t(s.csStep)] - std::pow(0.8, s.delay)), 1e-6);
    }

    void liveModelMovesTheErrorToTheCue()
    {
        TdConditioningModel model;
        neuroai::RecordingSink sink(2);
        const int c = TdConditioningModel::kCsStep, D = 10;
        QCOMPARE(model.metrics().at("reward_step"), double(c + D));
        model.advance(1, sink);
        const std::vector<double> first = model.trialDelta(1);
        QCOMPARE(first[std::size_t(c + D)], 1.0);
        QCOMPARE(first[std::size_t(c)], 0.0);
        model.advance(399, sink);
        QCOMPARE(model.timeMs(), 400.0);
        const auto m = model.metrics();
        QCOMPARE_LE(std::abs(m.at("cs_error") - std::pow(0.9, D)), 1e-3);
        QCOMPARE_LE(std::abs(m.at("reward_error")), 1e-3);
        QCOMPARE_LE(std::abs(m.at("probe_dip") + 1.0), 1e-3);
        QVERIFY(m.at("crossover_trial") > D && m.at("crossover_trial") < 400);
        QCOMPARE(m.at("omitted_trials"), 0.0);

        neuroai::Frame frame;
        model.publish(frame);
        QCOMPARE(frame.matrices.size(), std::size_t(2));
        const neuroai::MatrixImage& heat = frame.matrices[0];
        QCOMPARE(heat.rows, 200);  // the default window of trials shown
        QCOMPARE(heat.columns, c + D + TdConditioningModel::kStepsAfterReward + 1);
        QCOMPARE(heat.rowMin, 200.5);
        QVERIFY(heat.diverging);
        const int last = heat.rows - 1;
        QVERIFY(heat.at(last, c) > heat.at(last, c + D) + 0.3);
        const neuroai::MatrixImage& curves = frame.matrices[1];
        QCOMPARE(curves.at(TdConditioningModel::FirstTrial, c + D), 1.0f);
        QCOMPARE_LE(std::abs(curves.at(TdConditioningModel::OmissionProbe, c + D) + 1.0f), 1e-3f);
        QCOMPARE_LE(std::abs(curves.at(TdConditioningModel::ValueNow, c + D - 1) - 1.0f), 1e-3f);
        QCOMPARE_LE(std::abs(curves.at(TdConditioningModel::ValueNow, c) - float(std::pow(0.9, D - 1))), 1e-3f);
        QCOMPARE(model.metrics().at("middle_trial"), 300.0);  // trials 201 … 400 shown
        QVERIFY(model.stateIsFinite());
    }

    void omissionsAtTheSetRateRepeatWithTheSeed()
    {
        auto run = [](std::uint64_t seed) {
            TdConditioningModel model;
            model.setParameter("omit_prob", 0.25);
            model.reset(seed);
            neuroai::RecordingSink sink(2);
            model.advance(2000, sink);
            return model.metrics();
        };
        const auto a = run(7), b = run(7), c = run(8);
        QCOMPARE(a.at("omitted_trials"), b.at("omitted_trials"));
        QVERIFY(a.at("omitted_trials") != c.at("omitted_trials"));
        // Binomial(2000, 0.25): mean 500, SD 19.4; 5 SD either side.
        QVERIFY2(std::abs(a.at("omitted_trials") - 500) < 97, qPrintable(QString::number(a.at("omitted_trials"))));
        // Partial reinforcement: the learned prediction is the mean reward, so the cue error shrinks to about 0.75 γ^D.
        QCOMPARE_LE(std::abs(a.at("value_at_cs") - 0.75 * std::pow(0.9, 9)), 0.1);
    }

    void newDelayRestarts()
    {
        TdConditioningModel model;
        neuroai::RecordingSink sink(2);
        model.advance(50, sink);
        model.setParameter("gamma", 0.8);  // live: keeps the run
        QCOMPARE(model.timeMs(), 50.0);
        model.setParameter("delay", 4);
        QCOMPARE(model.timeMs(), 0.0);
        QCOMPARE(model.metrics().at("reward_step"), double(TdConditioningModel::kCsStep + 4));
        model.advance(300, sink);
        QCOMPARE_LE(std::abs(model.metrics().at("cs_error") - std::pow(0.8, 4)), 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestTdConditioning)
#include "tst_tdconditioning.moc"
