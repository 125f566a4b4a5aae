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
    m_steps = 0;
    m_spikeCount = 0;
    m_events = 0;
    m_spikeRecord.clear();
}

// Integrates a LIF population exactly over dt, then thresholds it. The integration loop has no branch and no call, so
// the compiler vectorises it; the threshold scan is a separate, cheap pass (spikes are rare).
void Network::integrateLif(Population& pop)
{
    float* __restrict v = pop.v.data();
    float* __restrict ge = pop.ge.data();
    float* __restrict gi = pop.gi.data();
    int* __restrict left = pop.refractoryLeft.data();
    const float decayM = pop.decayM, decayE = pop.decayE, decayI = pop.decayI, fromE = pop.fromE, fromI = pop.fromI,
                rest = pop.vRest;
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
    // 1. Integrate over dt; 2. threshold: once per population, by its kind.
    for (std::size_t p = 0; p < m_populations.size(); ++p) {
        Population& pop = m_populations[p];
        switch (pop.kind) {
        case PopulationKind::Lif:
            integrateLif(pop);
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
        if (proj.uniformDelay()) {
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
    // spiked.
    for (Population& pop : m_populations) {
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
        // An HH cell has no reset: it only becomes refractory.
        const bool reset = pop.kind == PopulationKind::Lif;
        for (const int j : pop.spiked) {
            if (reset)
                pop.v[std::size_t(j)] = pop.vReset;
            pop.refractoryLeft[std::size_t(j)] = pop.refractorySteps;
        }
    }
    ++m_steps;
}

}  // namespace neuroai::network
