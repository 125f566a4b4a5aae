#include "engine/plasticity/SongMillerAbbott.h"

#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

namespace {

const SongMillerAbbottParameters& validated(const SongMillerAbbottParameters& p)
{
    auto positive = [](const char* name, double value) {
        if (!std::isfinite(value) || value <= 0)
            throw std::invalid_argument(std::string(name) + " must be a positive number (got " +
                                        std::to_string(value) + ")");
    };
    auto finite = [](const char* name, double value) {
        if (!std::isfinite(value))
            throw std::invalid_argument(std::string(name) + " must be finite");
    };
    if (p.excitatory <= 0)
        throw std::invalid_argument("excitatory must be positive (got " + std::to_string(p.excitatory) + ")");
    if (p.inhibitory < 0)
        throw std::invalid_argument("inhibitory must not be negative (got " + std::to_string(p.inhibitory) + ")");
    positive("tauMMs", p.tauMMs);
    positive("tauExMs", p.tauExMs);
    positive("tauInMs", p.tauInMs);
    positive("gMax", p.gMax);
    positive("dtMs", p.dtMs);
    positive("rateWindowMs", p.rateWindowMs);
    positive("aMinusRatio", p.aMinusRatio);
    finite("vRest", p.vRest);
    finite("vThreshold", p.vThreshold);
    finite("vReset", p.vReset);
    finite("eEx", p.eEx);
    finite("eIn", p.eIn);
    if (!(p.vReset < p.vThreshold))
        throw std::invalid_argument("vReset (" + std::to_string(p.vReset) + ") must lie below vThreshold (" +
                                    std::to_string(p.vThreshold) + ")");
    if (!std::isfinite(p.gIn) || p.gIn < 0)
        throw std::invalid_argument("gIn must be a non-negative number (got " + std::to_string(p.gIn) + ")");
    if (!std::isfinite(p.aPlus) || p.aPlus < 0)
        throw std::invalid_argument("aPlus must be a non-negative number (got " + std::to_string(p.aPlus) + ")");
    if (!(p.correlatedFraction >= 0 && p.correlatedFraction <= 1))
        throw std::invalid_argument("correlatedFraction must lie in [0, 1] (got " +
                                    std::to_string(p.correlatedFraction) + ")");
    if (!(p.initialLow >= 0 && p.initialLow <= p.initialHigh && p.initialHigh <= 1))
        throw std::invalid_argument("initialLow, initialHigh must satisfy 0 <= low <= high <= 1 (got " +
                                    std::to_string(p.initialLow) + ", " + std::to_string(p.initialHigh) + ")");
    return p;
}

PairStdpParameters stdpParameters(const SongMillerAbbottParameters& p)
{
    PairStdpParameters s;
    s.aPlus = p.aPlus * p.gMax;
    s.aMinus = p.aPlus * p.aMinusRatio * p.gMax;
    s.tauPlusMs = p.tauPlusMs;
    s.tauMinusMs = p.tauMinusMs;
    s.wMax = p.gMax;
    s.dependence = WeightDependence::Additive;
    s.pairing = Pairing::AllToAll;
    return s;
}

// The first group: the correlated inputs, or all of them when every input shares the correlation (or none is
// correlated). At least one, as PoissonInputs needs; round(fraction·N) = 0 with c > 0 leaves one correlated input,
// which, alone, is simply an independent train.
int correlatedCount(const SongMillerAbbottParameters& p)
{
    if (p.correlation == 0.0 || p.correlatedFraction >= 1.0)
        return p.excitatory;
    return std::max(1, int(std::lround(p.correlatedFraction * p.excitatory)));
}

}  // namespace

SongMillerAbbott::SongMillerAbbott(const SongMillerAbbottParameters& parameters, std::uint64_t seed)
    : m_p(validated(parameters)),
      m_projection(network::Projection::fromList(m_p.excitatory, 1, network::allToAll(m_p.excitatory, 1, 0.0f))),
      m_stdp(stdpParameters(m_p)),
      m_excitatory(correlatedCount(m_p), m_p.excitatoryRateHz, m_p.dtMs, seed, m_p.correlation),
      m_inhibitory(std::max(1, m_p.inhibitory), m_p.inhibitoryRateHz, m_p.dtMs, seed),
      m_correlatedCount(correlatedCount(m_p))
{
    if (m_correlatedCount < m_p.excitatory)
        m_independent = std::make_unique<PoissonInputs>(m_p.excitatory - m_correlatedCount, m_p.excitatoryRateHz,
                                                        m_p.dtMs, seed);
    m_decayM = std::exp(-m_p.dtMs / m_p.tauMMs);
    m_decayEx = std::exp(-m_p.dtMs / m_p.tauExMs);
    m_decayIn = std::exp(-m_p.dtMs / m_p.tauInMs);
    // Mean of g·e^{−s/τ} over s ∈ [0, dt], per unit g.
    m_meanEx = m_p.tauExMs * (1 - m_decayEx) / m_p.dtMs;
    m_meanIn = m_p.tauInMs * (1 - m_decayIn) / m_p.dtMs;
    reset(seed);
}

