#include "engine/network/Inputs.h"

#include "engine/network/ExactNumber.h"

#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace neuroai::network {

PoissonSource::PoissonSource(int size, double rateHz, double dtMs)
    : m_size(size)
    , m_dt(dtMs)
{
    if (size < 0)
        throw std::invalid_argument("Poisson population size must be non-negative (got " + std::to_string(size) + ")");
    m_rate.assign(std::size_t(size), 0.0f);
    setRate(rateHz);
}

void PoissonSource::checkRate(double rateHz, int neuron) const
{
    const double maxRate = 1000.0 / m_dt;
    if (!std::isfinite(rateHz) || rateHz < 0.0 || rateHz > maxRate)
        throw std::invalid_argument("rate " + (neuron >= 0 ? "of neuron " + std::to_string(neuron) + " " : "") +
                                    exactNumber(rateHz) + " Hz is outside [0, 1/dt = " + exactNumber(maxRate) + " Hz]");
}

void PoissonSource::setRate(double rateHz)
{
    checkRate(rateHz, -1);
    std::fill(m_rate.begin(), m_rate.end(), float(rateHz));
    update();
}

void PoissonSource::setRates(const std::vector<float>& ratesHz)
{
    if (ratesHz.size() != m_rate.size())
        throw std::invalid_argument("rates: " + std::to_string(ratesHz.size()) + " values for " +
                                    std::to_string(m_rate.size()) + " neurons");
    for (std::size_t j = 0; j < ratesHz.size(); ++j)
        checkRate(double(ratesHz[j]), int(j));
    m_rate = ratesHz;
    update();
}

void PoissonSource::update()
{
    m_maxRate = m_rate.empty() ? 0.0f : *std::max_element(m_rate.begin(), m_rate.end());
    m_uniform = std::all_of(m_rate.begin(), m_rate.end(), [&](float r) { return r == m_maxRate; });
    // A float rate within the limit can exceed it by a rounding of the float conversion; clamp the probability.
    m_maxProbability = std::min(1.0, double(m_maxRate) * m_dt / 1000.0);
    m_logMiss = m_maxProbability < 1.0 ? std::log1p(-m_maxProbability) : 0.0;
}

void PoissonSource::fire(Random& random, std::vector<int>& spiked) const
{
    if (m_maxProbability <= 0.0 || m_size == 0)
        return;
    const double maxRate = double(m_maxRate);
    const float* rate = m_rate.data();
    auto keep = [&](int j) { return m_uniform || random.uniform() * maxRate < double(rate[j]); };
    if (m_maxProbability >= 1.0) {
        // Every neuron is a candidate (the gap is always 0): no logs.
        for (int j = 0; j < m_size; ++j)
            if (keep(j))
                spiked.push_back(j);
        return;
    }
    long long j = -1;
    const double remainingLimit = double(m_size);
    for (;;) {
        // Failures before the next success of Bernoulli(p_max) trials: floor(ln U / ln(1 − p)), U uniform in (0, 1].
        const double u = 1.0 - random.uniform();
        const double gap = std::floor(std::log(u) / m_logMiss);
        if (double(j) + 1.0 + gap >= remainingLimit)
            break;
        j += 1 + (long long)gap;
        if (keep(int(j)))
            spiked.push_back(int(j));
    }
}

SpikeTrainSource::SpikeTrainSource(const std::string& name, int size,
                                   const std::vector<std::vector<double>>& timesMs, double dtMs)
{
    if (size < 0)
        throw std::invalid_argument("spike-train population '" + name + "' has a negative size (" +
                                    std::to_string(size) + ")");
    if (timesMs.size() != std::size_t(size))
        throw std::invalid_argument("spike-train population '" + name + "': " + std::to_string(timesMs.size()) +
                                    " trains for " + std::to_string(size) + " neurons");
    // Steps beyond 2^53 would lose whole steps in the double conversion; no simulation runs that long.
    const double lastStep = 0x1.0p53;
    std::vector<std::pair<std::int64_t, int>> events;
    for (int j = 0; j < size; ++j) {
        std::vector<double> times = timesMs[std::size_t(j)];
        for (const double t : times)
            if (!std::isfinite(t) || t < 0.0 || t / dtMs >= lastStep)
                throw std::invalid_argument("spike-train population '" + name + "': neuron " + std::to_string(j) +
                                            " has a spike time of " + exactNumber(t) +
                                            " ms (times must be finite and non-negative)");
        std::sort(times.begin(), times.end());
        std::int64_t previous = -1;
        double previousTime = 0.0;
        for (const double t : times) {
            const auto k = std::int64_t(std::floor(t / dtMs + 1e-6));
            if (k == previous)
                throw std::invalid_argument("spike-train population '" + name + "': neuron " + std::to_string(j) +
                                            " has two spikes in step " + std::to_string(k) + " (" +
                                            exactNumber(previousTime) + " and " + exactNumber(t) + " ms at dt " +
                                            exactNumber(dtMs) + " ms)");
            events.emplace_back(k, j);
            previous = k;
            previousTime = t;
        }
    }
    std::sort(events.begin(), events.end());
    m_step.reserve(events.size());
    m_neuron.reserve(events.size());
    for (const auto& [k, j] : events) {
        m_step.push_back(k);
        m_neuron.push_back(j);
    }
}

void SpikeTrainSource::fire(std::int64_t step, std::vector<int>& spiked)
{
    const std::size_t n = m_step.size();
    while (m_cursor < n && m_step[m_cursor] < step)
        ++m_cursor;
    while (m_cursor < n && m_step[m_cursor] == step)
        spiked.push_back(m_neuron[m_cursor++]);
}

}  // namespace neuroai::network
