#include "engine/rl/EpisodicAgent.h"

#include "engine/core/Job.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {
std::string num(double v)
{
    return formatValue(v, 6);
}
}  // namespace

// ---- EpisodicMemory ----

EpisodicMemory::EpisodicMemory(int capacity, int dimension)
    : m_capacity(capacity)
    , m_dimension(dimension)
{
    if (capacity < 1 || capacity > 1000000)
        throw std::invalid_argument("EpisodicMemory: capacity must be in [1, 1000000], got " +
                                    std::to_string(capacity));
    if (dimension < 1 || dimension > 1000)
        throw std::invalid_argument("EpisodicMemory: dimension must be in [1, 1000], got " +
                                    std::to_string(dimension));
}

void EpisodicMemory::checkKey(const std::vector<double>& key) const
{
    if (int(key.size()) != m_dimension)
        throw std::invalid_argument("EpisodicMemory: key has " + std::to_string(key.size()) +
                                    " components, the memory's dimension is " + std::to_string(m_dimension));
    for (const double x : key)
        if (!std::isfinite(x))
            throw std::invalid_argument("EpisodicMemory: key component is not finite: " + num(x));
}

bool EpisodicMemory::update(const std::vector<double>& key, double value)
{
    checkKey(key);
    if (!std::isfinite(value))
        throw std::invalid_argument("EpisodicMemory: value is not finite: " + num(value));
    ++m_clock;
    for (Entry& e : m_entries)
        if (e.key == key) {
            e.lastUsed = m_clock;
            if (value > e.value) {
                e.value = value;
                return true;
            }
            return false;
        }
    if (int(m_entries.size()) >= m_capacity) {
        const auto lru = std::min_element(m_entries.begin(), m_entries.end(),
                                          [](const Entry& a, const Entry& b) { return a.lastUsed < b.lastUsed; });
        m_entries.erase(lru);
    }
    m_entries.push_back({key, value, m_clock});
    return true;
}

std::optional<double> EpisodicMemory::recall(const std::vector<double>& key) const
{
    checkKey(key);
    for (const Entry& e : m_entries)
        if (e.key == key)
            return e.value;
    return std::nullopt;
}

std::optional<double> EpisodicMemory::lookup(const std::vector<double>& key, int k,
                                             std::vector<std::size_t>* used) const
{
    checkKey(key);
    if (k < 1 || k > 100000)
        throw std::invalid_argument("EpisodicMemory: neighbours k must be in [1, 100000], got " + std::to_string(k));
    if (m_entries.empty())
        return std::nullopt;
    std::vector<std::pair<double, std::size_t>> d;
    d.reserve(m_entries.size());
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        double s = 0;
        for (int j = 0; j < m_dimension; ++j) {
            const double diff = m_entries[i].key[std::size_t(j)] - key[std::size_t(j)];
            s += diff * diff;
        }
        if (s == 0) {  // exact recall
            if (used)
                used->push_back(i);
            return m_entries[i].value;
        }
        d.emplace_back(s, i);
    }
    const std::size_t n = std::min<std::size_t>(std::size_t(k), d.size());
    // Ties in distance are broken by insertion order (the pair's second member), so the estimate is deterministic.
    std::partial_sort(d.begin(), d.begin() + std::ptrdiff_t(n), d.end());
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += m_entries[d[i].second].value;
        if (used)
            used->push_back(d[i].second);
    }
    return sum / double(n);
}

std::optional<double> EpisodicMemory::estimate(const std::vector<double>& key, int k, bool touch)
{
    if (!touch)
        return lookup(key, k, nullptr);
    std::vector<std::size_t> used;
    const auto value = lookup(key, k, &used);
    if (!used.empty()) {
        ++m_clock;
        for (const std::size_t i : used)
            m_entries[i].lastUsed = m_clock;
    }
    return value;
}

std::optional<double> EpisodicMemory::estimate(const std::vector<double>& key, int k) const
{
    return lookup(key, k, nullptr);
}

std::vector<std::vector<double>> EpisodicMemory::keysByRecency() const
{
    std::vector<const Entry*> order;
    for (const Entry& e : m_entries)
        order.push_back(&e);
    std::stable_sort(order.begin(), order.end(),
                     [](const Entry* a, const Entry* b) { return a->lastUsed < b->lastUsed; });
    std::vector<std::vector<double>> keys;
    for (const Entry* e : order)
        keys.push_back(e->key);
    return keys;
}

// ---- EpisodicAgent ----

