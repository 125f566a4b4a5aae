#include "engine/rl/TabularAgents.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {

constexpr int kMaxTableSide = 10'000'000;

// Uniform integer in [0, n), n >= 1, from the 53-bit uniform deviate (bias below 2^-30 for any n used here).
int uniformIndex(Random& rng, std::size_t n)
{
    const auto i = std::size_t(rng.uniform() * double(n));
    return int(i < n ? i : n - 1);
}

std::string num(double v)
{
    return std::to_string(v);
}

// Planning's random stream: a SplitMix64 scramble of the seed, so it never coincides with the action stream.
std::uint64_t planningSeed(std::uint64_t seed)
{
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

void validate(const TabularParameters& p)
{
    if (!(p.alpha > 0 && p.alpha <= 1))
        throw std::invalid_argument("alpha must be in (0, 1] (got " + num(p.alpha) + ")");
    if (!(p.gamma >= 0 && p.gamma <= 1))
        throw std::invalid_argument("gamma must be in [0, 1] (got " + num(p.gamma) + ")");
    if (!(p.epsilon >= 0 && p.epsilon <= 1))
        throw std::invalid_argument("epsilon must be in [0, 1] (got " + num(p.epsilon) + ")");
}

// ---- Q-learning -----------------------------------------------------------------------------------------------------

QLearningAgent::QLearningAgent(int stateCount, int actionCount, const TabularParameters& parameters,
                               std::uint64_t seed)
    : m_states(stateCount), m_actions(actionCount), m_p(parameters), m_actionRng(seed)
{
    if (stateCount < 1 || stateCount > kMaxTableSide)
        throw std::invalid_argument("stateCount must be in [1, 10^7] (got " + std::to_string(stateCount) + ")");
    if (actionCount < 1 || actionCount > kMaxTableSide)
        throw std::invalid_argument("actionCount must be in [1, 10^7] (got " + std::to_string(actionCount) + ")");
    if (std::size_t(stateCount) * std::size_t(actionCount) > std::size_t(kMaxTableSide))
        throw std::invalid_argument("stateCount x actionCount must be at most 10^7 (got " +
                                    std::to_string(std::size_t(stateCount) * std::size_t(actionCount)) + ")");
    validate(parameters);
    m_q.assign(std::size_t(stateCount) * std::size_t(actionCount), 0.0);
}

void QLearningAgent::checkTransition(const Experience& t) const
{
    if (t.state < 0 || t.state >= m_states)
        throw std::invalid_argument("transition state " + std::to_string(t.state) + " is outside [0, " +
                                    std::to_string(m_states) + ")");
    if (t.next < 0 || t.next >= m_states)
        throw std::invalid_argument("transition next state " + std::to_string(t.next) + " is outside [0, " +
                                    std::to_string(m_states) + ")");
    if (t.action < 0 || t.action >= m_actions)
        throw std::invalid_argument("transition action " + std::to_string(t.action) + " is outside [0, " +
                                    std::to_string(m_actions) + ")");
    if (!std::isfinite(t.reward))
        throw std::invalid_argument("transition reward must be finite (got " + num(t.reward) + ")");
}

double QLearningAgent::q(int state, int action) const
{
    if (state < 0 || state >= m_states || action < 0 || action >= m_actions)
        throw std::invalid_argument("q(" + std::to_string(state) + ", " + std::to_string(action) +
                                    ") is outside the table");
    return m_q[std::size_t(state) * std::size_t(m_actions) + std::size_t(action)];
}

double QLearningAgent::maxQ(int state) const
{
    if (state < 0 || state >= m_states)
        throw std::invalid_argument("maxQ: state " + std::to_string(state) + " is outside [0, " +
                                    std::to_string(m_states) + ")");
    const double* row = &m_q[std::size_t(state) * std::size_t(m_actions)];
    double best = row[0];
    for (int a = 1; a < m_actions; ++a)
        best = std::max(best, row[a]);
    return best;
}

int QLearningAgent::selectAction(int state)
{
    if (state < 0 || state >= m_states)
        throw std::invalid_argument("selectAction: state " + std::to_string(state) + " is outside [0, " +
                                    std::to_string(m_states) + ")");
    // The exploration draw is always taken, so the random stream advances the same way whatever ε is.
    const double u = m_actionRng.uniform();
    if (u < m_p.epsilon)
        return uniformIndex(m_actionRng, std::size_t(m_actions));
    const double* row = &m_q[std::size_t(state) * std::size_t(m_actions)];
    const double best = maxQ(state);
    int ties = 0;
    for (int a = 0; a < m_actions; ++a)
        ties += row[a] == best ? 1 : 0;
    int pick = uniformIndex(m_actionRng, std::size_t(ties));
    for (int a = 0; a < m_actions; ++a)
        if (row[a] == best && pick-- == 0)
            return a;
    return 0;  // not reached: `ties` >= 1 maximisers exist
}

int QLearningAgent::greedyAction(int state) const
{
    if (state < 0 || state >= m_states)
        throw std::invalid_argument("greedyAction: state " + std::to_string(state) + " is outside [0, " +
                                    std::to_string(m_states) + ")");
    const double* row = &m_q[std::size_t(state) * std::size_t(m_actions)];
    int best = 0;
    for (int a = 1; a < m_actions; ++a)
        if (row[a] > row[best])
            best = a;
    return best;
}

double QLearningAgent::tdUpdate(const Experience& t)
{
    checkTransition(t);
    double& value = m_q[std::size_t(t.state) * std::size_t(m_actions) + std::size_t(t.action)];
    const double target = t.done ? t.reward : t.reward + m_p.gamma * maxQ(t.next);
    const double delta = target - value;
    value += m_p.alpha * delta;
    return delta;
}

// ---- Dyna-Q ---------------------------------------------------------------------------------------------------------

DynaQAgent::DynaQAgent(int stateCount, int actionCount, const TabularParameters& parameters, int planningSteps,
                       std::uint64_t seed)
    : QLearningAgent(stateCount, actionCount, parameters, seed), m_n(planningSteps), m_planRng(planningSeed(seed))
{
    if (planningSteps < 0 || planningSteps > 1'000'000)
        throw std::invalid_argument("planning steps n must be in [0, 10^6] (got " + std::to_string(planningSteps) +
                                    ")");
    m_model.resize(m_q.size());
    m_known.assign(m_q.size(), 0);
    m_takenActions.resize(std::size_t(stateCount));
}

void DynaQAgent::learnFromTransition(const Experience& t)
{
    tdUpdate(t);  // (d) direct reinforcement learning; validates t
    // (e) model learning: the world is deterministic, so the last outcome of (s, a) is its outcome.
    const std::size_t k = std::size_t(t.state) * std::size_t(m_actions) + std::size_t(t.action);
    if (m_known[k] == 0) {
        m_known[k] = 1;
        ++m_modelSize;
        auto& taken = m_takenActions[std::size_t(t.state)];
        if (taken.empty())
            m_observedStates.push_back(t.state);
        taken.push_back(t.action);
    }
    m_model[k] = t;
    plan(m_n);  // (f) planning
}

void DynaQAgent::plan(int n)
{
    if (n < 0)
        throw std::invalid_argument("plan: n must be >= 0 (got " + std::to_string(n) + ")");
    if (m_observedStates.empty())
        return;
    for (int i = 0; i < n; ++i) {
        const int s = m_observedStates[std::size_t(uniformIndex(m_planRng, m_observedStates.size()))];
        const auto& taken = m_takenActions[std::size_t(s)];
        const int a = taken[std::size_t(uniformIndex(m_planRng, taken.size()))];
        const Experience& simulated = m_model[std::size_t(s) * std::size_t(m_actions) + std::size_t(a)];
        const double delta = tdUpdate(simulated);
        if (m_observer)
            m_observer(simulated, delta);
    }
}

bool DynaQAgent::inModel(int state, int action) const
{
    if (state < 0 || state >= m_states || action < 0 || action >= m_actions)
        return false;
    return m_known[std::size_t(state) * std::size_t(m_actions) + std::size_t(action)] != 0;
}

const Experience& DynaQAgent::modelTransition(int state, int action) const
{
    if (!inModel(state, action))
        throw std::invalid_argument("modelTransition: (" + std::to_string(state) + ", " + std::to_string(action) +
                                    ") has not been experienced");
    return m_model[std::size_t(state) * std::size_t(m_actions) + std::size_t(action)];
}

// ---- Training loop --------------------------------------------------------------------------------------------------

namespace {

void checkAgentFits(const GridMaze& maze, const Agent& agent)
{
    if (agent.stateCount() != maze.stateCount() || agent.actionCount() != maze.actionCount())
        throw std::invalid_argument("agent table is " + std::to_string(agent.stateCount()) + " states x " +
                                    std::to_string(agent.actionCount()) + " actions; the maze has " +
                                    std::to_string(maze.stateCount()) + " x " + std::to_string(maze.actionCount()));
}

}  // namespace

int runEpisode(const GridMaze& maze, Agent& agent, int maxSteps, const std::function<void(const Experience&)>& onStep)
{
    checkAgentFits(maze, agent);
    if (maxSteps < 1)
        throw std::invalid_argument("maxSteps must be >= 1 (got " + std::to_string(maxSteps) + ")");
    agent.beginEpisode();
    int s = maze.startState();
    int steps = 0;
    while (steps < maxSteps) {
        const int a = agent.selectAction(s);
        const StepResult r = maze.step(s, a);
        const Experience t{s, a, r.reward, r.next, r.done};
        agent.learnFromTransition(t);
        if (onStep)
            onStep(t);
        ++steps;
        if (r.done)
            break;
        s = r.next;
    }
    return steps;
}

std::vector<int> trainEpisodes(const GridMaze& maze, Agent& agent, int episodes, int maxStepsPerEpisode)
{
    if (episodes < 0)
        throw std::invalid_argument("episodes must be >= 0 (got " + std::to_string(episodes) + ")");
    std::vector<int> steps;
    steps.reserve(std::size_t(episodes));
    for (int e = 0; e < episodes; ++e)
        steps.push_back(runEpisode(maze, agent, maxStepsPerEpisode));
    return steps;
}

int greedyPathLength(const GridMaze& maze, const Agent& agent)
{
    checkAgentFits(maze, agent);
    std::vector<unsigned char> visited(std::size_t(maze.stateCount()), 0);
    int s = maze.startState();
    for (int steps = 0;; ++steps) {
        if (s == maze.goalState())
            return steps;
        if (visited[std::size_t(s)] != 0)
            return -1;
        visited[std::size_t(s)] = 1;
        s = maze.step(s, agent.greedyAction(s)).next;
    }
}

}  // namespace neuroai::rl
