#pragma once

#include "engine/core/Random.h"
#include "engine/rl/SumTree.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace neuroai::rl {

// One step of experience. Tabular agents use the state indices; function-approximation agents also store a small
// feature vector per state (its length is fixed per buffer, see ReplayConfig::featureDim).
struct Transition {
    int state = 0;
    int action = 0;
    double reward = 0;
    int nextState = 0;
    bool done = false;
    std::vector<float> features;      // empty, or featureDim values describing `state`
    std::vector<float> nextFeatures;  // empty, or featureDim values describing `nextState`
};

enum class ReplaySampler {
    Uniform,       // every stored transition equally likely
    Proportional,  // P(i) = p_i^α / Σ_k p_k^α with p = |δ| + ε, via a SumTree (Schaul et al. 2016)
    Rank,          // P(i) = rank(i)^−α / Σ_k k^−α, rank 1 = largest |δ| (Schaul et al. 2016)
};

// How the importance weights are scaled so that they only ever shrink an update.
enum class WeightNormalisation {
    Batch,   // divide by the largest weight in the batch (Schaul et al.'s Algorithm 1): the batch maximum is exactly 1
    Buffer,  // divide by the largest weight any stored transition could get (its smallest P): weights <= 1, and the
             // scale does not depend on which transitions happened to be drawn
};

struct ReplayConfig {
    std::size_t capacity = 10000;
    ReplaySampler sampler = ReplaySampler::Uniform;
    double alpha = 0.6;  // prioritisation exponent; 0 is uniform (the paper's 0.6 proportional, 0.7 rank-based)
    double beta0 = 0.4;  // importance-sampling exponent at the start, annealed linearly to 1 (paper: 0.4 / 0.5)
    long betaSteps = 100000;  // number of sample() calls over which β goes from beta0 to 1
    double epsilon = 1e-6;    // p = |δ| + ε keeps a transition with zero TD error sampleable
    // Proportional and rank-based: split the probability mass into batchSize equal strata, one draw per stratum (as
    // in the paper); each draw's marginal is still exactly P(i). The uniform sampler always draws independently.
    bool stratified = true;
    WeightNormalisation normalisation = WeightNormalisation::Batch;
    // Rank-based: re-sort by |δ| after this many priority updates; a sort costs O(N log N), so this is amortised
    // O(N log N / interval) per update (raise it for large buffers).
    std::size_t rankResortInterval = 1000;
    int featureDim = 0;
};

// A sampled minibatch: slot indices (pass them back to updatePriorities), copies of the transitions, the probability
// with which each was drawn (per draw) and its importance-sampling weight w_i = (N·P(i))^−β / max w.
struct ReplayBatch {
    std::vector<std::size_t> indices;
    std::vector<Transition> transitions;
    std::vector<double> probabilities;
    std::vector<double> weights;
    double beta = 1;
};

// Experience replay memory: a ring buffer of transitions (once full, each new transition overwrites the oldest) with
// a choice of sampler.
//
// Proportional: the SumTree's leaves hold p_i^α. A new transition gets the largest p^α currently stored (1 when the
// buffer is empty), so it is replayed at least once soon, before its TD error is known. updatePriorities sets
// p = |δ| + ε.
//
// Rank-based: P depends only on a transition's rank by |δ|, so the distribution over ranks is fixed by N and α and
// its cumulative sums C(r) = Σ_{k<=r} k^−α are precomputed once for the whole capacity (C for N < capacity is a prefix
// of it). A draw is a binary search of u·C(N) in C, then rank → slot through the sort order. That order is maintained
// lazily: a new transition (which gets the maximum priority) is moved to rank 1 at once (O(N) memmove of indices, cheap
// next to a sort), and after `rankResortInterval` priority updates the order is re-sorted by |δ| (O(N log N),
// amortised over the interval). Between re-sorts the ranks are those of the last sort, i.e. slightly stale, the same
// trade-off the paper makes with its approximately sorted heap; sampling is exactly ∝ rank^−α with respect to the
// current order (we do not use the paper's piecewise-uniform segments, so the χ² test applies exactly).
//
// Every sample() call counts as one annealing step: β = beta0 + (1 − beta0)·min(1, steps / betaSteps).
class ReplayBuffer {
public:
    // Throws std::invalid_argument naming the value for capacity 0 or > 2^30, α < 0 or non-finite, beta0 outside
    // [0, 1], betaSteps < 0, ε < 0 or non-finite, rankResortInterval 0, featureDim < 0 or > 4096.
    explicit ReplayBuffer(const ReplayConfig& config);

