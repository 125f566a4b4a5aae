#include "engine/rl/ReplayBuffer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {

std::string num(double v) { return std::to_string(v); }

void checkFeatures(const std::vector<float>& f, int dim, const char* name)
{
    if (f.empty())
        return;
    if (f.size() != std::size_t(dim))
        throw std::invalid_argument(std::string("ReplayBuffer transition ") + name + " must be empty or featureDim " +
                                    std::to_string(dim) + " long (got " + std::to_string(f.size()) + ")");
    for (float v : f)
        if (!std::isfinite(v))
            throw std::invalid_argument(std::string("ReplayBuffer transition ") + name +
                                        " must be finite (got " + num(double(v)) + ")");
}

}  // namespace

ReplayBuffer::ReplayBuffer(const ReplayConfig& config)
    : m_config(config),
      m_tree(config.sampler == ReplaySampler::Uniform || config.capacity < 1 || config.capacity > (std::size_t(1) << 30)
                 ? 1
                 : config.capacity)
{
    const ReplayConfig& c = m_config;
    if (c.capacity < 1 || c.capacity > (std::size_t(1) << 30))
        throw std::invalid_argument("ReplayBuffer capacity must be in [1, 2^30] (got " + std::to_string(c.capacity) +
                                    ")");
    if (!std::isfinite(c.alpha) || c.alpha < 0)
        throw std::invalid_argument("ReplayBuffer alpha must be finite and >= 0 (got " + num(c.alpha) + ")");
    if (!std::isfinite(c.beta0) || c.beta0 < 0 || c.beta0 > 1)
        throw std::invalid_argument("ReplayBuffer beta0 must be in [0, 1] (got " + num(c.beta0) + ")");
    if (c.betaSteps < 0)
        throw std::invalid_argument("ReplayBuffer betaSteps must be >= 0 (got " + std::to_string(c.betaSteps) + ")");
    if (!std::isfinite(c.epsilon) || c.epsilon < 0)
        throw std::invalid_argument("ReplayBuffer epsilon must be finite and >= 0 (got " + num(c.epsilon) + ")");
    if (c.rankResortInterval < 1)
        throw std::invalid_argument("ReplayBuffer rankResortInterval must be >= 1 (got " +
                                    std::to_string(c.rankResortInterval) + ")");
    if (c.featureDim < 0 || c.featureDim > 4096)
        throw std::invalid_argument("ReplayBuffer featureDim must be in [0, 4096] (got " +
                                    std::to_string(c.featureDim) + ")");

    const std::size_t n = c.capacity;
    m_state.assign(n, 0);
    m_action.assign(n, 0);
    m_nextState.assign(n, 0);
    m_reward.assign(n, 0.0);
    m_done.assign(n, 0);
    m_hasFeatures.assign(n, 0);
    m_features.assign(n * std::size_t(c.featureDim), 0.0f);
    m_nextFeatures.assign(n * std::size_t(c.featureDim), 0.0f);
    m_priority.assign(n, 1.0);
    m_sampleCounts.assign(n, 0);
    if (c.sampler == ReplaySampler::Rank) {
        m_order.reserve(n);
        m_rankOf.assign(n, 0);
        // C(r) = Σ_{k<=r} k^−α for every r up to the capacity; for a buffer holding N, C(N) is the normaliser.
        m_cumulative.resize(n);
        double s = 0;
        for (std::size_t r = 0; r < n; ++r) {
            s += std::pow(double(r + 1), -c.alpha);
            m_cumulative[r] = s;
        }
    }
}

