#include "engine/network/Network.h"

#include "engine/core/Random.h"
#include "engine/network/SpikeRule.h"

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

Network::Network(double dtMs, std::uint64_t seed)
    : m_dt(dtMs)
    , m_seed(seed)
    , m_random(seed)
{
    checkPositive(dtMs, "dt");
}

void Network::setSeed(std::uint64_t seed)
{
    m_seed = seed;
    m_random.reseed(seed);
}

void Network::checkPopulation(int population, const char* what) const
{
    if (population < 0 || population >= populationCount())
        throw std::invalid_argument(std::string(what) + ": population " + std::to_string(population) +
                                    " does not exist (the network has " + std::to_string(populationCount()) + ")");
}

void Network::checkProjection(int projection, const char* what) const
{
    if (projection < 0 || projection >= projectionCount())
        throw std::invalid_argument(std::string(what) + ": projection " + std::to_string(projection) +
                                    " does not exist (the network has " + std::to_string(projectionCount()) + ")");
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
    return addCellPopulation(std::move(pop), float(p.vRest));
}

int Network::addCellPopulation(Population pop, float initialV)
{
    const auto n = std::size_t(pop.size);
    pop.v.assign(n, initialV);
    pop.ge.assign(n, 0.0f);
    pop.gi.assign(n, 0.0f);
    pop.refractoryLeft.assign(n, 0);
    pop.ringE = DelayRing(pop.size, 0);
    pop.ringI = DelayRing(pop.size, 0);
    m_totalNeurons += pop.size;
    m_populations.push_back(std::move(pop));
    return int(m_populations.size()) - 1;
}

int Network::addInputPopulation(const std::string& name, int size, PopulationKind kind)
{
    Population pop;
    pop.name = name;
    pop.size = size;
    pop.kind = kind;
    m_populations.push_back(std::move(pop));
    m_totalNeurons += size;
    return int(m_populations.size()) - 1;
}

int Network::addPoissonPopulation(const std::string& name, int size, double rateHz)
{
    if (size < 0)
        throw std::invalid_argument("population '" + name + "' has a negative size (" + std::to_string(size) + ")");
    PoissonSource source(size, rateHz, m_dt);  // validates the rate
    const int index = addInputPopulation(name, size, PopulationKind::Poisson);
    m_populations.back().poisson = std::move(source);
    return index;
}

int Network::addSpikeTrainPopulation(const std::string& name, int size,
                                     const std::vector<std::vector<double>>& trainsMs)
{
    SpikeTrainSource source(name, size, trainsMs, m_dt);  // validates size and times
    const int index = addInputPopulation(name, size, PopulationKind::SpikeTrain);
    m_populations.back().trains = std::move(source);
    return index;
}

void Network::setRate(int population, double rateHz)
{
    checkPopulation(population, "setRate");
    Population& pop = m_populations[std::size_t(population)];
    if (pop.kind != PopulationKind::Poisson)
        throw std::invalid_argument("setRate: population '" + pop.name + "' is not a Poisson population");
    pop.poisson.setRate(rateHz);
}

void Network::setRates(int population, const std::vector<float>& ratesHz)
{
    checkPopulation(population, "setRates");
    Population& pop = m_populations[std::size_t(population)];
    if (pop.kind != PopulationKind::Poisson)
        throw std::invalid_argument("setRates: population '" + pop.name + "' is not a Poisson population");
    pop.poisson.setRates(ratesHz);
}

const std::vector<float>& Network::rates(int population) const
{
    checkPopulation(population, "rates");
    const Population& pop = m_populations[std::size_t(population)];
    if (pop.kind != PopulationKind::Poisson)
        throw std::invalid_argument("rates: population '" + pop.name + "' is not a Poisson population");
    return pop.poisson.rates();
}

void Network::setShortTermPlasticity(int projection, const TsodyksMarkramParameters& parameters)
{
    checkProjection(projection, "setShortTermPlasticity");
    Connection& c = m_projections[std::size_t(projection)];
    c.stp.emplace(parameters, c.projection.preCount(), m_dt);
}

void Network::clearShortTermPlasticity(int projection)
{
    checkProjection(projection, "clearShortTermPlasticity");
    m_projections[std::size_t(projection)].stp.reset();
}

const ShortTermPlasticity* Network::shortTermPlasticity(int projection) const
{
    checkProjection(projection, "shortTermPlasticity");
    const Connection& c = m_projections[std::size_t(projection)];
    return c.stp ? &*c.stp : nullptr;
}

void Network::attachRule(int projection, std::shared_ptr<SpikeRule> rule)
{
    checkProjection(projection, "attachRule");
    Connection& c = m_projections[std::size_t(projection)];
    if (rule)
        rule->prepare(c.projection, m_dt);
    c.rule = std::move(rule);
}

int Network::addRateMonitor(int population, int binSteps)
{
    checkPopulation(population, "addRateMonitor");
    m_rateMonitors.emplace_back(population, size(population), binSteps, m_dt);
    return int(m_rateMonitors.size()) - 1;
}

