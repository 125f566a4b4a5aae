#include "engine/network/Monitors.h"

#include "engine/network/ExactNumber.h"

#include "engine/network/Projection.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace neuroai::network {

RateMonitor::RateMonitor(int population, int populationSize, int binSteps, double dtMs)
    : m_population(population)
    , m_size(populationSize)
    , m_binSteps(binSteps)
    , m_dt(dtMs)
{
    if (binSteps < 1)
        throw std::invalid_argument("rate monitor: bin of " + std::to_string(binSteps) + " steps (must be ≥ 1)");
    if (populationSize < 1)
        throw std::invalid_argument("rate monitor: population " + std::to_string(population) +
                                    " has no neurons to take a rate of");
}

std::vector<double> RateMonitor::ratesHz() const
{
    const double perSpike = 1000.0 / (double(m_size) * binWidthMs());
    std::vector<double> rates;
    rates.reserve(m_counts.size());
    for (const std::uint64_t c : m_counts)
        rates.push_back(double(c) * perSpike);
    return rates;
}

void RateMonitor::discardRecorded()
{
    m_firstBin += std::int64_t(m_counts.size());
    m_counts.clear();
}

void RateMonitor::clear()
{
    m_counts.clear();
    m_pending = 0;
    m_stepsInBin = 0;
    m_firstBin = 0;
}

const char* stateVariableName(StateVariable variable)
{
    switch (variable) {
    case StateVariable::V:
        return "v";
    case StateVariable::Ge:
        return "ge";
    case StateVariable::Gi:
        return "gi";
    }
    return "?";
}

StateMonitor::StateMonitor(int population, StateVariable variable, std::vector<int> neurons, int everySteps)
    : m_population(population)
    , m_variable(variable)
    , m_neurons(std::move(neurons))
    , m_every(everySteps)
{
    if (everySteps < 1)
        throw std::invalid_argument("state monitor: every " + std::to_string(everySteps) +
                                    " steps (must be ≥ 1)");
}

std::vector<float> StateMonitor::trace(std::size_t i) const
{
    std::vector<float> out;
    out.reserve(m_times.size());
    for (std::size_t k = 0; k < m_times.size(); ++k)
        out.push_back(value(k, i));
    return out;
}

void StateMonitor::clear()
{
    m_times.clear();
    m_values.clear();
}

WeightHistogram weightHistogram(const Projection& projection, double lo, double hi, int bins)
{
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
        throw std::invalid_argument("weight histogram: range [" + exactNumber(lo) + ", " + exactNumber(hi) +
                                    "] must be finite with lo < hi");
    if (bins < 1 || bins > 1'000'000)
        throw std::invalid_argument("weight histogram: " + std::to_string(bins) + " bins (must be 1 to 1000000)");
    WeightHistogram h;
    h.lo = lo;
    h.hi = hi;
    h.counts.assign(std::size_t(bins), 0);
    const double scale = double(bins) / (hi - lo);
    for (const float w : projection.weights()) {
        const double x = double(w);
        if (x < lo)
            ++h.below;
        else if (x > hi)
            ++h.above;
        else  // x == hi falls in the last bin
            ++h.counts[std::size_t(std::min(bins - 1, int(std::floor((x - lo) * scale))))];
    }
    return h;
}

WeightMatrix weightMatrix(const Projection& projection, Duplicates duplicates, std::int64_t maxCells)
{
    const std::int64_t cells = std::int64_t(projection.preCount()) * std::int64_t(projection.postCount());
    if (cells > maxCells)
        throw std::invalid_argument("weight matrix of " + std::to_string(projection.preCount()) + " × " +
                                    std::to_string(projection.postCount()) + " = " + std::to_string(cells) +
                                    " cells exceeds the limit of " + std::to_string(maxCells) +
                                    "; show a weight histogram or a smaller projection instead");
    WeightMatrix m;
    m.rows = projection.preCount();
    m.columns = projection.postCount();
    std::vector<double> sum(std::size_t(cells), 0.0);
    std::vector<int> count(std::size_t(cells), 0);
    const std::vector<int>& targets = projection.targets();
    const std::vector<float>& weights = projection.weights();
    for (int i = 0; i < m.rows; ++i)
        for (std::int64_t s = projection.rowBegin(i); s < projection.rowEnd(i); ++s) {
            const std::size_t cell = std::size_t(i) * std::size_t(m.columns) + std::size_t(targets[std::size_t(s)]);
            sum[cell] += double(weights[std::size_t(s)]);
            ++count[cell];
        }
    m.values.assign(std::size_t(cells), std::numeric_limits<float>::quiet_NaN());
    for (std::size_t c = 0; c < sum.size(); ++c)
        if (count[c] > 0)
            m.values[c] = float(duplicates == Duplicates::Mean ? sum[c] / count[c] : sum[c]);
    return m;
}

}  // namespace neuroai::network