std::size_t ReplayBuffer::add(const Transition& t)
{
    const int dim = m_config.featureDim;
    checkFeatures(t.features, dim, "features");
    checkFeatures(t.nextFeatures, dim, "nextFeatures");
    if (!std::isfinite(t.reward))
        throw std::invalid_argument("ReplayBuffer transition reward must be finite (got " + num(t.reward) + ")");

    const std::size_t slot = m_next;
    const bool fresh = m_size < m_config.capacity;  // a new slot, not an overwrite
    m_state[slot] = t.state;
    m_action[slot] = t.action;
    m_nextState[slot] = t.nextState;
    m_reward[slot] = t.reward;
    m_done[slot] = t.done ? 1 : 0;
    m_hasFeatures[slot] = std::uint8_t((t.features.empty() ? 0 : 1) | (t.nextFeatures.empty() ? 0 : 2));
    const std::size_t off = slot * std::size_t(dim);
    if (dim > 0) {
        std::fill_n(m_features.begin() + std::ptrdiff_t(off), dim, 0.0f);
        std::fill_n(m_nextFeatures.begin() + std::ptrdiff_t(off), dim, 0.0f);
        std::copy(t.features.begin(), t.features.end(), m_features.begin() + std::ptrdiff_t(off));
        std::copy(t.nextFeatures.begin(), t.nextFeatures.end(), m_nextFeatures.begin() + std::ptrdiff_t(off));
    }
    m_sampleCounts[slot] = 0;

    switch (m_config.sampler) {
    case ReplaySampler::Uniform:
        m_priority[slot] = 1.0;
        break;
    case ReplaySampler::Proportional: {
        // The new transition's leaf is the largest leaf stored (x ↦ x^α is increasing, so that is (max p)^α).
        const double top = m_size > 0 ? m_tree.max() : 0.0;
        const double leaf = top > 0 ? top : 1.0;
        m_priority[slot] = m_config.alpha > 0 ? std::pow(leaf, 1.0 / m_config.alpha) : 1.0;
        m_tree.set(slot, leaf);
        break;
    }
    case ReplaySampler::Rank: {
        const double top = m_size > 0 ? m_tree.max() : 0.0;
        const double p = top > 0 ? top : 1.0;
        m_priority[slot] = p;
        m_tree.set(slot, p);
        // Move the slot to rank 1 (it has the maximum priority), shifting the ones ahead of it down by one.
        std::size_t pos;
        if (fresh) {
            m_order.push_back(std::uint32_t(slot));
            pos = m_order.size() - 1;
        } else {
            pos = m_rankOf[slot];
        }
        std::rotate(m_order.begin(), m_order.begin() + std::ptrdiff_t(pos), m_order.begin() + std::ptrdiff_t(pos + 1));
        for (std::size_t r = 0; r <= pos; ++r)
            m_rankOf[m_order[r]] = std::uint32_t(r);
        break;
    }
    }

    if (fresh)
        ++m_size;
    m_next = (m_next + 1) % m_config.capacity;
    return slot;
}

double ReplayBuffer::beta() const
{
    const double b0 = m_config.beta0;
    if (m_steps >= m_config.betaSteps)
        return 1.0;  // exactly 1 at the end of the schedule (b0 + (1 − b0) need not round to 1)
    return b0 + (1.0 - b0) * double(m_steps) / double(m_config.betaSteps);
}

void ReplayBuffer::setAnnealSteps(long steps)
{
    if (steps < 0)
        throw std::invalid_argument("ReplayBuffer anneal steps must be >= 0 (got " + std::to_string(steps) + ")");
    m_steps = steps;
}

std::size_t ReplayBuffer::drawRank(double u) const
{
    const auto end = m_cumulative.begin() + std::ptrdiff_t(m_size);
    const auto it = std::upper_bound(m_cumulative.begin(), end, u);
    return std::min(std::size_t(it - m_cumulative.begin()), m_size - 1);
}

