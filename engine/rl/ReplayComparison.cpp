#include "engine/rl/ReplayComparison.h"

#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/rl/QNetwork.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {

// Blind Cliffwalk (Schaul et al. 2016, Figure 1): a track of cells, two actions; in each cell one of them (Right in
// even cells, Left in odd ones — the agent cannot tell) moves one cell on, the other falls off the cliff: back to the
// start, episode over, reward 0.
bool cliffCorrect(int state, int action) { return (state % 2 == 0) ? action == int(Action::Right) : action == int(Action::Left); }

StepResult envStep(const GridMaze& maze, ReplayMaze kind, int s, int a)
{
    if (kind != ReplayMaze::Cliffwalk)
        return maze.step(s, a);
    if (s == maze.goalState())  // terminal: never left (the index of moves asks anyway)
        return {s, 0.0, true};
    if (!cliffCorrect(s, a))
        return {maze.startState(), 0.0, true};
    const int next = s + 1;
    return {next, next == maze.goalState() ? 1.0 : 0.0, next == maze.goalState()};
}

int greedyAction(const double* row, ReplayMaze kind)
{
    if (kind == ReplayMaze::Cliffwalk)  // Right and Left only, a tie goes to Right
        return row[int(Action::Left)] > row[int(Action::Right)] ? int(Action::Left) : int(Action::Right);
    int best = 0;
    for (int a = 1; a < kActionCount; ++a)
        if (row[a] > row[best])
            best = a;
    return best;
}

