#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/core/Random.h"
#include "engine/rl/GridMaze.h"
#include "engine/rl/TabularAgents.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::rl {

// Model-free episodic control (Blundell et al. 2016, after Lengyel & Dayan 2007): the case study "an agent that
// recalls similar past episodes" of the case-studies chapter.
//
// One EpisodicMemory per action holds (feature vector → the best discounted return ever obtained after taking that
// action in a state with those features). Reading a memory:
//   - exact recall: a stored key at distance 0 returns its stored value;
//   - otherwise the mean value of the k stored keys nearest in Euclidean distance (fewer if fewer are stored);
//   - an empty memory has no estimate (the agent reads that as 0).
// Writing: value ← max(value, return) for a stored key; a new key is inserted, evicting the least recently used entry
// when the memory is full. "Used" means written, or read by an agent choosing an action (exact recall, or among the k
// neighbours of an estimate); const queries (greedy path, heat maps) do not count as use.
class EpisodicMemory {
public:
    // Throws std::invalid_argument for capacity outside [1, 10^6] or dimension outside [1, 1000].
    EpisodicMemory(int capacity, int dimension);

    int capacity() const { return m_capacity; }
    int dimension() const { return m_dimension; }
    std::size_t size() const { return m_entries.size(); }

    // Stores max(old, value) under `key` (inserting it, evicting the LRU entry if full). Returns true when the stored
    // value changed. Throws std::invalid_argument for a key of the wrong dimension or a non-finite key or value.
    bool update(const std::vector<double>& key, double value);
    // The value stored exactly under `key`, if any (no use recorded).
    std::optional<double> recall(const std::vector<double>& key) const;
    // Exact recall if stored, else the mean of the k nearest stored values; nullopt if the memory is empty. `touch`
    // records the entries read as used (for LRU). Throws std::invalid_argument for k < 1 or a bad key.
    std::optional<double> estimate(const std::vector<double>& key, int k, bool touch = false);
    std::optional<double> estimate(const std::vector<double>& key, int k) const;
    // Keys from least to most recently used (for tests and the GUI).
    std::vector<std::vector<double>> keysByRecency() const;

private:
    struct Entry {
        std::vector<double> key;
        double value = 0;
        std::uint64_t lastUsed = 0;
    };
    void checkKey(const std::vector<double>& key) const;
    // Indices of the entries used for the estimate (one for an exact hit), with the estimate.
    std::optional<double> lookup(const std::vector<double>& key, int k, std::vector<std::size_t>* used) const;

    int m_capacity, m_dimension;
    std::vector<Entry> m_entries;
    std::uint64_t m_clock = 0;
};

struct EpisodicParameters {
    double gamma = 0.95;    // discount per move, in [0, 1]
    double epsilon = 0.1;   // exploration probability, in [0, 1]
    int neighbours = 5;     // k of the k-nearest-neighbour estimate, in [0, 100] (0: novel states read 0)
    int capacity = 1000;    // entries per action's memory, in [1, 10^6]
};
void validate(const EpisodicParameters& p);

// The episodic-control agent on a GridMaze. Features of a state: its (row, col) coordinates in cell units, so the
// k nearest stored states of an unvisited cell are its neighbours on the grid and their returns are a sensible guess
// for its own (except across a wall, where nearby in space is far in moves: the case study's caveat). With one-hot
// features every other state would be equally far and the kNN mean would be an arbitrary average.
//
// Reading Q_EC(s, a): a state the agent remembers (stored under some action) reads its own stored returns, 0 for an
// action never taken there; only a novel state reads the mean of its k nearest stored states per action. Why not
// kNN for every pair not stored: nothing is written until an episode ends, so an untried move into a wall next to
// well-rewarded cells would keep its borrowed high value and the agent would bump into the wall for the rest of the
// episode (measured: 281 ± 437 steps per episode over episodes 1-20 instead of 59 ± 33). With exact returns at
// remembered states the greedy path cannot loop in a deterministic maze: each greedy move reaches a state whose best
// stored return is larger by 1/γ.
// Acting: ε-greedy on Q_EC(s, a) (0 for an empty memory), greedy ties broken uniformly at random (like
// QLearningAgent). Learning: transitions are buffered over the episode; when the episode ends (the goal
// is entered, or the next beginEpisode() truncates it) the discounted returns R_t = r_t + γ R_{t+1} are computed
// backwards and every visited (s_t, a_t) is written with update(features(s_t), R_t).
class EpisodicAgent : public Agent {
public:
    // Throws std::invalid_argument for bad parameters.
    EpisodicAgent(const GridMaze& maze, const EpisodicParameters& parameters, std::uint64_t seed);

