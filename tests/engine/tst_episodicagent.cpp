// Episodic control (engine/rl/EpisodicAgent.h): the memory's exact recall and max-return rule, the kNN mean on a
// hand-built memory, LRU eviction order, the agent writing discounted returns backwards at the end of an episode,
// the comparison with Q-learning on the Dyna maze (fewer steps over the first 20 episodes, 20 seeds), reproducibility
// with the seed, and bad input rejected with a message naming the parameter.

#include "engine/core/Job.h"
#include "engine/rl/EpisodicAgent.h"

#include <QTest>

#include <cmath>
#include <stdexcept>

using namespace neuroai;
using namespace neuroai::rl;

namespace {
template <typename F>
bool throwsNaming(F f, const char* word)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return std::string(e.what()).find(word) != std::string::npos;
    }
    return false;
}
}  // namespace

class TestEpisodicAgent : public QObject {
    Q_OBJECT
private slots:
    void exactRecallKeepsTheBestReturn()
    {
        EpisodicMemory m(10, 2);
        QVERIFY(!m.recall({1, 2}).has_value());
        QVERIFY(!m.estimate({1, 2}, 3).has_value());  // empty memory: no estimate
        QVERIFY(m.update({1, 2}, 0.5));
        QCOMPARE(*m.recall({1, 2}), 0.5);
        QVERIFY(!m.update({1, 2}, 0.3));  // a worse return does not overwrite
        QCOMPARE(*m.recall({1, 2}), 0.5);
        QVERIFY(m.update({1, 2}, 0.9));  // a better one does
        QCOMPARE(*m.recall({1, 2}), 0.9);
        QCOMPARE(m.size(), std::size_t(1));
        // A stored key returns its own value even when its neighbours hold very different ones.
        QVERIFY(m.update({1, 3}, 100));
        QVERIFY(m.update({0, 2}, -100));
        QCOMPARE(*m.estimate({1, 2}, 3), 0.9);
    }

    void knnMeanOnAHandBuiltMemory()
    {
        EpisodicMemory m(10, 2);
        m.update({0, 0}, 1);
        m.update({0, 1}, 2);
        m.update({3, 0}, 4);
        m.update({10, 10}, 8);
        // Query (0, 2): distances 2, 1, √13, √164. k = 1 → 2; k = 2 → (2 + 1)/2; k = 3 → (2 + 1 + 4)/3.
        QCOMPARE(*m.estimate({0, 2}, 1), 2.0);
        QCOMPARE(*m.estimate({0, 2}, 2), 1.5);
        QCOMPARE_LE(std::abs(*m.estimate({0, 2}, 3) - 7.0 / 3), 1e-12);
        // k beyond the size averages everything stored.
        QCOMPARE(*m.estimate({0, 2}, 50), 15.0 / 4);
    }

    void evictsTheLeastRecentlyUsed()
    {
        EpisodicMemory m(3, 1);
        m.update({1}, 1);
        m.update({2}, 2);
        m.update({3}, 3);
        // Reading {1} while acting (touch) makes {2} the least recently used.
        QCOMPARE(*m.estimate({1}, 1, true), 1.0);
        m.update({4}, 4);
        QCOMPARE(m.size(), std::size_t(3));
        QVERIFY(!m.recall({2}).has_value());
        QVERIFY(m.recall({1}).has_value());
        // Const queries do not count as use: {3} is now the oldest and goes next.
        QCOMPARE(*m.estimate({3}, 1), 3.0);
        m.update({5}, 5);
        QVERIFY(!m.recall({3}).has_value());
        const auto order = m.keysByRecency();
        QCOMPARE(order.size(), std::size_t(3));
        QCOMPARE(order[0][0], 1.0);
        QCOMPARE(order[1][0], 4.0);
        QCOMPARE(order[2][0], 5.0);
        // An update (even one that does not raise the value) is a use.
        m.update({1}, 0);
        QCOMPARE(m.keysByRecency().back()[0], 1.0);
    }

