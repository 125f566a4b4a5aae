#include "engine/network/Network.h"

#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace neuroai::network {

namespace {

// Weight of a unit of synaptic current at the start of a step on v at its end, for the linear system
// τm v' = −v + g, τs g' = −g: ∫ e^{−(dt−s)/τm} e^{−s/τs} ds / τm = τs/(τs − τm) (e^{−dt/τs} − e^{−dt/τm}), or
// (dt/τm) e^{−dt/τm} when τs = τm.
double currentToVoltage(double dt, double tauM, double tauS)
{
    if (std::abs(tauS - tauM) < 1e-12 * tauM)
        return dt / tauM * std::exp(-dt / tauM);
    return tauS / (tauS - tauM) * (std::exp(-dt / tauS) - std::exp(-dt / tauM));
}

void checkPositive(double value, const char* name)
{
    if (!(value > 0) || !std::isfinite(value))
        throw std::invalid_argument(std::string(name) + " must be a positive number (got " + std::to_string(value) +
                                    ")");
}

}  // namespace

Network::Network(double dtMs)
    : m_dt(dtMs)
{
    checkPositive(dtMs, "dt");
}

int Network::addLifPopulation(const std::string& name, int size, const LifParameters& p)
{
    if (size < 0)
        throw std::invalid_argument("population '" + name + "' has a negative size");
    checkPositive(p.tauM, "tau_m");
    checkPositive(p.tauE, "tau_e");
    checkPositive(p.tauI, "tau_i");
    if (!(p.tRef >= 0) || !std::isfinite(p.tRef))
        throw std::invalid_argument("t_ref must be a non-negative number");
    for (const double x : {p.vRest, p.vThreshold, p.vReset})
        if (!std::isfinite(x))
            throw std::invalid_argument("population '" + name + "' has a non-finite voltage parameter");
    if (!(p.vReset < p.vThreshold))
        throw std::invalid_argument("population '" + name + "': v_reset must lie below v_threshold");
    Population pop;
    pop.name = name;
    pop.size = size;
    pop.parameters = p;
    pop.decayM = float(std::exp(-m_dt / p.tauM));
    pop.decayE = float(std::exp(-m_dt / p.tauE));
    pop.decayI = float(std::exp(-m_dt / p.tauI));
    pop.fromE = float(currentToVoltage(m_dt, p.tauM, p.tauE));
    pop.fromI = float(currentToVoltage(m_dt, p.tauM, p.tauI));
    pop.vRest = float(p.vRest);
    pop.vThreshold = float(p.vThreshold);
    pop.vReset = float(p.vReset);
    // Brian2's rule: refractory while the whole steps since the spike are fewer than those of t_ref.
    pop.refractorySteps = int(std::llround(p.tRef / m_dt));
    pop.v.assign(std::size_t(size), float(p.vRest));
    pop.ge.assign(std::size_t(size), 0.0f);
    pop.gi.assign(std::size_t(size), 0.0f);
    pop.refractoryLeft.assign(std::size_t(size), 0);
    pop.ringE = DelayRing(size, 0);
    pop.ringI = DelayRing(size, 0);
    m_populations.push_back(std::move(pop));
    m_totalNeurons += size;
    return int(m_populations.size()) - 1;
}

int Network::addProjection(int from, int to, Receptor receptor, Projection projection)
{
    const int n = populationCount();
    if (from < 0 || from >= n || to < 0 || to >= n)
        throw std::invalid_argument("projection between populations " + std::to_string(from) + " and " +
                                    std::to_string(to) + ", but the network has " + std::to_string(n));
    if (projection.preCount() != size(from) || projection.postCount() != size(to))
        throw std::invalid_argument("projection of " + std::to_string(projection.preCount()) + " → " +
                                    std::to_string(projection.postCount()) + " neurons between populations of " +
                                    std::to_string(size(from)) + " and " + std::to_string(size(to)));
    Population& target = m_populations[std::size_t(to)];
    DelayRing& ring = receptor == Receptor::Excitatory ? target.ringE : target.ringI;
    if (projection.maxDelaySteps() > ring.maxDelaySteps())
        ring = DelayRing(target.size, projection.maxDelaySteps());
    m_projections.push_back({from, to, receptor, std::move(projection)});
    return int(m_projections.size()) - 1;
}