int Network::addStateMonitor(int population, StateVariable variable, std::vector<int> neurons, int everySteps)
{
    checkPopulation(population, "addStateMonitor");
    const Population& pop = m_populations[std::size_t(population)];
    if (isInputPopulation(pop.kind))
        throw std::invalid_argument("addStateMonitor: population '" + pop.name +
                                    "' is an input population and has no " + stateVariableName(variable));
    for (const int j : neurons)
        if (j < 0 || j >= pop.size)
            throw std::invalid_argument("addStateMonitor: neuron " + std::to_string(j) + " is outside population '" +
                                        pop.name + "' of " + std::to_string(pop.size));
    m_stateMonitors.emplace_back(population, variable, std::move(neurons), everySteps);
    return int(m_stateMonitors.size()) - 1;
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
    if (isInputPopulation(target.kind))
        throw std::invalid_argument("population '" + target.name +
                                    "' is an input population and cannot be a projection's target");
    DelayRing& ring = receptor == Receptor::Excitatory ? target.ringE : target.ringI;
    if (projection.maxDelaySteps() > ring.maxDelaySteps())
        ring = DelayRing(target.size, projection.maxDelaySteps());
    m_projections.push_back({from, to, receptor, std::move(projection), std::nullopt, nullptr});
    return int(m_projections.size()) - 1;
}

void Network::setBias(int population, double mV)
{
    if (population < 0 || population >= populationCount())
        throw std::invalid_argument("bias for population " + std::to_string(population) + ", but the network has " +
                                    std::to_string(populationCount()));
    if (m_populations[std::size_t(population)].kind != PopulationKind::Lif)
        throw std::invalid_argument("population '" + m_populations[std::size_t(population)].name +
                                    "' is not a LIF population (a bias is defined for LIF cells only)");
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
        std::fill(pop.m.begin(), pop.m.end(), 0.0f);
        std::fill(pop.h.begin(), pop.h.end(), 0.0f);
        std::fill(pop.n.begin(), pop.n.end(), 0.0f);
        std::fill(pop.refractoryLeft.begin(), pop.refractoryLeft.end(), 0);
        pop.spiked.clear();
        pop.ringE.clear();
        pop.ringI.clear();
    }
    for (Population& pop : m_populations)
        if (pop.kind == PopulationKind::SpikeTrain)
            pop.trains.rewind();
    m_random.reseed(m_seed);
    for (Connection& c : m_projections) {
        if (c.stp)
            c.stp->reset();
        if (c.rule)
            c.rule->prepare(c.projection, m_dt);
    }
    for (RateMonitor& m : m_rateMonitors)
        m.clear();
    for (StateMonitor& m : m_stateMonitors)
        m.clear();
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
// Only with GCC on x86-64 and outside sanitizer builds: a clone is chosen by an ifunc resolver that runs before the
// sanitizer runtime is ready, which crashed every ThreadSanitizer test binary at start-up.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define NEUROAI_LIF_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NEUROAI_LIF_CLONES
#endif

NEUROAI_LIF_CLONES
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
NEUROAI_LIF_CLONES
void addDue(float* __restrict g, float* __restrict due, int n)
{
    for (int j = 0; j < n; ++j) {
        g[j] += due[j];
        due[j] = 0.0f;
    }
}

// Adds a spiking neuron's row of weights to its targets (scaled by a release under short-term plasticity): the scatter at the heart of event-driven
// propagation.
inline void scatterRow(float* __restrict into, const int* __restrict targets, const float* __restrict weights,
                       std::int64_t begin, std::int64_t end)
{
    for (std::int64_t s = begin; s < end; ++s)
        into[targets[s]] += weights[s];
}

inline void scatterRowScaled(float* __restrict into, const int* __restrict targets, const float* __restrict weights,
                             std::int64_t begin, std::int64_t end, float scale)
{
    for (std::int64_t s = begin; s < end; ++s)
        into[targets[s]] += weights[s] * scale;
}

}  // namespace

void Network::integrateLif(Population& pop)
{
    // Block by block: a block small enough to stay in the first-level cache is integrated by the vectorised loop,
    // which also says whether any of its cells crossed, and only then is it scanned for the (rare) spiking cells.
    constexpr int kBlock = 256;
    pop.spiked.clear();
    const int n = pop.size;
    const float threshold = pop.vThreshold;
    for (int base = 0; base < n; base += kBlock) {
        const int count = std::min(kBlock, n - base);
        float* v = pop.v.data() + base;
        if (integrateLifBlock(v, pop.ge.data() + base, pop.gi.data() + base, pop.refractoryLeft.data() + base, count,
                              pop.decayM, pop.decayE, pop.decayI, pop.fromE, pop.fromI, pop.vRest + pop.bias,
                              threshold)) [[unlikely]] {
            for (int j = 0; j < count; ++j)
                if (v[j] > threshold)
                    pop.spiked.push_back(base + j);
        }
    }
}