void SongMillerAbbott::reset(std::uint64_t seed)
{
    // Independent streams for the weights and the two input populations, from one seed.
    Random random(seed);
    for (float& w : m_projection.weights())
        w = float(m_p.gMax * (m_p.initialLow + (m_p.initialHigh - m_p.initialLow) * random.uniform()));
    m_excitatory.reseed(random.bits());
    m_inhibitory.reseed(random.bits());
    if (m_independent)  // drawn last, so runs with one group keep their streams
        m_independent->reseed(random.bits());
    m_stdp.prepare(m_projection, m_p.dtMs);
    m_v = m_p.vRest;
    m_gEx = m_gIn = 0;
    m_steps = 0;
    m_outputSpikes = 0;
    m_recentSpikes.clear();
}

void SongMillerAbbott::advance(double ms)
{
    if (!std::isfinite(ms) || ms < 0)
        throw std::invalid_argument("advance: ms must be a non-negative number (got " + std::to_string(ms) + ")");
    const auto steps = std::int64_t(std::llround(ms / m_p.dtMs));
    for (std::int64_t s = 0; s < steps; ++s)
        step();
    const auto window = std::int64_t(std::llround(m_p.rateWindowMs / m_p.dtMs));
    while (!m_recentSpikes.empty() && m_recentSpikes.front() <= m_steps - window)
        m_recentSpikes.pop_front();
}

void SongMillerAbbott::step()
{
    // This step's excitatory spikes in increasing input index: the correlated group's, then the independent group's.
    const std::vector<int>* spikes = &m_excitatory.step();
    if (m_independent) {
        m_exSpikes.assign(spikes->begin(), spikes->end());
        for (const int i : m_independent->step())
            m_exSpikes.push_back(m_correlatedCount + i);
        spikes = &m_exSpikes;
    }
    const std::vector<int>& exSpikes = *spikes;
    const std::size_t inSpikes = m_p.inhibitory > 0 ? m_inhibitory.step().size() : 0;

    // V over the step with the conductances' mean over it: τm dV/dt = −(1 + g)(V − V∞).
    const double gEx = m_gEx * m_meanEx, gIn = m_gIn * m_meanIn, total = 1 + gEx + gIn;
    const double vInf = (m_p.vRest + gEx * m_p.eEx + gIn * m_p.eIn) / total;
    m_v = vInf + (m_v - vInf) * std::exp(-m_p.dtMs * total / m_p.tauMMs);
    m_gEx *= m_decayEx;
    m_gIn *= m_decayIn;

    m_post.clear();
    if (m_v >= m_p.vThreshold) {
        m_v = m_p.vReset;
        m_post.push_back(0);
        ++m_outputSpikes;
        m_recentSpikes.push_back(m_steps);
    }
    m_stdp.step(m_projection, exSpikes, m_post);

    const std::vector<float>& w = m_projection.weights();  // one synapse per input: synapse index = input index
    for (const int i : exSpikes)
        m_gEx += double(w[std::size_t(i)]);
    m_gIn += m_p.gIn * double(inSpikes);
    ++m_steps;
}

std::vector<int> SongMillerAbbott::histogram(int bins) const
{
    if (bins <= 0)
        throw std::invalid_argument("bins must be positive (got " + std::to_string(bins) + ")");
    std::vector<int> counts(std::size_t(bins), 0);
    for (const float w : m_projection.weights()) {
        const int b = std::min(bins - 1, int(double(w) / m_p.gMax * bins));
        ++counts[std::size_t(std::max(0, b))];
    }
    return counts;
}

double SongMillerAbbott::outputRateHz() const
{
    if (m_steps == 0)
        return 0.0;
    const double spanMs = std::min(m_p.rateWindowMs, timeMs());
    return double(m_recentSpikes.size()) * 1000.0 / spanMs;
}

}  // namespace neuroai::plasticity
