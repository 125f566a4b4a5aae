#pragma once

#include "engine/core/Random.h"
#include "engine/rl/GridMaze.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace neuroai::rl {

// Tabular learners for the replay chapter (issue 11): one-step Q-learning and Dyna-Q (Sutton & Barto 2018, §6.5 and
// §8.2). The shared Agent interface is what the replay comparison builds on: an agent chooses actions and learns from
// one experienced transition at a time; where, when and how often it replays is its own business.

// One step of experience (Experience; the replay buffer's stored form is ReplayBuffer.h's Transition): in `state`, taking `action` gave `reward` and led to `next`; `done` when `next` is terminal
// (then the target has no bootstrap term).
struct Experience {
    int state = 0;
    int action = 0;
    double reward = 0;
    int next = 0;
    bool done = false;
    bool operator==(const Experience&) const = default;
};

// α: step size in (0, 1]; γ: discount in [0, 1]; ε: exploration probability in [0, 1]. The defaults are the book's
// values for the Dyna maze (Example 8.1).
struct TabularParameters {
    double alpha = 0.1;
    double gamma = 0.95;
    double epsilon = 0.1;
};
// Throws std::invalid_argument naming the parameter and its value (NaN fails every range).
void validate(const TabularParameters& p);

class Agent {
public:
    virtual ~Agent() = default;
    virtual int stateCount() const = 0;
    virtual int actionCount() const = 0;
    // The behaviour policy's choice in `state` (may explore; advances the agent's random stream).
    virtual int selectAction(int state) = 0;
    // The greedy action without exploration or randomness: the lowest-index maximiser, so that evaluation is
    // reproducible. Used to read off the learned path.
    virtual int greedyAction(int state) const = 0;
    // Learns from one real transition (and, for planning agents, whatever that triggers).
    virtual void learnFromTransition(const Experience& t) = 0;
    // Called by the training loop at the start of every episode.
    virtual void beginEpisode() {}
};

// One-step Q-learning with an ε-greedy behaviour policy:
//   Q(s, a) ← Q(s, a) + α [r + γ max_a' Q(s', a') − Q(s, a)],   with the max term dropped when s' is terminal.
// Q starts at 0. Greedy choices break ties uniformly at random (with all-zero values early on, a fixed tie-break would
// send the agent into the same wall forever).
class QLearningAgent : public Agent {
public:
    // Throws std::invalid_argument for stateCount or actionCount outside [1, 10^7] or bad parameters.
    QLearningAgent(int stateCount, int actionCount, const TabularParameters& parameters, std::uint64_t seed);

    int stateCount() const override { return m_states; }
    int actionCount() const override { return m_actions; }
    int selectAction(int state) override;
    int greedyAction(int state) const override;
    void learnFromTransition(const Experience& t) override { tdUpdate(t); }

    // Applies the Q-learning update for `t` and returns the TD error δ before the update.
    double tdUpdate(const Experience& t);

    double q(int state, int action) const;
    double maxQ(int state) const;
    const std::vector<double>& values() const { return m_q; }  // row-major [state][action]
    const TabularParameters& parameters() const { return m_p; }

protected:
    void checkTransition(const Experience& t) const;

    int m_states, m_actions;
    TabularParameters m_p;
    std::vector<double> m_q;
    Random m_actionRng;
};

// Dyna-Q (Sutton & Barto, §8.2, "Tabular Dyna-Q"): after every real step, a direct Q-learning update, then the
// deterministic model records Model(s, a) ← (r, s', done), then n planning updates, each on a previously observed
// state chosen uniformly at random and an action chosen uniformly among those already taken there, with (r, s') read
// from the model. n = 0 is plain Q-learning. Planning draws from its own random stream, so the action choices of the
// first episode (all values are 0 until the goal is first reached) are identical for every n with the same seed.
class DynaQAgent : public QLearningAgent {
public:
    // Throws std::invalid_argument for planningSteps outside [0, 10^6] (or as QLearningAgent).
    DynaQAgent(int stateCount, int actionCount, const TabularParameters& parameters, int planningSteps,
               std::uint64_t seed);

    void learnFromTransition(const Experience& t) override;

    int planningSteps() const { return m_n; }
    // Called after each planning update with the replayed transition and its TD error, in the order replayed. The GUI
    // uses it to highlight what planning rehearsed on the maze; the replay comparison to count updates.
    using PlanningObserver = std::function<void(const Experience&, double tdError)>;
    void setPlanningObserver(PlanningObserver observer) { m_observer = std::move(observer); }

    // The model: whether (state, action) has been experienced, and what it led to (throws std::invalid_argument if it
    // has not).
    bool inModel(int state, int action) const;
    const Experience& modelTransition(int state, int action) const;
    std::size_t modelSize() const { return m_modelSize; }
    const std::vector<int>& observedStates() const { return m_observedStates; }  // in order of first visit

    // The planning loop alone (n updates from the model; nothing if the model is empty). learnFromTransition calls it.
    void plan(int n);

private:
    int m_n;
    std::vector<Experience> m_model;          // [state][action]
    std::vector<unsigned char> m_known;       // [state][action]
    std::vector<std::vector<int>> m_takenActions;  // per state, actions already taken there
    std::vector<int> m_observedStates;
    std::size_t m_modelSize = 0;
    Random m_planRng;
    PlanningObserver m_observer;
};

// Runs one episode from the maze's start until the goal or maxSteps moves, letting the agent act and learn; returns
// the number of moves. `onStep` (optional) sees every real transition. Throws std::invalid_argument when the agent's
// table does not match the maze or maxSteps < 1.
int runEpisode(const GridMaze& maze, Agent& agent, int maxSteps,
               const std::function<void(const Experience&)>& onStep = {});
// `episodes` episodes in a row; returns the moves taken in each (an episode stopped at maxSteps counts maxSteps).
std::vector<int> trainEpisodes(const GridMaze& maze, Agent& agent, int episodes, int maxStepsPerEpisode = 100000);
// Follows the agent's greedy action from the start; returns the moves to the goal, or −1 if the greedy path
// revisits a state (a loop, or a move into a wall) before reaching it.
int greedyPathLength(const GridMaze& maze, const Agent& agent);

}  // namespace neuroai::rl