// SplitMix64: independent streams from neighbouring seeds.
std::uint64_t mix(std::uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

[[noreturn]] void bad(const std::string& what, double value, const std::string& range)
{
    throw std::invalid_argument("replay-comparison: " + what + " = " + formatValue(value, 6) + " is outside " +
                                range);
}

// Greedy path from the start: moves until the goal, or the cap (stateCount) when it is not reached (a loop or a
// wall it keeps pushing against).
int greedyPath(const GridMaze& maze, ReplayMaze kind, const std::vector<double>& q)
{
    const int cap = maze.stateCount();
    int s = maze.startState();
    for (int steps = 0; steps < cap; ++steps) {
        if (s == maze.goalState())
            return steps;
        const StepResult r = envStep(maze, kind, s, greedyAction(&q[std::size_t(s) * kActionCount], kind));
        if (r.done && r.reward <= 0)
            return cap;  // fell off the cliff
        s = r.next;
    }
    return cap;  // not reached (a path of cap moves would have to revisit a state, i.e. loop)
}

double mean(const std::vector<double>& v)
{
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double sd(const std::vector<double>& v)
{
    if (v.size() < 2)
        return 0;
    const double m = mean(v);
    double s = 0;
    for (const double x : v)
        s += (x - m) * (x - m);
    return std::sqrt(s / double(v.size() - 1));
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The metric after an update: the greedy path joins the learning curve at a checkpoint, and its first arrival at the
// goal (a path shorter than the cap of `states` moves) sets the updates to goal.
void record(SingleRun& run, int path, bool checkpoint, long updates, int states)
{
    if (checkpoint)
        run.pathLength.push_back(path);
    if (!run.reached && path < states) {
        run.reached = true;
        run.updatesToGoal = updates;
    }
}

// One move of the random behaviour policy (uniform over the moves; Right or Left on Blind Cliffwalk).
Transition explore(const GridMaze& maze, ReplayMaze kind, int s, Random& behaviour)
{
    int a = int(behaviour.bits() % kActionCount);
    if (kind == ReplayMaze::Cliffwalk)
        a = (a % 2 == 0) ? int(Action::Right) : int(Action::Left);
    const StepResult step = envStep(maze, kind, s, a);
    return Transition{s, a, step.reward, step.next, step.done, {}, {}};
}

// Publishes the proportional sampler's leaves while it trains (ReplayComparisonSetup::publishTree), at most every
// 40 ms of wall time; the slots drawn in between go with the next picture.
class TreePublisher {
public:
    TreePublisher(const ReplayComparisonSetup& setup, ReplaySampler sampler, Progress* progress, int seedIndex)
        : m_setup(setup), m_progress(setup.publishTree && sampler == ReplaySampler::Proportional ? progress : nullptr),
          m_seedIndex(seedIndex)
    {
    }

    void drawn(std::span<const std::size_t> slots)
    {
        if (!m_progress)
            return;
        if (m_sampled.size() + slots.size() > kKept)  // keep the latest
            m_sampled.erase(m_sampled.begin(), m_sampled.begin() + long(std::min(m_sampled.size(), slots.size())));
        for (const std::size_t slot : slots)
            m_sampled.push_back(std::uint32_t(slot));
    }

    void maybePublish(const ReplayBuffer& buffer, long updates)
    {
        if (!m_progress)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(40))
            return;
        m_last = now;
        auto picture = std::make_shared<ReplayTreeLive>();
        picture->learner = m_setup.learner;
        picture->seedIndex = m_seedIndex;
        picture->seeds = m_setup.seeds;
        picture->updates = updates;
        picture->maxUpdates = m_setup.maxUpdates;
        picture->leaves.resize(buffer.size());
        for (std::size_t i = 0; i < buffer.size(); ++i)
            picture->leaves[i] = buffer.tree().get(i);
        picture->sampled = std::move(m_sampled);
        m_sampled.clear();
        m_progress->publish(std::move(picture));
    }

private:
    static constexpr std::size_t kKept = 4096;
    const ReplayComparisonSetup& m_setup;
    Progress* m_progress;
    int m_seedIndex;
    std::vector<std::uint32_t> m_sampled;
    std::chrono::steady_clock::time_point m_last{};
};

// What the panel draws of a finished run, and the sampler check: fresh draws from the final buffer against P(i).
void fillSnapshot(ReplayBuffer& buffer, ReplaySampler sampler, std::vector<std::uint64_t> replays, Random& draws,
                  SamplerSnapshot& out)
{
    out.sampler = sampler;
    out.replays = std::move(replays);
    const std::size_t n = buffer.size();
    out.leaves.assign(n, 1.0);
    if (sampler == ReplaySampler::Proportional)
        for (std::size_t i = 0; i < n; ++i)
            out.leaves[i] = buffer.tree().get(i);
    else if (sampler == ReplaySampler::Rank)
        for (std::size_t i = 0; i < n; ++i)
            out.leaves[i] = n * buffer.probability(i);
    out.sampleCounts.assign(buffer.sampleCounts().begin(), buffer.sampleCounts().begin() + long(n));
    // The sampler check: fresh draws (nothing learns, nothing changes priority) against P(i).
    out.probability.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        out.probability[i] = buffer.probability(i);
    buffer.resetSampleCounts();
    const std::size_t draw = std::min<std::size_t>(256, n);
    const long calls = std::max<long>(1, long(20 * n / draw));
    for (long c = 0; c < calls; ++c)
        buffer.sample(draw, draws);
    out.checkDraws = calls * long(draw);
    out.observed.resize(n);
    const auto counts = buffer.sampleCounts();
    for (std::size_t i = 0; i < n; ++i)
        out.observed[i] = double(counts[i]) / double(out.checkDraws);
    // χ²: slots in order of P, grouped until each group expects >= 5 draws.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return out.probability[x] < out.probability[y]; });
    double expected = 0, observed = 0, chi = 0;
    int bins = 0;
    for (std::size_t k = 0; k < n; ++k) {
        expected += out.probability[order[k]] * double(out.checkDraws);
        observed += double(counts[order[k]]);
        if (expected >= 5 || k + 1 == n) {
            if (expected > 0) {
                chi += (observed - expected) * (observed - expected) / expected;
                ++bins;
            }
            expected = observed = 0;
        }
    }
    out.chiSquare = chi;
    out.chiBins = bins;
}

// The Q-network learner (ReplayLearner::Network): the same explorer, buffer and metric as the table, one optimiser
// step per replay update. The proportional sampler's priorities are stale (see the header).
SingleRun runNetworkLearner(const ReplayComparisonSetup& setup, const GridMaze& maze, ReplayBuffer& buffer,
                            ReplaySampler sampler, std::uint64_t seed, Random& behaviour, Random& draws,
                            SamplerSnapshot* snapshot, Progress* progress, int seedIndex)
{
    TreePublisher publisher(setup, sampler, progress, seedIndex);
    const int states = maze.stateCount();
    QNetworkParameters parameters;
    parameters.hidden = setup.hidden;
    parameters.gamma = setup.gamma;
    parameters.epsilon = 0;  // the agent never chooses a move: the explorer does
    parameters.targetUpdatePeriod = setup.targetPeriod;
    parameters.encoding = StateEncoding::OneHot;
    parameters.optimizer.kind = OptimizerSettings::Kind::Adam;
    parameters.optimizer.learningRate = setup.learningRate;
    // The initial weights depend on the seed only, so every sampler starts from the same network.
    QNetworkAgent agent(maze, parameters, mix(seed ^ 0x51EDC0DEULL));
    // Every state's encoding as one matrix (columns), for the greedy-path check.
    Eigen::MatrixXd all(agent.network().inputs(), states);
    for (int st = 0; st < states; ++st)
        all.col(st) = agent.encode(st);
    std::vector<double> q(std::size_t(states) * kActionCount, 0.0);
    const auto table = [&] {
        const Eigen::MatrixXd values = agent.network().forwardBatch(all);
        for (int st = 0; st < states; ++st)
            for (int a = 0; a < kActionCount; ++a)
                q[std::size_t(st) * kActionCount + std::size_t(a)] = values(a, st);
    };
    std::vector<std::uint64_t> replays(snapshot ? q.size() : 0, 0);

    const long every = setup.evaluationInterval();
    SingleRun run;
    run.updatesToGoal = setup.maxUpdates;
    run.pathLength.reserve(std::size_t(setup.maxUpdates / every));
    std::vector<Experience> experiences;
    std::vector<double> weights;
    int s = maze.startState();
    long updates = 0, moves = 0;
    const long firstUpdate = std::max(setup.warmup, long(setup.networkBatch));
    while (updates < setup.maxUpdates) {
        if (setup.online || moves < firstUpdate) {
            const Transition t = explore(maze, setup.maze, s, behaviour);
            buffer.add(t);
            s = t.done ? maze.startState() : t.nextState;
            ++moves;
        }
        if (moves < firstUpdate)
            continue;
        const ReplayBatch batch = buffer.sample(std::size_t(setup.networkBatch), draws);
        experiences.clear();
        for (const Transition& t : batch.transitions) {
            experiences.push_back({t.state, t.action, t.reward, t.nextState, t.done});
            if (snapshot)
                ++replays[std::size_t(t.state * kActionCount + t.action)];
        }
        weights.clear();
        if (sampler != ReplaySampler::Uniform && setup.beta0 > 0)
            weights = batch.weights;
        const std::vector<double> errors = agent.trainBatch(experiences, weights);
        buffer.updatePriorities(batch.indices, errors);
        ++updates;
        publisher.drawn(batch.indices);
        publisher.maybePublish(buffer, updates);
        const bool checkpoint = updates % every == 0;
        if (checkpoint || !run.reached) {
            table();
            record(run, greedyPath(maze, setup.maze, q), checkpoint, updates, states);
        }
        if (progress && updates % 64 == 0)
            progress->throwIfCancelled();
    }
    if (!agent.network().parameters().allFinite())
        throw std::runtime_error("replay-comparison: the Q-network diverged (non-finite weight); lower the learning "
                                 "rate");
    if (snapshot) {
        table();
        fillSnapshot(buffer, sampler, std::move(replays), draws, *snapshot);
    }
    return run;
}

}  // namespace

std::string learnerName(ReplayLearner learner)
{
    return learner == ReplayLearner::Network ? "Q-network" : "Q-table";
}

std::string samplerName(ReplaySampler sampler)
{
    switch (sampler) {
    case ReplaySampler::Uniform:
        return "uniform";
    case ReplaySampler::Proportional:
        return "proportional";
    case ReplaySampler::Rank:
        return "rank";
    }
    return "?";
}

ReplayComparisonSetup ReplayComparisonSetup::fromParameters(const ParamSet& p)
{
    ReplayComparisonSetup s;
    s.maze = ReplayMaze(int(std::lround(p["maze"])));
    s.seeds = int(std::lround(p["seeds"]));
    if (p.contains("seed"))  // a panel drops it: the panel's own seed replaces it
        s.seed = std::uint64_t(std::llround(p["seed"]));
    s.maxUpdates = long(std::lround(p["updates"]));
    s.batch = int(std::lround(p["batch"]));
    s.capacity = std::size_t(std::llround(p["capacity"]));
    s.stepSize = p["step_size"];
    s.gamma = p["gamma"];
    s.alpha = p["alpha"];
    s.beta0 = p["beta"];
    s.warmup = long(std::lround(p["warmup"]));
    s.includeRank = std::lround(p["rank"]) != 0;
    s.exactPriorities = std::lround(p["priorities"]) == 0;
    s.learner = ReplayLearner(int(std::lround(p["learner"])));
    s.hidden = int(std::lround(p["hidden"]));
    s.networkBatch = int(std::lround(p["net_batch"]));
    s.learningRate = p["learning_rate"];
    s.targetPeriod = int(std::lround(p["target_period"]));
    s.validate();
    return s;
}

void ReplayComparisonSetup::validate() const
{
    if (int(maze) < 0 || int(maze) > 3)
        bad("maze", double(int(maze)), "{0, 1, 2, 3}");
    if (seeds < 1 || seeds > 200)
        bad("seeds", seeds, "[1, 200]");
    if (maxUpdates < 100 || maxUpdates > 1000000)
        bad("updates", double(maxUpdates), "[100, 1000000]");
    if (batch < 1 || batch > 256)
        bad("batch", batch, "[1, 256]");
    if (capacity < 16 || capacity > 1000000)
        bad("capacity", double(capacity), "[16, 1000000]");
    if (!(stepSize > 0 && stepSize <= 1))
        bad("step_size", stepSize, "(0, 1]");
    if (!(gamma >= 0 && gamma <= 0.999))
        bad("gamma", gamma, "[0, 0.999]");
    if (!(alpha >= 0 && alpha <= 2))
        bad("alpha", alpha, "[0, 2]");
    if (!(beta0 >= 0 && beta0 <= 1))
        bad("beta", beta0, "[0, 1]");
    if (!(epsilon > 0 && epsilon <= 1))
        bad("epsilon", epsilon, "(0, 1]");
    if (warmup < 0 || warmup > 1000000)
        bad("warmup", double(warmup), "[0, 1000000]");
    if (int(learner) < 0 || int(learner) > 1)
        bad("learner", double(int(learner)), "{0, 1}");
    if (hidden < 1 || hidden > 1024)
        bad("hidden", hidden, "[1, 1024]");
    if (networkBatch < 1 || networkBatch > 256)
        bad("net_batch", networkBatch, "[1, 256]");
    if (!(learningRate > 0 && learningRate <= 1))
        bad("learning_rate", learningRate, "(0, 1]");
    if (targetPeriod < 1 || targetPeriod > 100000)
        bad("target_period", targetPeriod, "[1, 100000]");
    if (evalEvery < 0 || evalEvery > maxUpdates)
        bad("eval_every", double(evalEvery), "[0, updates]");
}

long ReplayComparisonSetup::evaluationInterval() const
{
    return evalEvery > 0 ? evalEvery : std::max(1L, maxUpdates / 200);
}

GridMaze ReplayComparisonSetup::makeMaze() const
{
    switch (maze) {
    case ReplayMaze::Dyna:
        return GridMaze::dynaMaze();
    case ReplayMaze::LinearTrack:
        return GridMaze::linearTrack(20);
    case ReplayMaze::OpenField:
        return GridMaze::openField(8);
    case ReplayMaze::Cliffwalk:
        return GridMaze::linearTrack(kCliffwalkLength);
    }
    return GridMaze::dynaMaze();
}

std::vector<ReplaySampler> ReplayComparisonSetup::samplers() const
{
    std::vector<ReplaySampler> out = {ReplaySampler::Uniform, ReplaySampler::Proportional};
    if (includeRank)
        out.push_back(ReplaySampler::Rank);
    return out;
}

SingleRun runReplayLearner(const ReplayComparisonSetup& setup, ReplaySampler sampler, std::uint64_t seed,
                           SamplerSnapshot* snapshot, Progress* progress, int seedIndex)
{
    setup.validate();
    const GridMaze maze = setup.makeMaze();
    const int states = maze.stateCount();
    ReplayConfig config;
    config.capacity = setup.capacity;
    config.sampler = sampler;
    config.alpha = setup.alpha;
    config.beta0 = setup.beta0;
    config.betaSteps = 1000000000000000L;  // β stays at beta0 (see the header)
    config.epsilon = setup.epsilon;
    config.rankResortInterval = std::max<std::size_t>(64, setup.capacity / 16);
    ReplayBuffer buffer(config);

    Random behaviour(mix(seed));                                          // shared by every sampler
    Random draws(mix(mix(seed) ^ (0xA5A5A5A5ULL + std::uint64_t(sampler))));  // the sampler's own draws
    if (setup.learner == ReplayLearner::Network)
        return runNetworkLearner(setup, maze, buffer, sampler, seed, behaviour, draws, snapshot, progress, seedIndex);
    TreePublisher publisher(setup, sampler, progress, seedIndex);
    std::vector<double> q(std::size_t(states) * kActionCount, 0.0);
    std::vector<std::uint64_t> replays(snapshot ? q.size() : 0, 0);

    const long every = setup.evaluationInterval();
    SingleRun run;
    run.updatesToGoal = setup.maxUpdates;
    run.pathLength.reserve(std::size_t(setup.maxUpdates / every));
    std::vector<std::size_t> indices;
    std::vector<double> errors;
    int s = maze.startState();
    long updates = 0;
    // Exact priorities (setup.exactPriorities, prioritized samplers only). The world is deterministic, so every
    // stored copy of a move (s, a) has the same δ; slotsOf[s·4 + a] lists the slots holding a copy, keysInto[s'] the
    // moves that lead into s' (from the world itself). When a replay changes Q(s, a), the copies of (s, a) are
    // re-scored; when it changes max_a Q(s, ·), so are the copies of every move into s.
    const bool exact = setup.exactPriorities && sampler == ReplaySampler::Proportional;
    const std::size_t keys = std::size_t(states) * kActionCount;
    std::vector<std::vector<std::size_t>> slotsOf(exact ? keys : 0);
    std::vector<std::vector<int>> keysInto(exact ? std::size_t(states) : 0);
    std::vector<int> slotKey;
    if (exact)
        for (int st = 0; st < states; ++st)
            if (!maze.isWallState(st))
                for (int act = 0; act < kActionCount; ++act) {
                    const StepResult r = envStep(maze, setup.maze, st, act);
                    if (!r.done)
                        keysInto[std::size_t(r.next)].push_back(st * kActionCount + act);
                }
    std::vector<int> changedKeys, changedStates;
    const auto deltaOf = [&](int key, const Transition& t) {
        double target = t.reward;
        if (!t.done) {
            const double* next = &q[std::size_t(t.nextState) * kActionCount];
            target += setup.gamma * *std::max_element(next, next + kActionCount);
        }
        return target - q[std::size_t(key)];
    };
    std::vector<std::size_t> rescoreSlots;
    std::vector<double> rescoreErrors;
    const auto rescore = [&](int key) {
        const auto& list = slotsOf[std::size_t(key)];
        if (list.empty())
            return;
        const double d = deltaOf(key, buffer.at(list.front()));
        for (const std::size_t slot : list) {
            rescoreSlots.push_back(slot);
            rescoreErrors.push_back(d);
        }
    };

    long moves = 0;
    while (updates < setup.maxUpdates) {
        if (setup.online || moves < std::max(setup.warmup, long(setup.batch))) {
            // One move of the random behaviour policy, stored; the learner never uses it directly.
            const Transition t = explore(maze, setup.maze, s, behaviour);
            const int a = t.action;
            const std::size_t slot = buffer.add(t);
            if (exact) {
                const int key = s * kActionCount + a;
                if (slot < slotKey.size()) {  // overwriting the oldest transition
                    auto& old = slotsOf[std::size_t(slotKey[slot])];
                    old.erase(std::find(old.begin(), old.end(), slot));
                } else {
                    slotKey.resize(slot + 1);
                }
                slotKey[slot] = key;
                slotsOf[std::size_t(key)].push_back(slot);
                const double d = deltaOf(key, t);  // its priority from the start: its current |δ|
                buffer.updatePriorities(std::span<const std::size_t>(&slot, 1), std::span<const double>(&d, 1));
            }
            s = t.done ? maze.startState() : t.nextState;
            ++moves;
        }
        if (moves < std::max(setup.warmup, long(setup.batch)))
            continue;

        // One replay update.
        const ReplayBatch batch = buffer.sample(std::size_t(setup.batch), draws);
        errors.resize(batch.indices.size());
        for (std::size_t j = 0; j < batch.indices.size(); ++j) {
            const Transition& t = batch.transitions[j];
            const int key = t.state * kActionCount + t.action;
            double* row = &q[std::size_t(t.state) * kActionCount];
            const double delta = deltaOf(key, t);
            const double w = sampler == ReplaySampler::Uniform ? 1.0 : batch.weights[j];
            const double before = *std::max_element(row, row + kActionCount);
            row[t.action] += setup.stepSize * w * delta;
            errors[j] = delta;
            if (exact && delta != 0) {
                changedKeys.push_back(key);
                if (*std::max_element(row, row + kActionCount) != before)
                    changedStates.push_back(t.state);
            }
            if (snapshot)
                ++replays[std::size_t(key)];
        }
        buffer.updatePriorities(batch.indices, errors);
        if (exact && !changedKeys.empty()) {
            for (const int st : changedStates)
                for (const int key : keysInto[std::size_t(st)])
                    changedKeys.push_back(key);
            std::sort(changedKeys.begin(), changedKeys.end());
            changedKeys.erase(std::unique(changedKeys.begin(), changedKeys.end()), changedKeys.end());
            rescoreSlots.clear();
            rescoreErrors.clear();
            for (const int key : changedKeys)
                rescore(key);
            buffer.updatePriorities(rescoreSlots, rescoreErrors);
            changedKeys.clear();
            changedStates.clear();
        }
        ++updates;
        publisher.drawn(batch.indices);
        publisher.maybePublish(buffer, updates);
        // Updates to goal: the greedy path is checked after every update until it first reaches the goal; the
        // learning curve samples it every `every` updates.
        const bool checkpoint = updates % every == 0;
        if (checkpoint || !run.reached)
            record(run, greedyPath(maze, setup.maze, q), checkpoint, updates, states);
        if (progress && updates % 256 == 0)
            progress->throwIfCancelled();
    }
    for (const double v : q)
        if (!std::isfinite(v))
            throw std::runtime_error("replay-comparison: the Q-table diverged (non-finite value)");

    if (snapshot)
        fillSnapshot(buffer, sampler, std::move(replays), draws, *snapshot);
    return run;
}

ReplayComparisonRun runReplayComparison(const ReplayComparisonSetup& setup, Progress* progress)
{
    setup.validate();
    ReplayComparisonRun out;
    out.setup = setup;
    const GridMaze maze = setup.makeMaze();
    out.shortestPath = maze.shortestPathLength();
    for (int st = 0; st < maze.stateCount(); ++st)
        if (maze.isWallState(st))
            out.mazeWalls.push_back(st);
    const long every = setup.evaluationInterval();
    for (long u = every; u <= setup.maxUpdates; u += every)
        out.checkpoints.push_back(double(u));
    const std::size_t points = out.checkpoints.size();

    const std::vector<ReplaySampler> samplers = setup.samplers();
    const std::size_t count = samplers.size();
    const int total = int(count) * setup.seeds;
    int done = 0;
    if (progress)
        progress->setStage(setup.learner == ReplayLearner::Network ? "training a Q-network from replay"
                                                                    : "training tabular Q from replay");
    out.summaries.resize(count);
    out.snapshots.resize(count);
    std::vector<std::vector<std::vector<int>>> paths(count);
    // Seed by seed, every sampler in turn (the order changes no result: each run has its own streams), so a live
    // picture of the prioritized sampler comes throughout the job rather than in its second half only.
    for (int k = 0; k < setup.seeds; ++k)
        for (std::size_t j = 0; j < count; ++j) {
            if (progress)
                progress->throwIfCancelled();
            SamplerSummary& summary = out.summaries[j];
            summary.sampler = samplers[j];
            SingleRun run = runReplayLearner(setup, samplers[j], setup.seed + std::uint64_t(k),
                                             k == 0 ? &out.snapshots[j] : nullptr, progress, k);
            summary.updatesToGoal.push_back(run.updatesToGoal);
            summary.reached.push_back(run.reached);
            summary.notReached += run.reached ? 0 : 1;
            paths[j].push_back(std::move(run.pathLength));
            if (progress)
                progress->setFraction(double(++done) / double(total));
        }
    for (std::size_t j = 0; j < count; ++j) {
        SamplerSummary& summary = out.summaries[j];
        summary.pathMean.resize(points);
        summary.pathSd.resize(points);
        summary.success.resize(points);
        for (std::size_t c = 0; c < points; ++c) {
            std::vector<double> v;
            double ok = 0;
            for (const auto& p : paths[j]) {
                const int len = c < p.size() ? p[c] : maze.stateCount();
                v.push_back(len);
                ok += len < maze.stateCount() ? 1 : 0;
            }
            summary.pathMean[c] = mean(v);
            summary.pathSd[c] = sd(v);
            summary.success[c] = ok / double(paths[j].size());
        }
        const std::vector<double> u(summary.updatesToGoal.begin(), summary.updatesToGoal.end());
        summary.meanUpdates = mean(u);
        summary.sdUpdates = sd(u);
        summary.medianUpdates = median(u);
    }
    return out;
}

std::vector<ParamSpec> replayComparisonSpecs()
{
    const auto when = [](ParamSpec spec, double learner) {
        spec.shownWhenKey = "learner";
        spec.shownWhenValues = {learner};
        return spec;
    };
    return {
        ParamSpec{"updates", "Replay updates per run", "", 500, 100000, 4000, Scale::Log,
                  "Budget of replay updates (one minibatch each, one explorer move each).", 0}
            .asInteger(),
        choiceSpec("maze", "World",
                   {"Dyna maze (6 × 9)", "Linear track (20)", "Open field (8 × 8)", "Blind Cliffwalk (10)"}, 0,
                   "Where the random explorer collects experience; the reward is 1 on entering the goal, else 0."),
        ParamSpec{"seeds", "Seeds", "", 1, 200, 20, Scale::Linear,
                  "Independent runs per sampler; seed k uses seed + k, shared by all samplers.", 0}
            .asInteger(),
        ParamSpec{"warmup", "Warm-up moves", "", 0, 100000, 5000, Scale::Linear,
                  "Random moves stored before the first replay update.", 0}
            .asInteger(),
        when(ParamSpec{"batch", "Minibatch size", "", 1, 64, 4, Scale::Log, "Transitions replayed per update.", 0}
                 .asInteger(),
             0),
        when(ParamSpec{"net_batch", "Minibatch size", "", 1, 256, 32, Scale::Log,
                       "Transitions per optimiser step of the network (it needs larger batches than the table).", 0}
                 .asInteger(),
             1),
        ParamSpec{"capacity", "Buffer capacity", "", 100, 100000, 10000, Scale::Log,
                  "Transitions the replay memory holds; the oldest is overwritten when full.", 0}
            .asInteger(),
        {"alpha", "Prioritization α", "", 0, 1.5, 0.6, Scale::Linear,
         "P(i) ∝ (|δ_i| + ε)^α; 0 makes the proportional sampler uniform (Schaul et al. use 0.6).", 2},
        {"beta", "IS exponent β", "", 0, 1, 0, Scale::Linear,
         "Importance-sampling correction (constant); 0 = none, as in Schaul et al.'s Blind Cliffwalk.", 2},
        choiceSpec("learner", "Learner", {"Q-table", "Q-network (MLP, Adam)"}, 0,
                   "What learns from the replayed transitions: a table (one value per move), or a small network "
                   "(one-hot state, one hidden ReLU layer, a target network) whose updates generalise between "
                   "states."),
        when({"step_size", "Step size η", "", 0.01, 1, 0.5, Scale::Log, "Q-learning step size per replayed transition.",
              2},
             0),
        when(ParamSpec{"hidden", "Hidden units", "", 4, 256, 64, Scale::Log, "Width of the network's hidden layer.", 0}
                 .asInteger(),
             1),
        when({"learning_rate", "Learning rate", "", 1e-4, 0.1, 1e-3, Scale::Log,
              "Adam's step size for the network (one optimiser step per replay update).", 4},
             1),
        when(ParamSpec{"target_period", "Target-network period", "", 1, 2000, 50, Scale::Log,
                       "Optimiser steps between copies of the network into the target network that computes "
                       "r + γ max Q(s′, ·).",
                       0}
                 .asInteger(),
             1),
        {"gamma", "Discount γ", "", 0.5, 0.999, 0.95, Scale::Linear, "Discount per move.", 3},
        when(choiceSpec("priorities", "Priorities",
                        {"exact: every stored copy re-scored", "stale: replayed ones only (Schaul et al.)"}, 0,
                        "Exact: every stored transition's priority is its current |δ|. Stale: a priority changes "
                        "only when its transition is replayed (Algorithm 1 of Schaul et al. 2016). The network "
                        "learner always uses stale priorities."),
             0),
        choiceSpec("rank", "Rank-based sampler", {"off", "on"}, 0,
                   "Also run the rank-based sampler, P(i) ∝ rank(i)^−α."),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear, "Seed of the first run.", 0}.asInteger(),
    };
}