void Network::setBias(int population, double mV)
{
    if (population < 0 || population >= populationCount())
        throw std::invalid_argument("bias for population " + std::to_string(population) + ", but the network has " +
                                    std::to_string(populationCount()));
    if (!std::isfinite(mV))
        throw std::invalid_argument("the bias of population '" + m_populations[std::size_t(population)].name +
                                    "' must be a finite number of mV");
    m_populations[std::size_t(population)].bias = float(mV);
}

std::size_t Network::synapseCount() const
{
    std::size_t total = 0;
    for (const Connection& c : m_projections)
        total += c.projection.synapseCount();
    return total;
}

void Network::initialiseUniform(double low, double high, Random& random)
{
    for (Population& pop : m_populations) {
        for (float& v : pop.v)
            v = float(low + (high - low) * random.uniform());
        std::fill(pop.ge.begin(), pop.ge.end(), 0.0f);
        std::fill(pop.gi.begin(), pop.gi.end(), 0.0f);
        std::fill(pop.refractoryLeft.begin(), pop.refractoryLeft.end(), 0);
        pop.spiked.clear();
        pop.ringE.clear();
        pop.ringI.clear();
    }
    m_steps = 0;
    m_spikeCount = 0;
    m_events = 0;
    m_spikeRecord.clear();
}

namespace {

// One block of a LIF population, integrated exactly over dt (no branch and no call, so the compiler vectorises it),
// returning whether any cell of the block is now above threshold. Built twice, for AVX2 and for the baseline x86-64,
// and the loader picks the one the processor runs: the arithmetic is the same (no FMA contraction in either), so the
// results are bit for bit the same on every machine.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
bool integrateLifBlock(float* __restrict v, float* __restrict ge, float* __restrict gi, int* __restrict left, int n,
                       float decayM, float decayE, float decayI, float fromE, float fromI, float rest, float threshold)
{
    int above = 0;
    for (int j = 0; j < n; ++j) {
        const float integrated = rest + (v[j] - rest) * decayM + ge[j] * fromE + gi[j] * fromI;
        const int remaining = std::max(left[j] - 1, 0);
        left[j] = remaining;
        const float next = remaining > 0 ? v[j] : integrated;
        v[j] = next;
        ge[j] *= decayE;
        gi[j] *= decayI;
        above |= int(next > threshold);
    }
    return above != 0;
}

// Adds the input due now to the conductances and zeroes its ring slot for reuse, in one pass.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void addDue(float* __restrict g, float* __restrict due, int n)
{
    for (int j = 0; j < n; ++j) {
        g[j] += due[j];
        due[j] = 0.0f;
    }
}

// Adds a spiking neuron's row of weights to its targets: the scatter at the heart of event-driven propagation.
inline void scatterRow(float* __restrict into, const int* __restrict targets, const float* __restrict weights,
                       std::int64_t begin, std::int64_t end)
{
    for (std::int64_t s = begin; s < end; ++s)
        into[targets[s]] += weights[s];
}

}  // namespace

