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
    if (pop.kind != PopulationKind::Lif)
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
    if (target.kind != PopulationKind::Lif)
        throw std::invalid_argument("population '" + target.name +
                                    "' is an input population and cannot be a projection's target");
    DelayRing& ring = receptor == Receptor::Excitatory ? target.ringE : target.ringI;
    if (projection.maxDelaySteps() > ring.maxDelaySteps())
        ring = DelayRing(target.size, projection.maxDelaySteps());
    m_projections.push_back({from, to, receptor, std::move(projection), std::nullopt, nullptr});
    return int(m_projections.size()) - 1;
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

void Network::integrateLif(Population& pop)
{
    // The integration loop has no branch and no call, so the compiler vectorises it; the threshold scan is a
    // separate, cheap pass (spikes are rare).
    float* __restrict v = pop.v.data();
    float* __restrict ge = pop.ge.data();
    float* __restrict gi = pop.gi.data();
    int* __restrict left = pop.refractoryLeft.data();
    const float decayM = pop.decayM, decayE = pop.decayE, decayI = pop.decayI, fromE = pop.fromE,
                fromI = pop.fromI, rest = pop.vRest;
    const int n = pop.size;
    for (int j = 0; j < n; ++j) {
        const float integrated = rest + (v[j] - rest) * decayM + ge[j] * fromE + gi[j] * fromI;
        const int remaining = std::max(left[j] - 1, 0);
        left[j] = remaining;
        v[j] = remaining > 0 ? v[j] : integrated;
        ge[j] *= decayE;
        gi[j] *= decayI;
    }
    pop.spiked.clear();
    const float threshold = pop.vThreshold;
    for (int j = 0; j < n; ++j)
        if (v[j] > threshold) [[unlikely]]
            pop.spiked.push_back(j);
}

void Network::step()
{
    // 1. Integrate exactly over dt; 2. threshold (cell populations), or emit (input populations).
    for (std::size_t p = 0; p < m_populations.size(); ++p) {
        Population& pop = m_populations[p];
        switch (pop.kind) {
        case PopulationKind::Lif:
            integrateLif(pop);
            break;
        case PopulationKind::Poisson:
            pop.spiked.clear();
            pop.poisson.emit(m_random, pop.spiked);
            break;
        case PopulationKind::SpikeTrain:
            pop.spiked.clear();
            pop.trains.emit(m_steps, pop.spiked);
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
    // 3. Deliver spikes through the projections into the target rings.
    for (Connection& c : m_projections) {
        const Population& source = m_populations[std::size_t(c.from)];
        if (source.spiked.empty())
            continue;
        Population& target = m_populations[std::size_t(c.to)];
        DelayRing& ring = c.receptor == Receptor::Excitatory ? target.ringE : target.ringI;
        const Projection& proj = c.projection;
        const int* targets = proj.targets().data();
        const float* weights = proj.weights().data();
        if (c.stp) {
            // Short-term plasticity: every synapse of a spiking neuron delivers w·u·x, its release u·x computed
            // once per spike (the neuron's synapses share it).
            const std::uint16_t* delays = proj.delays().data();
            for (const int i : source.spiked) {
                const float release = float(c.stp->spike(i, m_steps));
                const std::int64_t end = proj.rowEnd(i);
                for (std::int64_t s = proj.rowBegin(i); s < end; ++s)
                    ring.add(delays[s], targets[s], weights[s] * release);
                m_events += std::uint64_t(end - proj.rowBegin(i));
            }
        } else if (proj.uniformDelay()) {
            float* slot = ring.slot(proj.synapseCount() > 0 ? proj.delays()[0] : 0);
            for (const int i : source.spiked) {
                const std::int64_t end = proj.rowEnd(i);
                for (std::int64_t s = proj.rowBegin(i); s < end; ++s)
                    slot[targets[s]] += weights[s];
                m_events += std::uint64_t(end - proj.rowBegin(i));
            }
        } else {
            const std::uint16_t* delays = proj.delays().data();
            for (const int i : source.spiked) {
                const std::int64_t end = proj.rowEnd(i);
                for (std::int64_t s = proj.rowBegin(i); s < end; ++s)
                    ring.add(delays[s], targets[s], weights[s]);
                m_events += std::uint64_t(end - proj.rowBegin(i));
            }
        }
    }
    // 4. What is due now enters ge/gi, and its slots are emptied for reuse in the same pass; 5. reset the cells that
    // spiked. Input populations receive nothing and have nothing to reset.
    for (Population& pop : m_populations) {
        if (pop.kind != PopulationKind::Lif)
            continue;
        float* __restrict inE = pop.ringE.current();
        float* __restrict inI = pop.ringI.current();
        float* __restrict ge = pop.ge.data();
        float* __restrict gi = pop.gi.data();
        const int n = pop.size;
        for (int j = 0; j < n; ++j) {
            ge[j] += inE[j];
            gi[j] += inI[j];
            inE[j] = 0.0f;
            inI[j] = 0.0f;
        }
        pop.ringE.advance();
        pop.ringI.advance();
        for (const int j : pop.spiked) {
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