    void agentWritesDiscountedReturnsAtTheGoal()
    {
        const GridMaze track = GridMaze::linearTrack(4);  // 0 → 3, goal at state 3
        EpisodicAgent agent(track, EpisodicParameters{0.9, 0.0, 1, 100}, 1);
        agent.beginEpisode();
        // Right, Left, Right, Right, Right: the return after the first visit of (0, Right) is 0.9^4, after the
        // second 0.9^2; the max rule keeps 0.9^2.
        agent.learnFromTransition({0, 1, 0, 1, false});
        agent.learnFromTransition({1, 3, 0, 0, false});
        QCOMPARE(agent.memorySize(), std::size_t(0));  // nothing written before the episode ends
        agent.learnFromTransition({0, 1, 0, 1, false});
        agent.learnFromTransition({1, 1, 0, 2, false});
        agent.learnFromTransition({2, 1, 1, 3, true});
        QCOMPARE(*agent.memory(1).recall(agent.features(0)), 0.9 * 0.9);
        QCOMPARE(*agent.memory(1).recall(agent.features(1)), 0.9);
        QCOMPARE(*agent.memory(1).recall(agent.features(2)), 1.0);
        QCOMPARE(*agent.memory(3).recall(agent.features(1)), 0.9 * 0.9 * 0.9);
        QCOMPARE(agent.memorySize(), std::size_t(4));
        QCOMPARE(agent.greedyAction(0), 1);
        // State 3 was never stored for Right: its estimate is the nearest stored state's value (state 2, 1.0).
        QCOMPARE(agent.qEc(3, 1), 1.0);
        QCOMPARE(agent.qEc(0, 0), 0.0);  // Up was never taken: empty memory reads as 0
        // A truncated episode is written by the next beginEpisode.
        agent.learnFromTransition({0, 0, 0, 0, false});
        agent.beginEpisode();
        QCOMPARE(*agent.memory(0).recall(agent.features(0)), 0.0);
    }

    void beatsQLearningEarlyOnTheDynaMaze()
    {
        EpisodicComparisonSetup s;  // defaults: 50 episodes, 20 runs, Dyna maze, ε = 0.1, γ = 0.95, k = 5
        const EpisodicComparison c = runEpisodicComparison(s, nullptr);
        qInfo("episodes 1-20: episodic %.1f ± %.1f steps, Q-learning %.1f ± %.1f (SD across 20 runs); "
              "episodes to a greedy path <= %d: episodic %.1f (%d runs), Q %.1f (%d runs); memory %.1f entries",
              c.episodic.early, c.episodic.earlySd, c.qlearning.early, c.qlearning.earlySd, c.shortest + s.tolerance,
              c.episodic.episodesToNearShortest, c.episodic.runsReached, c.qlearning.episodesToNearShortest,
              c.qlearning.runsReached, c.memorySize);
        QCOMPARE(c.shortest, 14);
        // The same seeds: episode 1 is a random walk for both; afterwards episodic control re-uses the whole first
        // trajectory at once while Q-learning's values creep back one step per visit.
        QVERIFY2(c.episodic.early < 0.5 * c.qlearning.early, "episodic control is not clearly faster");
        QVERIFY(c.episodic.episodesToNearShortest < c.qlearning.episodesToNearShortest);
        // Where the advantage comes from: with no generalisation (k = 0, novel states read 0) episodic control still
        // needs less than half of Q-learning's steps, so on this maze it is the one-shot writing of whole-episode
        // returns (over 100 runs k = 0 is even a little better: 70.5 against 87.0, walls make neighbours mislead).
        EpisodicComparisonSetup noKnn = s;
        noKnn.episodic.neighbours = 0;
        const EpisodicComparison n = runEpisodicComparison(noKnn, nullptr);
        qInfo("k = 0: episodes 1-20 episodic %.1f steps", n.episodic.early);
        QVERIFY(n.episodic.early < 0.5 * n.qlearning.early);
        // Late episodes: both paths are short (ε = 0.1 adds detours); the episodic mean stays near the shortest.
        QVERIFY(c.episodic.mean.back() < 30);
        // At most 4 actions × 47 free cells can be stored.
        QVERIFY(c.memorySize > 0 && c.memorySize <= 4 * 47);
        QCOMPARE(c.valueMap.size(), std::size_t(54));
        QVERIFY(std::isnan(c.valueMap[std::size_t(1 * 9 + 2)]));  // a wall
        QCOMPARE(c.episodic.lastPath.front(), 18);                 // start (2, 0)
        QCOMPARE(c.episodic.lastPath.back(), 8);                   // goal (0, 8)
        for (std::size_t e = 0; e < c.episodic.mean.size(); ++e)
            QVERIFY(c.episodic.q25[e] <= c.episodic.mean[e] * 10 && c.episodic.q25[e] <= c.episodic.q75[e]);
    }