void validate(const EpisodicParameters& p)
{
    if (!(p.gamma >= 0 && p.gamma <= 1))
        throw std::invalid_argument("episodic agent: gamma must be in [0, 1], got " + num(p.gamma));
    if (!(p.epsilon >= 0 && p.epsilon <= 1))
        throw std::invalid_argument("episodic agent: epsilon must be in [0, 1], got " + num(p.epsilon));
    if (p.neighbours < 0 || p.neighbours > 100)
        throw std::invalid_argument("episodic agent: neighbours must be in [0, 100], got " +
                                    std::to_string(p.neighbours));
    if (p.capacity < 1 || p.capacity > 1000000)
        throw std::invalid_argument("episodic agent: capacity must be in [1, 1000000], got " +
                                    std::to_string(p.capacity));
}

EpisodicAgent::EpisodicAgent(const GridMaze& maze, const EpisodicParameters& parameters, std::uint64_t seed)
    : m_rows(maze.rows())
    , m_cols(maze.cols())
    , m_p(parameters)
    , m_rng(seed)
{
    validate(parameters);
    for (int a = 0; a < kActionCount; ++a)
        m_memory.emplace_back(parameters.capacity, 2);
}

std::vector<double> EpisodicAgent::features(int state) const
{
    if (state < 0 || state >= stateCount())
        throw std::invalid_argument("episodic agent: state must be in [0, " + std::to_string(stateCount()) +
                                    "), got " + std::to_string(state));
    return {double(state / m_cols), double(state % m_cols)};
}

bool EpisodicAgent::remembers(int state) const
{
    const std::vector<double> key = features(state);
    for (const EpisodicMemory& m : m_memory)
        if (m.recall(key))
            return true;
    return false;
}

double EpisodicAgent::qEc(int state, int action) const
{
    if (action < 0 || action >= kActionCount)
        throw std::invalid_argument("episodic agent: action must be in [0, 4), got " + std::to_string(action));
    const std::vector<double> key = features(state);
    const EpisodicMemory& m = m_memory[std::size_t(action)];
    if (remembers(state))
        return m.recall(key).value_or(0.0);
    if (m_p.neighbours == 0)  // no generalisation: a novel state knows nothing
        return 0.0;
    return m.estimate(key, m_p.neighbours).value_or(0.0);
}

double EpisodicAgent::maxQEc(int state) const
{
    double best = -std::numeric_limits<double>::infinity();
    for (int a = 0; a < kActionCount; ++a)
        best = std::max(best, qEc(state, a));
    return best;
}

int EpisodicAgent::selectAction(int state)
{
    const std::vector<double> key = features(state);
    if (m_rng.uniform() < m_p.epsilon)
        return int(m_rng.bits() % kActionCount);
    double q[kActionCount];
    double best = -std::numeric_limits<double>::infinity();
    const bool known = remembers(state);
    for (int a = 0; a < kActionCount; ++a) {
        EpisodicMemory& m = m_memory[std::size_t(a)];
        // A remembered state reads its own returns (touching them for LRU); a novel one its neighbours'.
        if (known)
            q[a] = m.recall(key) ? *m.estimate(key, 1, true) : 0.0;
        else if (m_p.neighbours > 0)
            q[a] = m.estimate(key, m_p.neighbours, true).value_or(0.0);
        else
            q[a] = 0.0;
        best = std::max(best, q[a]);
    }
    int ties[kActionCount];
    int n = 0;
    for (int a = 0; a < kActionCount; ++a)
        if (q[a] == best)
            ties[n++] = a;
    return ties[m_rng.bits() % std::uint64_t(n)];
}

int EpisodicAgent::greedyAction(int state) const
{
    int best = 0;
    double value = qEc(state, 0);
    for (int a = 1; a < kActionCount; ++a)
        if (const double q = qEc(state, a); q > value) {
            value = q;
            best = a;
        }
    return best;
}

void EpisodicAgent::learnFromTransition(const Experience& t)
{
    features(t.state);
    features(t.next);
    if (t.action < 0 || t.action >= kActionCount)
        throw std::invalid_argument("episodic agent: action must be in [0, 4), got " + std::to_string(t.action));
    if (!std::isfinite(t.reward))
        throw std::invalid_argument("episodic agent: reward is not finite: " + num(t.reward));
    m_episode.push_back(t);
    if (t.done)
        flush();
}

void EpisodicAgent::flush()
{
    double ret = 0;
    for (auto it = m_episode.rbegin(); it != m_episode.rend(); ++it) {
        ret = it->reward + m_p.gamma * ret;
        m_memory[std::size_t(it->action)].update(features(it->state), ret);
    }
    m_episode.clear();
}

