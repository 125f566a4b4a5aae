#include "engine/network/Projection.h"

#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::network {

namespace {

void checkPopulation(int n, const char* what)
{
    if (n < 0)
        throw std::invalid_argument(std::string(what) + " has a negative size (" + std::to_string(n) + ")");
}

void checkDelay(int delaySteps)
{
    if (delaySteps < 0 || delaySteps > 65535)
        throw std::invalid_argument("delay of " + std::to_string(delaySteps) + " steps is outside [0, 65535]");
}

}  // namespace

SynapseList fixedProbability(int nPre, int nPost, double p, Random& random, float weight, int delaySteps,
                             bool allowSelf)
{
    checkPopulation(nPre, "the source population");
    checkPopulation(nPost, "the target population");
    checkDelay(delaySteps);
    if (!(p >= 0.0 && p <= 1.0))
        throw std::invalid_argument("connection probability " + std::to_string(p) + " is outside [0, 1]");
    SynapseList list;
    if (p == 0.0)
        return list;
    const auto expected = std::size_t(double(nPre) * double(nPost) * p * 1.01 + 16);
    list.pre.reserve(expected);
    list.post.reserve(expected);
    const double logMiss = std::log1p(-p);  // ln(1 − p); −inf when p == 1
    for (int i = 0; i < nPre; ++i) {
        // Candidates of row i: every target, or every target but i itself (then candidate c ≥ i stands for c + 1).
        const bool skipSelf = !allowSelf && i < nPost;
        const long long candidates = nPost - (skipSelf ? 1 : 0);
        long long c = -1;
        for (;;) {
            if (p < 1.0) {
                // Gap before the next success of a Bernoulli(p) sequence: Geometric(p) on {0, 1, ...}.
                const double u = 1.0 - random.uniform();  // (0, 1]
                const double gap = std::floor(std::log(u) / logMiss);
                if (gap >= double(candidates))
                    break;
                c += 1 + (long long)gap;
            } else {
                c += 1;
            }
            if (c >= candidates)
                break;
            const int j = int(skipSelf && c >= i ? c + 1 : c);
            list.add(i, j, weight, delaySteps);
        }
    }
    return list;
}

SynapseList allToAll(int nPre, int nPost, float weight, int delaySteps, bool allowSelf)
{
    checkPopulation(nPre, "the source population");
    checkPopulation(nPost, "the target population");
    checkDelay(delaySteps);
    SynapseList list;
    for (int i = 0; i < nPre; ++i)
        for (int j = 0; j < nPost; ++j)
            if (allowSelf || i != j)
                list.add(i, j, weight, delaySteps);
    return list;
}

SynapseList oneToOne(int n, float weight, int delaySteps)
{
    checkPopulation(n, "the population");
    checkDelay(delaySteps);
    SynapseList list;
    for (int i = 0; i < n; ++i)
        list.add(i, i, weight, delaySteps);
    return list;
}

Projection Projection::fromList(int nPre, int nPost, const SynapseList& list, int maxDelaySteps)
{
    checkPopulation(nPre, "the source population");
    checkPopulation(nPost, "the target population");
    const std::size_t n = list.pre.size();
    if (list.post.size() != n || list.weight.size() != n || list.delaySteps.size() != n)
        throw std::invalid_argument("synapse list columns differ in length (pre " + std::to_string(n) + ", post " +
                                    std::to_string(list.post.size()) + ", weight " +
                                    std::to_string(list.weight.size()) + ", delay " +
                                    std::to_string(list.delaySteps.size()) + ")");
    if (maxDelaySteps < 0 || maxDelaySteps > 65535)
        throw std::invalid_argument("maximum delay of " + std::to_string(maxDelaySteps) +
                                    " steps is outside [0, 65535]");
    Projection out;
    out.m_nPre = nPre;
    out.m_nPost = nPost;
    out.m_rowStart.assign(std::size_t(nPre) + 1, 0);
    for (std::size_t s = 0; s < n; ++s) {
        const int i = list.pre[s], j = list.post[s], d = list.delaySteps[s];
        if (i < 0 || i >= nPre || j < 0 || j >= nPost)
            throw std::invalid_argument("synapse " + std::to_string(s) + " connects " + std::to_string(i) + " → " +
                                        std::to_string(j) + ", outside the populations (" + std::to_string(nPre) +
                                        " → " + std::to_string(nPost) + " neurons)");
        if (!std::isfinite(list.weight[s]))
            throw std::invalid_argument("synapse " + std::to_string(s) + " has a non-finite weight");
        if (d < 0 || d > maxDelaySteps)
            throw std::invalid_argument("synapse " + std::to_string(s) + " has a delay of " + std::to_string(d) +
                                        " steps, outside [0, " + std::to_string(maxDelaySteps) + "]");
        ++out.m_rowStart[std::size_t(i) + 1];
    }
    for (int i = 0; i < nPre; ++i)
        out.m_rowStart[std::size_t(i) + 1] += out.m_rowStart[std::size_t(i)];
    // Counting sort by presynaptic neuron; stable, so a row keeps the list's order.
    out.m_target.resize(n);
    out.m_weight.resize(n);
    out.m_delay.resize(n);
    std::vector<std::int64_t> next(out.m_rowStart.begin(), out.m_rowStart.end() - 1);
    for (std::size_t s = 0; s < n; ++s) {
        const auto at = std::size_t(next[std::size_t(list.pre[s])]++);
        out.m_target[at] = list.post[s];
        out.m_weight[at] = list.weight[s];
        out.m_delay[at] = std::uint16_t(list.delaySteps[s]);
        out.m_maxDelay = std::max(out.m_maxDelay, list.delaySteps[s]);
        if (list.delaySteps[s] != list.delaySteps[0])
            out.m_uniformDelay = false;
    }
    // The transpose index, again by counting sort: incoming synapses of each target in order of synapse index.
    out.m_columnStart.assign(std::size_t(nPost) + 1, 0);
    for (const int j : out.m_target)
        ++out.m_columnStart[std::size_t(j) + 1];
    for (int j = 0; j < nPost; ++j)
        out.m_columnStart[std::size_t(j) + 1] += out.m_columnStart[std::size_t(j)];
    out.m_incoming.resize(n);
    std::vector<std::int64_t> fill(out.m_columnStart.begin(), out.m_columnStart.end() - 1);
    for (std::size_t s = 0; s < n; ++s)
        out.m_incoming[std::size_t(fill[std::size_t(out.m_target[s])]++)] = std::int64_t(s);
    return out;
}

int Projection::source(std::int64_t synapse) const
{
    // The row whose range holds the synapse: the last rowStart ≤ synapse (empty rows share a start, so take the last).
    const auto it = std::upper_bound(m_rowStart.begin(), m_rowStart.end(), synapse);
    return int(it - m_rowStart.begin()) - 1;
}

DelayRing::DelayRing(int neurons, int maxDelaySteps)
    : m_neurons(neurons)
    , m_slots(maxDelaySteps + 1)
{
    if (neurons < 0 || maxDelaySteps < 0 || maxDelaySteps > 65535)
        throw std::invalid_argument("delay ring of " + std::to_string(neurons) + " neurons and " +
                                    std::to_string(maxDelaySteps) + " steps");
    m_buffer.assign(std::size_t(m_slots) * std::size_t(neurons), 0.0f);
}

void DelayRing::clear()
{
    std::fill(m_buffer.begin(), m_buffer.end(), 0.0f);
    m_now = 0;
}

}  // namespace neuroai::network