ReplayBatch ReplayBuffer::sample(std::size_t batchSize, Random& rng)
{
    if (batchSize < 1 || batchSize > m_size)
        throw std::invalid_argument("ReplayBuffer batch size must be in [1, size " + std::to_string(m_size) +
                                    "] (got " + std::to_string(batchSize) + ")");
    if (m_config.sampler == ReplaySampler::Rank && m_updatesSinceSort >= m_config.rankResortInterval)
        resortRanks();

    ReplayBatch batch;
    batch.beta = beta();
    batch.indices.resize(batchSize);
    batch.probabilities.resize(batchSize);
    const double n = double(m_size);
    // Draw j uses u in [j, j + 1)/B of the mass when stratified, [0, 1) otherwise; either way each slot's expected
    // share of the batch is exactly P(i).
    auto unit = [&](std::size_t j) {
        const double r = rng.uniform();
        return m_config.stratified ? (double(j) + r) / double(batchSize) : r;
    };
    double minPossible = 0;  // the smallest P any stored transition has (Buffer normalisation)
    switch (m_config.sampler) {
    case ReplaySampler::Uniform:
        for (std::size_t j = 0; j < batchSize; ++j) {
            batch.indices[j] = std::min(std::size_t(rng.uniform() * n), m_size - 1);
            batch.probabilities[j] = 1.0 / n;
        }
        minPossible = 1.0 / n;
        break;
    case ReplaySampler::Proportional: {
        const double total = m_tree.total();
        if (!(total > 0))
            throw std::logic_error("ReplayBuffer::sample: every stored priority is 0 (epsilon 0 and zero TD errors)");
        std::vector<double> targets(batchSize);
        for (std::size_t j = 0; j < batchSize; ++j)
            targets[j] = unit(j) * total;
        m_tree.findMany(targets, batch.indices);  // the descents interleaved (their cache misses overlap)
        for (std::size_t j = 0; j < batchSize; ++j)
            batch.probabilities[j] = m_tree.get(batch.indices[j]) / total;
        minPossible = m_tree.minPositive() / total;
        break;
    }
    case ReplaySampler::Rank: {
        const double norm = m_cumulative[m_size - 1];
        for (std::size_t j = 0; j < batchSize; ++j) {
            const std::size_t r = drawRank(unit(j) * norm);
            batch.indices[j] = m_order[r];
            batch.probabilities[j] = std::pow(double(r + 1), -m_config.alpha) / norm;
        }
        minPossible = std::pow(n, -m_config.alpha) / norm;
        break;
    }
    }

    // The drawn slots are scattered over the whole buffer, and each one is read from (or, for the counts and the
    // priority update that follows, written to) eight arrays: at 10^6 transitions those are cache misses, so ask for
    // all of them before touching any, and they overlap instead of queueing one after another.
    for (std::size_t j = 0; j < batchSize; ++j) {
        const std::size_t slot = batch.indices[j];
        __builtin_prefetch(&m_state[slot]);
        __builtin_prefetch(&m_action[slot]);
        __builtin_prefetch(&m_nextState[slot]);
        __builtin_prefetch(&m_reward[slot]);
        __builtin_prefetch(&m_done[slot]);
        __builtin_prefetch(&m_hasFeatures[slot]);
        __builtin_prefetch(&m_sampleCounts[slot], 1);
        if (!m_priority.empty())
            __builtin_prefetch(&m_priority[slot], 1);
    }

    // w_i = (N·P_i)^−β / max w. Since w is decreasing in P, max w belongs to the smallest P, and the ratio is
    // (P_min / P_i)^β: ≤ 1 because P_min ≤ P_i, and exactly 1 (pow(1, β) = 1) for the transition that has P_min.
    double pMin = minPossible;
    if (m_config.normalisation == WeightNormalisation::Batch)
        pMin = *std::min_element(batch.probabilities.begin(), batch.probabilities.end());
    batch.weights.resize(batchSize);
    batch.transitions.reserve(batchSize);
    for (std::size_t j = 0; j < batchSize; ++j) {
        batch.weights[j] = std::pow(std::min(pMin / batch.probabilities[j], 1.0), batch.beta);
        batch.transitions.push_back(at(batch.indices[j]));
        ++m_sampleCounts[batch.indices[j]];
    }
    ++m_steps;
    return batch;
}

