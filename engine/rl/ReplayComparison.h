#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/Job.h"
#include "engine/core/ParamSpec.h"
#include "engine/rl/GridMaze.h"
#include "engine/rl/ReplayBuffer.h"

#include <cstdint>
#include <vector>

namespace neuroai::rl {

// Uniform against prioritized experience replay (Schaul et al. 2016) on a maze with a single sparse reward, as a
// batch experiment (registry entry "replay-comparison", panel case-studies/replay).
//
// The learner. A tabular Q-function (one value per state and action, all 0 at the start) that learns ONLY from its
// replay buffer: the agent never updates from the transition it has just made. Tabular on purpose: a state's value
// changes only when one of its own transitions is replayed, so the number of replay updates the reward needs to
// travel back to the start measures the sampler alone (a network would add generalisation between states and its
// own optimiser noise), and the TD error used as the priority is exact.
//
// The experience. A behaviour policy that moves uniformly at random (Q-learning is off-policy, so it learns the
// greedy policy from random moves) and restarts at the start after entering the goal. It does not depend on Q, so for
// a given seed every sampler sees exactly the same stream of transitions; only the sampler (and its own random draws)
// differs. First `warmup` moves are stored without learning (the buffer then holds several goal visits, so the time
// the explorer needs to find the goal at all, identical for both samplers, does not swamp the comparison); after that
// each move adds one transition and is followed by one replay update: a minibatch of `batch` transitions, each
// applying Q(s,a) += η·w·δ with δ = r + γ·max_a' Q(s',a')·(1 − done) − Q(s,a) and w the importance weight (1 for
// uniform, and for β = 0).
//
// Why prioritizing helps here (Schaul et al.'s Blind Cliffwalk argument). The reward is 1 on entering the goal and 0
// everywhere else, so nearly every stored transition has δ = 0 until the value of its next state has become positive:
// a uniform sampler spends almost all its updates on them. With exact priorities (ReplayComparisonSetup::
// exactPriorities) the proportional sampler draws mostly the transitions whose target has just changed: the goal
// transition first, then the moves into the states whose value has just risen, so the reward travels back to the
// start in a few updates per move.
//
// The metric: after every update the greedy policy (argmax Q, ties to the lowest action index, so an untrained table
// just pushes against the top wall) is followed from the start for at most stateCount moves; the updates to goal of a
// run are the updates done when it first reaches the goal (the budget when it never does; such runs are counted as
// "not reached"). Learning curves, sampled every `evaluationInterval()` updates: the greedy path length (moves,
// stateCount when the goal is not reached) and the fraction of seeds that reach the goal.
//
// Seeds: seed k of the comparison (k = 0 … seeds − 1) drives the behaviour from one stream and each sampler's draws
// from another, both derived from `seed + k`; the uniform and prioritized runs of a seed share the behaviour stream.
//
// Measured on the defaults (Dyna maze, 20 seeds, tests/engine/tst_replaycomparison.cpp): updates to goal uniform
// 740 ± 343 (SD), proportional 191 ± 63, faster on all 20 seeds; seeds 1001–1020: 648 ± 280 against 187 ± 35. With
// stale priorities the proportional sampler needs 670 ± 255; on Blind Cliffwalk (10 cells) 465 ± 240 against 23 ± 9.

// Environments. Blind Cliffwalk (Schaul et al. 2016, Figure 1) is the default: a track of kCliffwalkLength cells
// and two actions; in each cell one of them (Right in even cells, Left in odd ones, the agent cannot tell) moves one
// cell on, the other falls off the cliff (episode over, reward 0, back to the start). A random explorer reaches the
// reward about once in 2^(n−1) episodes, so the buffer is dominated by transitions with zero TD error: the case
// prioritized replay was designed for. The mazes (Dyna maze, linear track, open field) use GridMaze's four moves.
enum class ReplayMaze { Dyna = 0, LinearTrack = 1, OpenField = 2, Cliffwalk = 3 };
inline constexpr int kCliffwalkLength = 10;

// The learner that replays. Table: the tabular Q above (the default). Network: a QNetworkAgent (QNetwork.h: one-hot
// state → one hidden ReLU layer → one Q per action, Adam, a target network copied every `targetPeriod` steps), one
// optimiser step per replay update on the minibatch, the importance weights scaling each term of the loss. A network's
// TD errors are known only for the transitions it has just trained on, so the proportional sampler runs with stale
// priorities (Schaul et al.'s Algorithm 1: new transitions at the largest stored priority, a replayed one re-scored
// with its |δ| from that step); `exactPriorities` applies to the table only. Both samplers start from the same
// initial weights for a given seed.
enum class ReplayLearner { Table = 0, Network = 1 };

struct ReplayComparisonSetup {
    ReplayMaze maze = ReplayMaze::Dyna;
    int seeds = 20;                // [1, 200]
    std::uint64_t seed = 1;        // first seed
    long maxUpdates = 4000;        // replay updates per run [100, 10^6]
    int batch = 4;                 // transitions per update [1, 256]
    std::size_t capacity = 10000;  // buffer capacity [16, 10^6]
    long warmup = 5000;            // random moves stored before the first update [0, 10^6]
    bool online = true;            // keep exploring (one move per update) after the warm-up
    double stepSize = 0.5;         // η in (0, 1]
    double gamma = 0.95;           // [0, 0.999]
    double alpha = 0.6;            // prioritization exponent [0, 2]
    // Importance-sampling exponent, constant over the run (not annealed). Default 0: in a deterministic tabular world
    // every copy of a transition has the same target, so the fixed point of the updates does not depend on how often
    // each is replayed and there is no bias to correct; the weights would only shrink the updates of exactly the
    // surprising transitions (Schaul et al. ran Blind Cliffwalk without them). [0, 1]
    double beta0 = 0.0;
    double epsilon = 1e-3;         // priority floor, p = |δ| + ε  (0, 1]
    bool includeRank = false;      // also run the rank-based sampler
    long evalEvery = 0;            // 0: maxUpdates / 200 (at least 1)
    // How priorities follow the learning (prioritized samplers). Exact (default): every stored transition's priority
    // is its current |δ| + ε at all times: a new transition enters with its |δ| under the current Q, and after a
    // replay changes Q(s, a) every stored copy of (s, a), and of each move into s, is re-scored (cheap here: the table
    // is small and, the world being deterministic, all copies of a move share one δ). Stale (Schaul et al.'s
    // Algorithm 1): a priority changes only when its transition is replayed, and a new transition enters with the
    // largest priority stored. On a task whose reward must travel back many moves, stale priorities forget the moves
    // whose target has just changed, and the gain over uniform shrinks (see the chapter text for the numbers).
    bool exactPriorities = true;  // proportional sampler only (a rank order re-sorted after every re-scoring costs O(N log N))
    ReplayLearner learner = ReplayLearner::Table;
    // The network's own settings. Its minibatch is separate from the table's `batch`: a network needs larger batches
    // (with 4 and Adam its greedy policy finds the goal and loses it again; measured on 10 seeds of the Dyna maze,
    // 64 hidden units, 32 per batch and a step size of 10^-3 end on the shortest path on every seed).
    int hidden = 64;              // network: hidden units [1, 1024]
    int networkBatch = 32;        // network: transitions per replay update [1, 256]
    double learningRate = 1e-3;   // network: Adam step size (0, 1]
    int targetPeriod = 50;        // network: optimiser steps between target-network copies [1, 100000]
    // Publish the proportional sampler's leaves through Progress::publish (ReplayTreeLive) while it trains, at most
    // every 40 ms of wall time, so a GUI can draw the tree live. Not a parameter: it changes no result.
    bool publishTree = false;