    int stateCount() const override { return m_rows * m_cols; }
    int actionCount() const override { return kActionCount; }
    int selectAction(int state) override;
    // Lowest-index maximiser of the const estimate (reproducible).
    int greedyAction(int state) const override;
    void learnFromTransition(const Experience& t) override;
    void beginEpisode() override { flush(); }

    // Q_EC(s, a) without recording use; 0 where the action's memory is empty.
    double qEc(int state, int action) const;
    double maxQEc(int state) const;
    // True when `state` is stored in the memory of at least one action.
    bool remembers(int state) const;
    std::vector<double> features(int state) const;
    const EpisodicMemory& memory(int action) const { return m_memory[std::size_t(action)]; }
    std::size_t memorySize() const;  // entries over all actions
    const EpisodicParameters& parameters() const { return m_p; }
    // Writes the buffered episode into memory (called at the goal and by beginEpisode).
    void flush();

private:
    int m_rows, m_cols;
    EpisodicParameters m_p;
    std::vector<EpisodicMemory> m_memory;
    std::vector<Experience> m_episode;
    Random m_rng;
};

// ---- the batch experiment "episodic-memory" ----

// Side of the open field (maze = 1).
inline constexpr int kEpisodicOpenFieldSide = 12;

// Both agents on the Dyna maze (maze = 0) or an open field (maze = 1), run r with seed + r for both (and the same
// ε). Q-learning uses step size alpha.
struct EpisodicComparisonSetup {
    int maze = 0;
    int episodes = 50;
    int runs = 20;
    std::uint64_t seed = 1;
    double alpha = 0.1;       // Q-learning step size
    int tolerance = 2;        // "near-shortest": greedy path ≤ shortest + tolerance moves
    int earlyEpisodes = 20;   // the comparison window: mean steps over episodes 1..earlyEpisodes
    EpisodicParameters episodic;
    int maxStepsPerEpisode = 20000;
    static EpisodicComparisonSetup fromParameters(const ParamSet& p);
};

struct AgentCurves {
    std::vector<double> mean, q25, q75;  // steps per episode across runs
    double early = 0;                    // mean steps over the first earlyEpisodes episodes (all runs)
    double earlySd = 0;                  // standard deviation across runs of each run's early mean
    double episodesToNearShortest = 0;   // mean over runs; a run that never gets there counts episodes + 1
    int runsReached = 0;
    std::vector<int> lastPath;           // states of the last episode of run 0, start first
};

struct EpisodicComparison {
    EpisodicComparisonSetup setup;
    int shortest = 0;
    AgentCurves episodic, qlearning;
    double memorySize = 0;               // mean final number of entries over all actions
    std::vector<double> valueMap;        // run 0's max_a Q_EC per state after training (NaN on walls)
    std::vector<double> qValueMap;       // run 0's max_a Q per state (NaN on walls)
    int rows = 0, cols = 0;
    std::vector<int> walls;              // wall states
    int start = 0, goal = 0;
};

// Throws std::invalid_argument for bad parameters; reports progress, stops with JobCancelled (progress may be null).
EpisodicComparison runEpisodicComparison(const EpisodicComparisonSetup& setup, Progress* progress);

std::vector<ParamSpec> episodicMemorySpecs();
std::vector<OutputInfo> episodicMemoryOutputs();
ExperimentResult runEpisodicMemoryExperiment(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::rl