    void openFieldGeneralisationHelps()
    {
        // Without walls, cells near in space are near in moves: borrowing neighbours' returns brings the greedy path
        // near the shortest sooner (measured over 100 runs: 21.4 episodes with k = 5, 24.0 with k = 0; here 40 runs).
        EpisodicComparisonSetup s;
        s.maze = 1;
        s.runs = 40;
        const EpisodicComparison k5 = runEpisodicComparison(s, nullptr);
        s.episodic.neighbours = 0;
        const EpisodicComparison k0 = runEpisodicComparison(s, nullptr);
        qInfo("open field: episodes to a near-shortest greedy path %.2f (k = 5), %.2f (k = 0), Q-learning %.2f",
              k5.episodic.episodesToNearShortest, k0.episodic.episodesToNearShortest,
              k5.qlearning.episodesToNearShortest);
        QCOMPARE(k5.shortest, 2 * (kEpisodicOpenFieldSide - 1));
        QVERIFY(k5.walls.empty());
        QVERIFY(k5.episodic.episodesToNearShortest < k0.episodic.episodesToNearShortest);
        QVERIFY(k5.episodic.episodesToNearShortest < k5.qlearning.episodesToNearShortest);
        QVERIFY(k5.episodic.early < 0.5 * k5.qlearning.early);
    }

    void reproducibleWithTheSeed()
    {
        EpisodicComparisonSetup s;
        s.runs = 10;
        s.episodes = 15;
        const EpisodicComparison a = runEpisodicComparison(s, nullptr);
        const EpisodicComparison b = runEpisodicComparison(s, nullptr);
        QCOMPARE(a.episodic.mean, b.episodic.mean);
        QCOMPARE(a.qlearning.mean, b.qlearning.mean);
        QCOMPARE(a.episodic.lastPath, b.episodic.lastPath);
        s.seed = 99;
        const EpisodicComparison c = runEpisodicComparison(s, nullptr);
        QVERIFY(c.episodic.mean != a.episodic.mean);
    }

    void registryExperimentAndCancel()
    {
        ParamSet p(episodicMemorySpecs());
        p.set("runs", 10);
        p.set("episodes", 10);
        Progress progress;
        const ExperimentResult r = runEpisodicMemoryExperiment(p, progress);
        QCOMPARE(progress.fraction(), 1.0);
        QVERIFY(r.findSeries("steps_episodic") && r.findSeries("steps_q_q75"));
        QCOMPARE(r.findSeries("steps_q")->x.size(), std::size_t(10));
        QVERIFY(r.findScalar("memory_size") && r.findScalar("early_episodic"));
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(JobCancelled, runEpisodicMemoryExperiment(p, cancelled));
    }

    void rejectsBadInput()
    {
        QVERIFY(throwsNaming([] { EpisodicMemory(0, 2); }, "capacity"));
        QVERIFY(throwsNaming([] { EpisodicMemory(5, 0); }, "dimension"));
        EpisodicMemory m(5, 2);
        QVERIFY(throwsNaming([&] { m.update({1}, 1); }, "dimension"));
        QVERIFY(throwsNaming([&] { m.update({1, NAN}, 1); }, "not finite"));
        QVERIFY(throwsNaming([&] { m.update({1, 1}, INFINITY); }, "value"));
        QVERIFY(throwsNaming([&] { (void)m.estimate({1, 1}, 0); }, "neighbours"));
        const GridMaze maze = GridMaze::dynaMaze();
        QVERIFY(throwsNaming([&] { EpisodicAgent(maze, EpisodicParameters{1.5, 0.1, 5, 10}, 1); }, "gamma"));
        QVERIFY(throwsNaming([&] { EpisodicAgent(maze, EpisodicParameters{0.9, -0.1, 5, 10}, 1); }, "epsilon"));
        QVERIFY(throwsNaming([&] { EpisodicAgent(maze, EpisodicParameters{0.9, 0.1, -1, 10}, 1); }, "neighbours"));
        QVERIFY(throwsNaming([&] { EpisodicAgent(maze, EpisodicParameters{0.9, 0.1, 5, 0}, 1); }, "capacity"));
        EpisodicAgent agent(maze, EpisodicParameters{}, 1);
        QVERIFY(throwsNaming([&] { agent.selectAction(54); }, "state"));
        QVERIFY(throwsNaming([&] { agent.learnFromTransition({0, 4, 0, 1, false}); }, "action"));
        EpisodicComparisonSetup s;
        s.runs = 0;
        QVERIFY(throwsNaming([&] { runEpisodicComparison(s, nullptr); }, "runs"));
        s = {};
        s.maze = 2;
        QVERIFY(throwsNaming([&] { runEpisodicComparison(s, nullptr); }, "maze"));
        s = {};
        s.alpha = 0;
        QVERIFY(throwsNaming([&] { runEpisodicComparison(s, nullptr); }, "alpha"));
    }
};

QTEST_MAIN(TestEpisodicAgent)
#include "tst_episodicagent.moc"