    const ReplayConfig& config() const { return m_config; }
    std::size_t capacity() const { return m_config.capacity; }
    std::size_t size() const { return m_size; }
    // The slot the next add() writes to.
    std::size_t nextSlot() const { return m_next; }

    // Stores a transition (overwriting the oldest when full) and returns its slot. Throws std::invalid_argument
    // naming the value when a feature vector is neither empty nor featureDim long, or holds a non-finite value, or the
    // reward is not finite.
    std::size_t add(const Transition& t);

    // Draws batchSize transitions (with replacement) and advances the β schedule by one step. Throws
    // std::invalid_argument naming the value for batchSize 0 or > size().
    ReplayBatch sample(std::size_t batchSize, Random& rng);

    // Sets p = |δ| + ε for each slot (proportional and rank-based; ignored by the uniform sampler, which has no
    // priorities). Throws std::invalid_argument naming the value for mismatched lengths, a slot >= size(), or a
    // non-finite δ; nothing is changed then.
    void updatePriorities(std::span<const std::size_t> indices, std::span<const double> tdErrors);

    // The transition stored in a slot (slot < size()).
    Transition at(std::size_t slot) const;
    // The priority p = |δ| + ε of a slot (before the exponent α), 1 for the uniform sampler. A new transition's p is
    // the largest stored (1 in an empty buffer); proportional with α > 0 stores it as (max leaf)^(1/α) and with α = 0,
    // where every leaf is 1 and priorities do not matter, as 1.
    double priority(std::size_t slot) const;
    // The per-draw probability of a slot under the current sampler and order.
    double probability(std::size_t slot) const;
    // The rank of a slot in the current (possibly stale) order, 1 = most likely; rank-based sampler only.
    std::size_t rank(std::size_t slot) const;
    // Re-sorts the rank order now (rank-based sampler).
    void resortRanks();

    double beta() const;
    long annealSteps() const { return m_steps; }
    void setAnnealSteps(long steps);

    // How many times each slot has been drawn since it was written (a new transition resets its slot's count) or
    // since resetSampleCounts(); the GUI shows these as "which leaves were sampled".
    std::span<const std::uint64_t> sampleCounts() const { return m_sampleCounts; }
    void resetSampleCounts();

    // The proportional sampler's SumTree (leaves p^α), for drawing it. Rank-based: leaves p (only the maximum is
    // used). Uniform: a one-leaf tree that is not used.
    const SumTree& tree() const { return m_tree; }

private:
    std::size_t drawRank(double u) const;
    void checkSlot(std::size_t slot, const char* what) const;

    ReplayConfig m_config;
    std::size_t m_size = 0;
    std::size_t m_next = 0;
    long m_steps = 0;

    // Transitions, structure of arrays.
    std::vector<int> m_state, m_action, m_nextState;
    std::vector<double> m_reward;
    std::vector<std::uint8_t> m_done;
    std::vector<std::uint8_t> m_hasFeatures;  // bit 0: features stored, bit 1: nextFeatures stored
    std::vector<float> m_features, m_nextFeatures;  // capacity × featureDim

    std::vector<double> m_priority;  // p = |δ| + ε per slot (proportional and rank)
    // Proportional: leaves p^α (sampled). Rank-based: leaves p, only its max is used (a new transition's priority).
    SumTree m_tree;

    // Rank-based: m_order[r] = slot at rank r + 1; m_rankOf is its inverse; m_cumulative[r] = Σ_{k<=r+1} k^−α.
    std::vector<std::uint32_t> m_order;
    std::vector<std::uint32_t> m_rankOf;
    std::vector<double> m_cumulative;
    std::size_t m_updatesSinceSort = 0;

    std::vector<std::uint64_t> m_sampleCounts;
};

}  // namespace neuroai::rl