std::vector<OutputInfo> replayComparisonOutputs()
{
    // The rank-based sampler's outputs (the same keys ending in _rank) are added when it is switched on.
    using K = OutputInfo::Kind;
    std::vector<OutputInfo> out;
    for (const std::string s : {"uniform", "proportional"}) {
        out.push_back({K::Series, "path_" + s, "Greedy path length against replay updates, mean over seeds (" + s + ")",
                       "moves", ""});
        out.push_back({K::Series, "path_sd_" + s, "Greedy path length, SD over seeds (" + s + ")", "moves", ""});
        out.push_back({K::Series, "success_" + s, "Fraction of seeds whose greedy policy reaches the goal (" + s + ")",
                       "", ""});
        out.push_back({K::Series, "updates_to_goal_" + s, "Updates to goal per seed (" + s + ")", "updates", ""});
    }
    for (const std::string s : {"uniform", "proportional"}) {
        out.push_back({K::Scalar, "mean_updates_" + s, "Mean updates to goal (" + s + ")", "updates", ""});
        out.push_back({K::Scalar, "sd_updates_" + s, "SD of updates to goal over seeds (" + s + ")", "updates", ""});
        out.push_back({K::Scalar, "median_updates_" + s, "Median updates to goal (" + s + ")", "updates", ""});
        out.push_back({K::Scalar, "not_reached_" + s, "Seeds that never reached the goal (" + s + ")", "", ""});
    }
    out.push_back({K::Scalar, "speedup", "Mean updates to goal, uniform / proportional", "", ""});
    out.push_back({K::Scalar, "shortest_path", "Shortest start-to-goal path (BFS)", "moves", ""});
    return out;
}