    static ReplayComparisonSetup fromParameters(const ParamSet& p);
    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
    long evaluationInterval() const;
    GridMaze makeMaze() const;
    std::vector<ReplaySampler> samplers() const;
};

// One sampler over all seeds.
struct SamplerSummary {
    ReplaySampler sampler = ReplaySampler::Uniform;
    std::vector<long> updatesToGoal;  // per seed; maxUpdates when never reached
    std::vector<bool> reached;        // per seed
    std::vector<double> pathMean, pathSd;  // greedy path length (moves) per checkpoint, mean and SD over seeds
    std::vector<double> success;           // fraction of seeds reaching the goal per checkpoint
    double meanUpdates = 0, sdUpdates = 0, medianUpdates = 0;
    int notReached = 0;
};

// What the panel draws of the first seed's runs (after the budget).
struct SamplerSnapshot {
    ReplaySampler sampler = ReplaySampler::Uniform;
    std::vector<std::uint64_t> replays;  // per (state·4 + action): how often that move was replayed in the whole run
    std::vector<double> leaves;          // per slot (buffer size): the sampling weight (p^α proportional, 1 uniform)
    std::vector<std::uint64_t> sampleCounts;  // per slot: draws since the slot was written (ReplayBuffer)
    // The sampler check: `checkDraws` fresh draws from the final buffer (no learning) against the theoretical P(i).
    std::vector<double> probability;  // per slot, ReplayBuffer::probability
    std::vector<double> observed;     // per slot, draws / checkDraws
    long checkDraws = 0;
    double chiSquare = 0;   // Pearson χ² over slots grouped into bins of >= 5 expected draws
    int chiBins = 0;        // degrees of freedom + 1
};

// The proportional sampler's SumTree during training (published when ReplayComparisonSetup::publishTree is set).
struct ReplayTreeLive : LiveData {
    ReplayLearner learner = ReplayLearner::Table;
    int seedIndex = 0, seeds = 1;      // run seedIndex + 1 of seeds
    long updates = 0, maxUpdates = 0;  // replay updates done in this run
    std::vector<double> leaves;        // per slot (buffer size): p^α
    std::vector<std::uint32_t> sampled;  // slots drawn since the previous picture (the latest 4096 at most)
};

struct ReplayComparisonRun {
    ReplayComparisonSetup setup;
    int shortestPath = 0;
    std::vector<double> checkpoints;  // updates at each evaluation
    std::vector<SamplerSummary> summaries;
    std::vector<SamplerSnapshot> snapshots;  // same order as summaries, for seed `setup.seed`
    std::vector<int> mazeWalls;              // wall states of the maze (for drawing without the GridMaze)
};

std::string samplerName(ReplaySampler sampler);  // "uniform", "proportional", "rank"
std::string learnerName(ReplayLearner learner);  // "Q-table", "Q-network"

// One run: a sampler and a seed, updates until the budget. Returns updates to goal (maxUpdates if never reached) and
// fills the per-checkpoint path lengths; `snapshot` (optional) receives the drawing data of this run.
struct SingleRun {
    long updatesToGoal = 0;
    bool reached = false;
    std::vector<int> pathLength;  // per checkpoint
};
// `seedIndex` only labels the live pictures (publishTree).
SingleRun runReplayLearner(const ReplayComparisonSetup& setup, ReplaySampler sampler, std::uint64_t seed,
                           SamplerSnapshot* snapshot = nullptr, Progress* progress = nullptr, int seedIndex = 0);

// All samplers over all seeds; reports the fraction of runs done, stops with JobCancelled when cancelled.
ReplayComparisonRun runReplayComparison(const ReplayComparisonSetup& setup, Progress* progress = nullptr);

std::vector<ParamSpec> replayComparisonSpecs();
std::vector<OutputInfo> replayComparisonOutputs();
ExperimentResult runReplayComparisonExperiment(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::rl
