#include "engine/models/PoissonPopulation.h"

#include <cmath>
#include <limits>

namespace neuroai {

PoissonPopulation::PoissonPopulation()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> PoissonPopulation::specs() const
{
    return {
        ParamSpec{"n", "Neurons N", "", 1, 1'000'000, 1000, Scale::Log, "Number of independent spike trains.", 0}
            .asInteger()
            .asRestartingRun(),
        {"rate_hz", "Rate r", "Hz", 0, 500, 10, Scale::Linear, "Mean firing rate of every neuron.", 2},
        {"dt", "Time step dt", "ms", 0.01, 1, 0.1, Scale::Log, "Each neuron fires at most once per step.", 3},
    };
}

std::vector<ChannelInfo> PoissonPopulation::channels() const
{
    return {{"rate", "Population rate", "Hz"}};
}

void PoissonPopulation::applyParameters(const ParamSet& p)
{
    m_n = int(std::lround(p["n"]));
    const double previousDt = m_dt;
    m_dt = p["dt"];
    m_p = -std::expm1(-p["rate_hz"] / 1000.0 * m_dt);
    m_logOneMinusP = std::log1p(-m_p);
    if (m_dt != previousDt && m_steps > 0)  // keep the clock continuous across a change of step
        m_steps = long(std::llround(double(m_steps) * previousDt / m_dt));
}

void PoissonPopulation::reset(std::uint64_t seed)
{
    m_random.reseed(seed);
    m_steps = 0;
    m_spikes = 0;
}

void PoissonPopulation::advance(long steps, TraceSink& sink)
{
    double value = 0;
    for (long s = 0; s < steps; ++s) {
        const double t0 = double(m_steps) * m_dt;
        long count = 0;
        if (m_p > 0) {
            // Next firing index: skip a Geometric(p) number of silent neurons (p = 1: every neuron fires).
            long neuron = -1;
            for (;;) {
                const double gap = m_p >= 1 ? 0.0 : std::floor(std::log(1.0 - m_random.uniform()) / m_logOneMinusP);
                if (!(gap < double(m_n)))
                    break;
                neuron += 1 + long(gap);
                if (neuron >= m_n)
                    break;
                sink.spike(t0 + m_random.uniform() * m_dt, int(neuron));
                ++count;
            }
        }
        ++m_steps;
        m_spikes += std::uint64_t(count);
        value = double(count) / (double(m_n) * m_dt) * 1000.0;
        sink.sample(double(m_steps) * m_dt, std::span<const double>(&value, 1));
    }
}

std::map<std::string, double> PoissonPopulation::metrics() const
{
    const double t = timeMs();
    return {{"spike_count", double(m_spikes)},
            {"mean_rate_hz", t > 0 ? double(m_spikes) / double(m_n) / t * 1000.0 : 0.0}};
}

}  // namespace neuroai