void Network::step()
{
    // 1. Integrate exactly over dt and 2. threshold, block by block: a block small enough to stay in the first-level
    // cache is integrated by the vectorised loop, which also says whether any of its cells crossed, and only then is
    // it scanned for the (rare) spiking cells.
    constexpr int kBlock = 256;
    for (std::size_t p = 0; p < m_populations.size(); ++p) {
        Population& pop = m_populations[p];
        pop.spiked.clear();
        const int n = pop.size;
        const float threshold = pop.vThreshold;
        for (int base = 0; base < n; base += kBlock) {
            const int count = std::min(kBlock, n - base);
            float* v = pop.v.data() + base;
            if (integrateLifBlock(v, pop.ge.data() + base, pop.gi.data() + base, pop.refractoryLeft.data() + base,
                                  count, pop.decayM, pop.decayE, pop.decayI, pop.fromE, pop.fromI, pop.vRest + pop.bias,
                                  threshold)) [[unlikely]] {
                for (int j = 0; j < count; ++j)
                    if (v[j] > threshold)
                        pop.spiked.push_back(base + j);
            }
        }
        m_spikeCount += pop.spiked.size();
        if (m_record)
            for (const int j : pop.spiked)
                m_spikeRecord.push_back({m_steps, int(p), j});
    }
    // 3. Deliver spikes through the projections. Without delay a spike's weight goes straight into the target's
    // ge or gi (they were integrated already, so this is the same as adding it at the end of the step); with delays
    // it waits in the target's ring.
    for (Connection& c : m_projections) {
        const Population& source = m_populations[std::size_t(c.from)];
        if (source.spiked.empty())
            continue;
        Population& target = m_populations[std::size_t(c.to)];
        const bool excitatory = c.receptor == Receptor::Excitatory;
        DelayRing& ring = excitatory ? target.ringE : target.ringI;
        const Projection& proj = c.projection;
        const int* targets = proj.targets().data();
        const float* weights = proj.weights().data();
        if (proj.uniformDelay()) {
            const int delay = proj.synapseCount() > 0 ? proj.delays()[0] : 0;
            float* into = delay == 0 ? (excitatory ? target.ge.data() : target.gi.data()) : ring.slot(delay);
            // A spiking neuron's row is almost never in cache: ask for the next spike's row while this one is added.
            const std::vector<int>& spiked = source.spiked;
            const std::size_t count = spiked.size();
            for (std::size_t k = 0; k < count; ++k) {
                if (k + 1 < count) {
                    const std::int64_t next = proj.rowBegin(spiked[k + 1]);
                    __builtin_prefetch(targets + next);
                    __builtin_prefetch(weights + next);
                }
                const std::int64_t begin = proj.rowBegin(spiked[k]), end = proj.rowEnd(spiked[k]);
                scatterRow(into, targets, weights, begin, end);
                m_events += std::uint64_t(end - begin);
            }
        } else {
            const std::uint16_t* delays = proj.delays().data();
            const std::vector<int>& spiked = source.spiked;
            for (std::size_t k = 0; k < spiked.size(); ++k) {
                const int i = spiked[k];
                if (k + 1 < spiked.size()) {
                    const std::int64_t next = proj.rowBegin(spiked[k + 1]);
                    __builtin_prefetch(targets + next);
                    __builtin_prefetch(weights + next);
                    __builtin_prefetch(delays + next);
                }
                const std::int64_t end = proj.rowEnd(i);
                for (std::int64_t s = proj.rowBegin(i); s < end; ++s)
                    ring.add(delays[s], targets[s], weights[s]);
                m_events += std::uint64_t(end - proj.rowBegin(i));
            }
        }
    }
    // 4. What the rings hold for now enters ge/gi (only rings that delayed projections write to; a ring of a single
    // slot is never written); 5. reset the cells that spiked.
    for (Population& pop : m_populations) {
        if (pop.ringE.maxDelaySteps() > 0) {
            addDue(pop.ge.data(), pop.ringE.current(), pop.size);
            pop.ringE.advance();
        }
        if (pop.ringI.maxDelaySteps() > 0) {
            addDue(pop.gi.data(), pop.ringI.current(), pop.size);
            pop.ringI.advance();
        }
        for (const int j : pop.spiked) {
            pop.v[std::size_t(j)] = pop.vReset;
            pop.refractoryLeft[std::size_t(j)] = pop.refractorySteps;
        }
    }
    ++m_steps;
}

}  // namespace neuroai::network