void Network::step()
{
    // 1. Integrate over dt and 2. threshold (cell populations, by their kind), or emit (input populations): once per
    // population.
    for (std::size_t p = 0; p < m_populations.size(); ++p) {
        Population& pop = m_populations[p];
        switch (pop.kind) {
        case PopulationKind::Lif:
            integrateLif(pop);
            break;
        case PopulationKind::Poisson:
            pop.spiked.clear();
            pop.poisson.fire(m_random, pop.spiked);
            break;
        case PopulationKind::SpikeTrain:
            pop.spiked.clear();
            pop.trains.fire(m_steps, pop.spiked);
            break;
        case PopulationKind::HodgkinHuxley:
            integrateHh(pop);
            break;
        }
        m_spikeCount += pop.spiked.size();
        if (m_record)
            for (const int j : pop.spiked)
                m_spikeRecord.push_back({m_steps, int(p), j});
    }
    // Learning rules see this step's spikes of every population before they are delivered, so weights they change
    // apply to this step's delivery (SpikeRule.h). One virtual call per rule and step.
    for (Connection& c : m_projections)
        if (c.rule)
            c.rule->step(c.projection, m_populations[std::size_t(c.from)].spiked,
                         m_populations[std::size_t(c.to)].spiked);
    // 3. Deliver spikes through the projections. Without delay a spike's weight goes straight into the target's
    // ge or gi (they were integrated already, so this is the same as adding it at the end of the step); with delays
    // it waits in the target's ring. With short-term plasticity every synapse of a spiking neuron delivers w·u·x,
    // its release u·x computed once per spike (the neuron's synapses share it).
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
        const std::vector<int>& spiked = source.spiked;
        const std::size_t count = spiked.size();
        if (proj.uniformDelay()) {
            const int delay = proj.synapseCount() > 0 ? proj.delays()[0] : 0;
            float* into = delay == 0 ? (excitatory ? target.ge.data() : target.gi.data()) : ring.slot(delay);
            // A spiking neuron's row is almost never in cache: ask for the next spike's row while this one is added.
            for (std::size_t k = 0; k < count; ++k) {
                if (k + 1 < count) {
                    const std::int64_t next = proj.rowBegin(spiked[k + 1]);
                    __builtin_prefetch(targets + next);
                    __builtin_prefetch(weights + next);
                }
                const int i = spiked[k];
                const std::int64_t begin = proj.rowBegin(i), end = proj.rowEnd(i);
                if (c.stp)
                    scatterRowScaled(into, targets, weights, begin, end, float(c.stp->spike(i, m_steps)));
                else
                    scatterRow(into, targets, weights, begin, end);
                m_events += std::uint64_t(end - begin);
            }
        } else {
            const std::uint16_t* delays = proj.delays().data();
            for (std::size_t k = 0; k < count; ++k) {
                if (k + 1 < count) {
                    const std::int64_t next = proj.rowBegin(spiked[k + 1]);
                    __builtin_prefetch(targets + next);
                    __builtin_prefetch(weights + next);
                    __builtin_prefetch(delays + next);
                }
                const int i = spiked[k];
                const float release = c.stp ? float(c.stp->spike(i, m_steps)) : 1.0f;
                const std::int64_t begin = proj.rowBegin(i), end = proj.rowEnd(i);
                for (std::int64_t s = begin; s < end; ++s)
                    ring.add(delays[s], targets[s], weights[s] * release);
                m_events += std::uint64_t(end - begin);
            }
        }
    }
    // 4. What the rings hold for now enters ge/gi (only rings that delayed projections write to; a ring of a single
    // slot is never written); 5. reset the cells that spiked. Input populations receive nothing and have nothing to
    // reset.
    for (Population& pop : m_populations) {
        if (isInputPopulation(pop.kind))
            continue;
        if (pop.ringE.maxDelaySteps() > 0) {
            addDue(pop.ge.data(), pop.ringE.current(), pop.size);
            pop.ringE.advance();
        }
        if (pop.ringI.maxDelaySteps() > 0) {
            addDue(pop.gi.data(), pop.ringI.current(), pop.size);
            pop.ringI.advance();
        }
        // An HH cell has no reset: it only becomes refractory.
        const bool reset = pop.kind == PopulationKind::Lif;
        for (const int j : pop.spiked) {
            if (reset)
                pop.v[std::size_t(j)] = pop.vReset;
            pop.refractoryLeft[std::size_t(j)] = pop.refractorySteps;
        }
    }
    ++m_steps;
    // Monitors: nothing to do when there are none.
    if (!m_rateMonitors.empty())
        for (RateMonitor& m : m_rateMonitors)
            m.record(m_populations[std::size_t(m.population())].spiked.size());
    if (!m_stateMonitors.empty())
        for (StateMonitor& m : m_stateMonitors) {
            if (m_steps % m.everySteps() != 0)
                continue;
            const Population& pop = m_populations[std::size_t(m.population())];
            switch (m.variable()) {
            case StateVariable::V:
                m.sample(timeMs(), pop.v);
                break;
            case StateVariable::Ge:
                m.sample(timeMs(), pop.ge);
                break;
            case StateVariable::Gi:
                m.sample(timeMs(), pop.gi);
                break;
            }
        }
}

}  // namespace neuroai::network