ExperimentResult runReplayComparisonExperiment(const ParamSet& parameters, Progress& progress)
{
    const ReplayComparisonSetup setup = ReplayComparisonSetup::fromParameters(parameters);
    const ReplayComparisonRun run = runReplayComparison(setup, &progress);
    ExperimentResult result;
    for (const SamplerSummary& s : run.summaries) {
        const std::string name = samplerName(s.sampler);
        result.series.push_back({"path_" + name, "greedy path length, mean over seeds (" + name + ")", "replay updates",
                                 "", "greedy path length", "moves", run.checkpoints, s.pathMean});
        result.series.push_back({"path_sd_" + name, "greedy path length, SD over seeds (" + name + ")",
                                 "replay updates", "", "SD of greedy path length", "moves", run.checkpoints,
                                 s.pathSd});
        result.series.push_back({"success_" + name, "fraction of seeds reaching the goal (" + name + ")",
                                 "replay updates", "", "fraction of seeds", "", run.checkpoints, s.success});
        std::vector<double> x, y;
        for (std::size_t k = 0; k < s.updatesToGoal.size(); ++k) {
            x.push_back(double(setup.seed + k));
            y.push_back(double(s.updatesToGoal[k]));
        }
        result.series.push_back({"updates_to_goal_" + name, "updates to goal per seed (" + name + ")", "seed", "",
                                 "updates to goal", "updates", std::move(x), std::move(y)});
    }
    for (const SamplerSummary& s : run.summaries) {
        const std::string name = samplerName(s.sampler);
        result.scalars.push_back({"mean_updates_" + name, "mean updates to goal (" + name + ")", "updates",
                                  s.meanUpdates});
        result.scalars.push_back({"sd_updates_" + name, "SD of updates to goal (" + name + ")", "updates",
                                  s.sdUpdates});
        result.scalars.push_back({"median_updates_" + name, "median updates to goal (" + name + ")", "updates",
                                  s.medianUpdates});
        result.scalars.push_back({"not_reached_" + name, "seeds that never reached the goal (" + name + ")", "",
                                  double(s.notReached)});
    }
    const SamplerSummary& u = run.summaries[0];
    const SamplerSummary& p = run.summaries[1];
    const double speedup = u.meanUpdates / p.meanUpdates;
    result.scalars.push_back({"speedup", "mean updates to goal, uniform / proportional", "", speedup});
    result.scalars.push_back({"shortest_path", "shortest path", "moves", double(run.shortestPath)});
    result.notes.push_back("Updates to goal over " + std::to_string(setup.seeds) + " seeds: uniform " +
                           formatValue(u.meanUpdates, 0) + " ± " + formatValue(u.sdUpdates, 0) + " (SD), proportional " +
                           formatValue(p.meanUpdates, 0) + " ± " + formatValue(p.sdUpdates, 0) + "; ratio " +
                           formatValue(speedup, 2) + ".");
    if (u.notReached + p.notReached > 0)
        result.notes.push_back(std::to_string(u.notReached) + " uniform and " + std::to_string(p.notReached) +
                               " proportional runs never reached the goal within the budget (counted as the budget).");
    return result;
}

}  // namespace neuroai::rl
