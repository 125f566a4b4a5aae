#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai {

class Random;

namespace network {

// Synapses as a plain list (coordinate form): what the connectivity rules produce and what a user may supply.
// delaySteps counts whole simulation steps (0: the spike acts at the end of the step it was emitted in).
struct SynapseList {
    std::vector<int> pre;
    std::vector<int> post;
    std::vector<float> weight;
    std::vector<int> delaySteps;

    std::size_t size() const { return pre.size(); }
    void add(int i, int j, float w, int delay = 0)
    {
        pre.push_back(i);
        post.push_back(j);
        weight.push_back(w);
        delaySteps.push_back(delay);
    }
};

// Connectivity rules. Each fills a SynapseList with one weight and delay for every synapse it makes; the caller may
// change weights and delays afterwards. Indices are within the source (pre) and target (post) populations.
//
// fixedProbability: every ordered pair (i, j) is connected independently with probability p (i == j excluded when
// allowSelf is false, for a projection from a population onto itself). The pairs of a row are drawn by geometric
// skipping (gaps ~ Geometric(p)), so building costs O(synapses), not O(nPre·nPost): 64 000 neurons at 80 synapses
// each is 5 million draws, not 4 billion.
SynapseList fixedProbability(int nPre, int nPost, double p, Random& random, float weight, int delaySteps = 0,
                             bool allowSelf = true);
SynapseList allToAll(int nPre, int nPost, float weight, int delaySteps = 0, bool allowSelf = true);
SynapseList oneToOne(int n, float weight, int delaySteps = 0);

// A projection's synapses in compressed sparse row form, ordered by presynaptic neuron: the synapses of neuron i are
// [rowStart[i], rowStart[i + 1]), which is what event-driven propagation walks when i spikes. The transpose index
// lists, for each postsynaptic neuron j, the indices of its incoming synapses, [columnStart[j], columnStart[j + 1])
// into `incoming`: what a learning rule needs when j spikes. Within a row, synapses keep the order of the list.
class Projection {
public:
    // Validates and converts. Throws std::invalid_argument naming the first bad synapse: an index outside its
    // population, a negative or too long delay (more than maxDelaySteps), a non-finite weight, or lists of unequal
    // length.
    static Projection fromList(int nPre, int nPost, const SynapseList& list, int maxDelaySteps = 65535);

    int preCount() const { return m_nPre; }
    int postCount() const { return m_nPost; }
    std::size_t synapseCount() const { return m_target.size(); }
    int maxDelaySteps() const { return m_maxDelay; }

    std::int64_t rowBegin(int pre) const { return m_rowStart[std::size_t(pre)]; }
    std::int64_t rowEnd(int pre) const { return m_rowStart[std::size_t(pre) + 1]; }
    const std::vector<int>& targets() const { return m_target; }
    const std::vector<float>& weights() const { return m_weight; }
    std::vector<float>& weights() { return m_weight; }
    const std::vector<std::uint16_t>& delays() const { return m_delay; }
    int source(std::int64_t synapse) const;  // presynaptic neuron of a synapse (binary search over the rows)

    std::int64_t columnBegin(int post) const { return m_columnStart[std::size_t(post)]; }
    std::int64_t columnEnd(int post) const { return m_columnStart[std::size_t(post) + 1]; }
    const std::vector<std::int64_t>& incoming() const { return m_incoming; }

    // True if all synapses share one delay (then propagation needs no per-synapse slot lookup).
    bool uniformDelay() const { return m_uniformDelay; }

private:
    int m_nPre = 0;
    int m_nPost = 0;
    int m_maxDelay = 0;
    bool m_uniformDelay = true;
    std::vector<std::int64_t> m_rowStart;
    std::vector<int> m_target;
    std::vector<float> m_weight;
    std::vector<std::uint16_t> m_delay;
    std::vector<std::int64_t> m_columnStart;
    std::vector<std::int64_t> m_incoming;
};

// Spikes waiting for their delay, as input already summed per target neuron: slot (now + d) mod (maxDelay + 1) holds
// what arrives d steps from now. Delivering a spike costs one addition per synapse; reading a step's input costs one
// pass over the population, however many spikes arrived.
class DelayRing {
public:
    DelayRing() = default;
    DelayRing(int neurons, int maxDelaySteps);

    // Adds `value` to neuron j's input `delaySteps` steps after the current one (0: the current one).
    void add(int delaySteps, int j, float value) { slot(delaySteps)[std::size_t(j)] += value; }
    float* slot(int delaySteps) { return m_buffer.data() + std::size_t(index(delaySteps)) * std::size_t(m_neurons); }
    // The input due now. The caller consumes it and leaves it zeroed for reuse, then calls advance().
    float* current() { return slot(0); }
    void advance() { m_now = (m_now + 1) % m_slots; }
    void clear();
    int maxDelaySteps() const { return m_slots - 1; }

private:
    int index(int delaySteps) const { return (m_now + delaySteps) % m_slots; }

    int m_neurons = 0;
    int m_slots = 1;
    int m_now = 0;
    std::vector<float> m_buffer;
};

}  // namespace network
}  // namespace neuroai