void ReplayBuffer::checkSlot(std::size_t slot, const char* what) const
{
    if (slot >= m_size)
        throw std::invalid_argument(std::string("ReplayBuffer ") + what + " slot must be < size " +
                                    std::to_string(m_size) + " (got " + std::to_string(slot) + ")");
}

void ReplayBuffer::updatePriorities(std::span<const std::size_t> indices, std::span<const double> tdErrors)
{
    if (indices.size() != tdErrors.size())
        throw std::invalid_argument("ReplayBuffer updatePriorities: tdErrors length must equal indices length " +
                                    std::to_string(indices.size()) + " (got " + std::to_string(tdErrors.size()) + ")");
    for (std::size_t j = 0; j < indices.size(); ++j) {
        checkSlot(indices[j], "updatePriorities");
        if (!std::isfinite(tdErrors[j]))
            throw std::invalid_argument("ReplayBuffer updatePriorities: TD error must be finite (got " +
                                        num(tdErrors[j]) + ")");
    }
    if (m_config.sampler == ReplaySampler::Uniform)
        return;
    for (std::size_t j = 0; j < indices.size(); ++j) {
        const std::size_t slot = indices[j];
        const double p = std::abs(tdErrors[j]) + m_config.epsilon;
        m_priority[slot] = p;
        if (m_config.sampler == ReplaySampler::Proportional) {
            m_tree.set(slot, std::pow(p, m_config.alpha));
        } else {
            m_tree.set(slot, p);
            ++m_updatesSinceSort;
        }
    }
}

void ReplayBuffer::resortRanks()
{
    if (m_config.sampler != ReplaySampler::Rank)
        return;
    // Stable, so equal priorities keep their previous order (the most recently added first).
    std::stable_sort(m_order.begin(), m_order.end(),
                     [this](std::uint32_t a, std::uint32_t b) { return m_priority[a] > m_priority[b]; });
    for (std::size_t r = 0; r < m_order.size(); ++r)
        m_rankOf[m_order[r]] = std::uint32_t(r);
    m_updatesSinceSort = 0;
}

Transition ReplayBuffer::at(std::size_t slot) const
{
    checkSlot(slot, "at");
    Transition t;
    t.state = m_state[slot];
    t.action = m_action[slot];
    t.reward = m_reward[slot];
    t.nextState = m_nextState[slot];
    t.done = m_done[slot] != 0;
    const std::size_t dim = std::size_t(m_config.featureDim);
    const auto off = std::ptrdiff_t(slot * dim);
    if (m_hasFeatures[slot] & 1)
        t.features.assign(m_features.begin() + off, m_features.begin() + off + std::ptrdiff_t(dim));
    if (m_hasFeatures[slot] & 2)
        t.nextFeatures.assign(m_nextFeatures.begin() + off, m_nextFeatures.begin() + off + std::ptrdiff_t(dim));
    return t;
}

double ReplayBuffer::priority(std::size_t slot) const
{
    checkSlot(slot, "priority");
    return m_priority[slot];
}

double ReplayBuffer::probability(std::size_t slot) const
{
    checkSlot(slot, "probability");
    switch (m_config.sampler) {
    case ReplaySampler::Uniform:
        return 1.0 / double(m_size);
    case ReplaySampler::Proportional:
        return m_tree.get(slot) / m_tree.total();
    case ReplaySampler::Rank:
        return std::pow(double(m_rankOf[slot] + 1), -m_config.alpha) / m_cumulative[m_size - 1];
    }
    return 0;
}

std::size_t ReplayBuffer::rank(std::size_t slot) const
{
    checkSlot(slot, "rank");
    if (m_config.sampler != ReplaySampler::Rank)
        throw std::logic_error("ReplayBuffer::rank: only the rank-based sampler has ranks");
    return std::size_t(m_rankOf[slot]) + 1;
}

void ReplayBuffer::resetSampleCounts() { std::fill(m_sampleCounts.begin(), m_sampleCounts.end(), 0); }

}  // namespace neuroai::rl