std::size_t EpisodicAgent::memorySize() const
{
    std::size_t n = 0;
    for (const EpisodicMemory& m : m_memory)
        n += m.size();
    return n;
}

// ---- the comparison ----

EpisodicComparisonSetup EpisodicComparisonSetup::fromParameters(const ParamSet& p)
{
    EpisodicComparisonSetup s;
    s.episodes = int(std::lround(p["episodes"]));
    s.runs = int(std::lround(p["runs"]));
    if (p.contains("seed"))  // panels strip it: their own seed replaces it
        s.seed = std::uint64_t(std::llround(p["seed"]));
    s.alpha = p["alpha"];
    s.tolerance = int(std::lround(p["tolerance"]));
    s.maze = int(std::lround(p["maze"]));
    s.episodic.gamma = p["gamma"];
    s.episodic.epsilon = p["epsilon"];
    s.episodic.neighbours = int(std::lround(p["neighbours"]));
    s.episodic.capacity = int(std::lround(p["capacity"]));
    return s;
}

namespace {

void checkSetup(const EpisodicComparisonSetup& s)
{
    if (s.episodes < 2 || s.episodes > 10000)
        throw std::invalid_argument("episodic-memory: episodes must be in [2, 10000], got " +
                                    std::to_string(s.episodes));
    if (s.runs < 1 || s.runs > 1000)
        throw std::invalid_argument("episodic-memory: runs must be in [1, 1000], got " + std::to_string(s.runs));
    if (s.tolerance < 0 || s.tolerance > 1000)
        throw std::invalid_argument("episodic-memory: tolerance must be in [0, 1000], got " +
                                    std::to_string(s.tolerance));
    if (s.earlyEpisodes < 1)
        throw std::invalid_argument("episodic-memory: earlyEpisodes must be >= 1, got " +
                                    std::to_string(s.earlyEpisodes));
    if (s.maxStepsPerEpisode < 1)
        throw std::invalid_argument("episodic-memory: maxStepsPerEpisode must be >= 1, got " +
                                    std::to_string(s.maxStepsPerEpisode));
    if (s.maze < 0 || s.maze > 1)
        throw std::invalid_argument("episodic-memory: maze must be 0 (Dyna maze) or 1 (open field), got " +
                                    std::to_string(s.maze));
    validate(s.episodic);
    validate(TabularParameters{s.alpha, s.episodic.gamma, s.episodic.epsilon});
}

double quantile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const auto lo = std::size_t(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

// Trains one agent for setup.episodes episodes; returns steps per episode, and the first episode (1-based) after
// which the greedy path is within tolerance of the shortest (0 if never). `path` receives the last episode's states.
std::vector<int> train(const GridMaze& maze, Agent& agent, const EpisodicComparisonSetup& s, int shortest,
                       int& reachedAt, std::vector<int>* path)
{
    std::vector<int> steps;
    reachedAt = 0;
    for (int e = 0; e < s.episodes; ++e) {
        const bool last = e + 1 == s.episodes;
        if (last && path) {
            path->assign(1, maze.startState());
            steps.push_back(runEpisode(maze, agent, s.maxStepsPerEpisode,
                                       [path](const Experience& t) { path->push_back(t.next); }));
        } else {
            steps.push_back(runEpisode(maze, agent, s.maxStepsPerEpisode));
        }
        if (reachedAt == 0) {
            const int g = greedyPathLength(maze, agent);
            if (g >= 0 && g <= shortest + s.tolerance)
                reachedAt = e + 1;
        }
    }
    return steps;
}

void summarise(AgentCurves& c, const std::vector<std::vector<int>>& steps, const std::vector<int>& reached,
               const EpisodicComparisonSetup& s)
{
    const auto runs = steps.size();
    const auto episodes = std::size_t(s.episodes);
    const std::size_t early = std::min(episodes, std::size_t(s.earlyEpisodes));
    c.mean.assign(episodes, 0);
    c.q25.assign(episodes, 0);
    c.q75.assign(episodes, 0);
    for (std::size_t e = 0; e < episodes; ++e) {
        std::vector<double> column;
        for (std::size_t r = 0; r < runs; ++r)
            column.push_back(steps[r][e]);
        c.mean[e] = std::accumulate(column.begin(), column.end(), 0.0) / double(runs);
        c.q25[e] = quantile(column, 0.25);
        c.q75[e] = quantile(column, 0.75);
    }
    std::vector<double> perRun;
    for (std::size_t r = 0; r < runs; ++r)
        perRun.push_back(std::accumulate(steps[r].begin(), steps[r].begin() + std::ptrdiff_t(early), 0.0) /
                         double(early));
    c.early = std::accumulate(perRun.begin(), perRun.end(), 0.0) / double(runs);
    double ss = 0;
    for (const double v : perRun)
        ss += (v - c.early) * (v - c.early);
    c.earlySd = runs > 1 ? std::sqrt(ss / double(runs - 1)) : 0.0;
    double sum = 0;
    c.runsReached = 0;
    for (const int at : reached) {
        sum += at > 0 ? at : s.episodes + 1;
        c.runsReached += at > 0 ? 1 : 0;
    }
    c.episodesToNearShortest = sum / double(runs);
}

}  // namespace

EpisodicComparison runEpisodicComparison(const EpisodicComparisonSetup& s, Progress* progress)
{
    checkSetup(s);
    const GridMaze maze = s.maze == 0 ? GridMaze::dynaMaze() : GridMaze::openField(kEpisodicOpenFieldSide);
    EpisodicComparison out;
    out.setup = s;
    out.shortest = maze.shortestPathLength();
    out.rows = maze.rows();
    out.cols = maze.cols();
    out.start = maze.startState();
    out.goal = maze.goalState();
    for (const Cell& c : maze.walls())
        out.walls.push_back(maze.state(c));
    if (progress)
        progress->setStage("training the episodic and the Q-learning agents");
    std::vector<std::vector<int>> stepsEc, stepsQ;
    std::vector<int> reachedEc, reachedQ;
    double memory = 0;
    const TabularParameters tp{s.alpha, s.episodic.gamma, s.episodic.epsilon};
    for (int r = 0; r < s.runs; ++r) {
        if (progress)
            progress->throwIfCancelled();
        const std::uint64_t seed = s.seed + std::uint64_t(r);
        EpisodicAgent ec(maze, s.episodic, seed);
        QLearningAgent q(maze.stateCount(), kActionCount, tp, seed);
        int atEc = 0, atQ = 0;
        stepsEc.push_back(train(maze, ec, s, out.shortest, atEc, r == 0 ? &out.episodic.lastPath : nullptr));
        stepsQ.push_back(train(maze, q, s, out.shortest, atQ, r == 0 ? &out.qlearning.lastPath : nullptr));
        reachedEc.push_back(atEc);
        reachedQ.push_back(atQ);
        memory += double(ec.memorySize()) / double(s.runs);
        if (r == 0) {
            const double nan = std::numeric_limits<double>::quiet_NaN();
            for (int st = 0; st < maze.stateCount(); ++st) {
                const bool wall = maze.isWallState(st);
                out.valueMap.push_back(wall ? nan : ec.maxQEc(st));
                out.qValueMap.push_back(wall ? nan : q.maxQ(st));
            }
        }
        if (progress)
            progress->setFraction(double(r + 1) / double(s.runs));
    }
    summarise(out.episodic, stepsEc, reachedEc, s);
    summarise(out.qlearning, stepsQ, reachedQ, s);
    out.memorySize = memory;
    return out;
}

std::vector<ParamSpec> episodicMemorySpecs()
{
    return {
        choiceSpec("maze", "Maze", {"Dyna maze", "open field"}, 0,
                   "Sutton & Barto's 6 x 9 Dyna maze (shortest path 14), or an open 12 x 12 field without walls "
                   "(shortest path 22)."),
        ParamSpec{"episodes", "Episodes per run", "", 5, 500, 50, Scale::Linear,
                  "How many episodes each agent is trained for.", 0}
            .asInteger(),
        ParamSpec{"runs", "Independent runs (seeds)", "", 10, 100, 20, Scale::Linear,
                  "Runs averaged per curve; run r uses seed + r for both agents.", 0}
            .asInteger(),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear, "Seed of the first run.", 0}.asInteger(),
        ParamSpec{"neighbours", "Neighbours k", "", 0, 50, 5, Scale::Linear,
                  "How many nearest stored states (by grid position) are averaged for a state not in memory "
                  "(0: no generalisation, a novel state reads 0).", 0}
            .asInteger(),
        ParamSpec{"capacity", "Memory capacity", "entries", 1, 10000, 1000, Scale::Log,
                  "Entries per action's memory; when full, the least recently used entry is forgotten.", 0}
            .asInteger(),
        {"gamma", "Discount γ", "", 0.5, 1, 0.95, Scale::Linear, "Discount per move (both agents).", 2},
        {"epsilon", "Exploration ε", "", 0, 1, 0.1, Scale::Linear,
         "Probability of a uniformly random move (both agents).", 2},
        {"alpha", "Q-learning step size α", "", 0.01, 1, 0.1, Scale::Log,
         "Step size of the comparison agent (the episodic agent has none: it keeps the best return).", 2},
        ParamSpec{"tolerance", "Near-shortest tolerance", "moves", 0, 20, 2, Scale::Linear,
                  "A greedy path at most this many moves longer than the shortest counts as learned.", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> episodicMemoryOutputs()
{
    using K = OutputInfo::Kind;
    std::vector<OutputInfo> out;
    for (const std::string agent : {"episodic", "q"}) {
        const std::string who = agent == "episodic" ? "episodic control" : "Q-learning";
        out.push_back({K::Series, "steps_" + agent, "Steps per episode, " + who + ", mean over runs", "", ""});
        out.push_back({K::Series, "steps_" + agent + "_q25", "Steps per episode, " + who + ", 25th percentile", "",
                       ""});
        out.push_back({K::Series, "steps_" + agent + "_q75", "Steps per episode, " + who + ", 75th percentile", "",
                       ""});
    }
    for (const std::string agent : {"episodic", "q"}) {
        const std::string who = agent == "episodic" ? "episodic control" : "Q-learning";
        out.push_back({K::Scalar, "early_" + agent, "Mean steps per episode over episodes 1-20, " + who, "", ""});
        out.push_back({K::Scalar, "early_sd_" + agent, "SD across runs of the episodes 1-20 mean, " + who, "", ""});
        out.push_back({K::Scalar, "episodes_to_near_shortest_" + agent,
                       "Mean episodes until the greedy path is within the tolerance of the shortest, " + who, "",
                       ""});
    }
    out.push_back({K::Scalar, "memory_size", "Episodic memory entries at the end (all actions, mean over runs)", "",
                   ""});
    out.push_back({K::Scalar, "shortest_path", "Shortest start-to-goal path (BFS)", "", ""});
    return out;
}

ExperimentResult runEpisodicMemoryExperiment(const ParamSet& p, Progress& progress)
{
    const EpisodicComparison c = runEpisodicComparison(EpisodicComparisonSetup::fromParameters(p), &progress);
    ExperimentResult result;
    std::vector<double> x;
    for (int e = 0; e < c.setup.episodes; ++e)
        x.push_back(e + 1);
    const auto add = [&](const std::string& name, const std::string& label, const std::vector<double>& y) {
        result.series.push_back({name, label, "episode", "", "steps per episode", "", x, y});
    };
    add("steps_episodic", "episodic control, mean", c.episodic.mean);
    add("steps_episodic_q25", "episodic control, 25th percentile", c.episodic.q25);
    add("steps_episodic_q75", "episodic control, 75th percentile", c.episodic.q75);
    add("steps_q", "Q-learning, mean", c.qlearning.mean);
    add("steps_q_q25", "Q-learning, 25th percentile", c.qlearning.q25);
    add("steps_q_q75", "Q-learning, 75th percentile", c.qlearning.q75);
    for (const auto* agent : {&c.episodic, &c.qlearning}) {
        const std::string a = agent == &c.episodic ? "episodic" : "q";
        result.scalars.push_back({"early_" + a, "mean steps, episodes 1-20, " + a, "", agent->early});
        result.scalars.push_back({"early_sd_" + a, "SD across runs, episodes 1-20, " + a, "", agent->earlySd});
        result.scalars.push_back({"episodes_to_near_shortest_" + a, "episodes to a near-shortest greedy path, " + a,
                                  "", agent->episodesToNearShortest});
    }
    result.scalars.push_back({"memory_size", "episodic memory entries", "", c.memorySize});
    result.scalars.push_back({"shortest_path", "shortest path", "", double(c.shortest)});
    result.notes = {"Over episodes 1-" + std::to_string(std::min(c.setup.episodes, c.setup.earlyEpisodes)) +
                    " the episodic agent takes " + formatValue(c.episodic.early, 1) +
                    " steps per episode on average, Q-learning " + formatValue(c.qlearning.early, 1) + " (" +
                    std::to_string(c.setup.runs) + " runs); the shortest path is " + std::to_string(c.shortest) +
                    " steps."};
    return result;
}

}  // namespace neuroai::rl
